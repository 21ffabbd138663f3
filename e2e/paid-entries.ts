/**
 * Paid entries of the demo event, made while e2e/prepare-db.ts prepares the database: registered and paid through
 * the same server functions as the public API and a payment webhook, so the admin's entry list, entry pages and
 * outbox have data from the first request on (e2e/authorization.spec.ts opens an entry and one of its emails).
 */
import { eq } from "drizzle-orm";
import { getConnection } from "../server/db";
import { deliverOutbox } from "../server/email/outbox";
import { confirmPayment } from "../server/payments/confirm-payment";
import { registerEntries } from "../server/registration/register";
import { DEMO_EVENT_SLUG, PAID_RUNNERS } from "./fixtures";
import { first } from "../core/lists";


const adult = (r: { familyName: string; givenName: string; latinName: string; idNumber: string }, birthDate: string, gender: "M" | "F") => ({
  race: "half",
  familyName: r.familyName,
  givenName: r.givenName,
  latinName: r.latinName,
  gender,
  birthDate,
  nationality: "CN",
  idType: "cn_resident_id",
  idNumber: r.idNumber,
  phone: "+86 138 0013 8000",
  emergencyContact: { name: "王丽", phone: "+86 139 0000 0000" },
  tshirtSize: "M",
  predictedFinishSeconds: 7200,
});

export async function seedPaidEntries(): Promise<void> {
  const { db, schema } = getConnection();
  const event = first(await db.select().from(schema.events).where(eq(schema.events.slug, DEMO_EVENT_SLUG)));
  // Inside the registration window whatever today is, so the seed keeps working after the window closes.
  const opens = (event.registrationOpensAt?.getTime() ?? 0) + 60_000;
  const closes = (event.registrationClosesAt?.getTime() ?? Date.now() + 86_400_000) - 3_600_000;
  const now = new Date(Math.min(Math.max(Date.now(), opens), closes));
  const orders = [
    { email: PAID_RUNNERS.chen.email, participants: [adult(PAID_RUNNERS.chen, "1988-03-12", "F")] },
    {
      email: PAID_RUNNERS.liu.email,
      participants: [
        adult(PAID_RUNNERS.liu, "1984-09-02", "M"),
        {
          ...adult(PAID_RUNNERS.liuChild, "2017-07-21", "F"),
          race: "fun-run",
          tshirtSize: "130",
          predictedFinishSeconds: undefined,
          guardian: { name: "刘洋", phone: "+86 138 0013 8000", idNumber: PAID_RUNNERS.liu.idNumber, consent: true },
        },
      ],
    },
  ];
  for (const [i, o] of orders.entries()) {
    const result = await registerEntries(DEMO_EVENT_SLUG, { email: o.email, locale: "zh", acceptTerms: true, participants: o.participants }, { clientIp: `192.0.2.${10 + i}`, now });
    const order = first(await db.select().from(schema.orders).where(eq(schema.orders.code, result.order.code)));
    await confirmPayment({ orderId: order.id, provider: "simulated", providerPaymentId: `sim_pay_${order.id}`, amountCents: order.totalCents, currency: order.currency, now });
  }
  // Hand the confirmations to the mail server now (or leave them queued with the error, for the app's sweep), and
  // let any delivery already under way finish before the connection closes.
  await deliverOutbox();
  for (let i = 0; i < 50; i++) {
    const sending = await db.select({ id: schema.emailOutbox.id }).from(schema.emailOutbox).where(eq(schema.emailOutbox.status, "sending"));
    if (sending.length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
