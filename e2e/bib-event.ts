/**
 * An event for the bib e2e (e2e/bibs.spec.ts), made by e2e/prepare-db.ts: a 10K whose bibs are given in one batch,
 * with a reserved range, only five open numbers (so six confirmed runners leave one without a bib) and three waves
 * with predicted finish times and a size (wave A takes one runner; the second fastest overflows into B). The
 * runners register and pay through the same server functions as the public API and a payment webhook, in order,
 * so their waves come from their predicted finish times on confirmation.
 */
import { eq } from "drizzle-orm";
import { getConnection } from "../server/db";
import { CLI_ACTOR } from "../server/actor";
import { assignEventRole } from "../server/auth/users";
import { outboxDeliverySettled } from "../server/email/outbox";
import { createEvent } from "../server/events/manage-events";
import { confirmPayment } from "../server/payments/confirm-payment";
import { registerEntries } from "../server/registration/register";
import { eventDatesFrom } from "../scripts/event-dates";
import { residentId } from "../test/factories";
import { BIB_EVENT, BIB_RUNNERS } from "./fixtures";
import { first } from "../core/lists";



// About seven months ahead of the day the database is prepared, registration open now.
const dates = eventDatesFrom(new Date(), { daysAhead: 210, closesDaysBefore: 7 });
const eventInput = {
  slug: BIB_EVENT.slug,
  name: BIB_EVENT.name,
  date: dates.date,
  timezone: "Asia/Shanghai",
  venue: { en: "Olympic Park", zh: "奥林匹克公园" },
  city: { en: "Beijing", zh: "北京" },
  description: { en: "A 10 km with bibs given in one batch.", zh: "号码布统一分配的十公里。" },
  status: "published",
  registrationOpensAt: dates.registrationOpensAt,
  registrationClosesAt: dates.registrationClosesAt,
  races: [
    {
      slug: BIB_EVENT.race.slug,
      name: BIB_EVENT.race.name,
      distanceMeters: 10000,
      capacity: 100,
      currency: "CNY",
      priceCents: 5000,
      minAge: 16,
      maxAge: 80,
      startTime: dates.at("07:30"),
      rankBy: "net",
      bibStrategy: "batch",
      bibRanges: [
        { from: 1, to: 10, reserved: true, label: "Elite" },
        { from: 101, to: 105, reserved: false, label: null },
      ],
      waves: [
        { name: "A", startTime: dates.at("07:30"), minPredictedSeconds: null, maxPredictedSeconds: 2700, maxSize: 1 },
        { name: "B", startTime: dates.at("07:40"), minPredictedSeconds: 2700, maxPredictedSeconds: 3600, maxSize: null },
        { name: "C", startTime: dates.at("07:50"), minPredictedSeconds: 3600, maxPredictedSeconds: null, maxSize: null },
      ],
    },
  ],
};

export async function seedBibEvent(organizerId: string): Promise<void> {
  const event = await createEvent(CLI_ACTOR, eventInput);
  await assignEventRole(CLI_ACTOR, { userId: organizerId, eventId: event.id, role: "organizer" });
  const { db, schema } = getConnection();
  // Inside the registration window whatever today is.
  const opens = (event.registrationOpensAt?.getTime() ?? 0) + 60_000;
  const closes = (event.registrationClosesAt?.getTime() ?? Date.now() + 86_400_000) - 3_600_000;
  const start = Math.min(Math.max(Date.now(), opens), closes - 60_000);
  for (const [i, r] of BIB_RUNNERS.entries()) {
    const now = new Date(start + i * 1000);
    const participant = {
      race: BIB_EVENT.race.slug,
      familyName: r.familyName,
      givenName: r.givenName,
      latinName: r.latinName,
      gender: i % 2 ? "F" : "M",
      birthDate: r.birthDate,
      nationality: "CN",
      idType: "cn_resident_id",
      idNumber: residentId(r.birthDate, 41 + i, i % 2 === 1),
      phone: "+86 138 0013 8000",
      emergencyContact: { name: "王丽", phone: "+86 139 0000 0000" },
      tshirtSize: "M",
      predictedFinishSeconds: r.predicted,
    };
    const result = await registerEntries(
      BIB_EVENT.slug,
      { email: `bib-runner-${i + 1}@e2e.test`, locale: "zh", acceptTerms: true, participants: [participant] },
      { clientIp: `192.0.2.${50 + i}`, now },
    );
    const order = first(await db.select().from(schema.orders).where(eq(schema.orders.code, result.order.code)));
    await confirmPayment({ orderId: order.id, provider: "simulated", providerPaymentId: `sim_pay_${order.id}`, amountCents: order.totalCents, currency: order.currency, now });
  }
  // The confirmations' emails are on their way: let that finish before the connection closes.
  await outboxDeliverySettled();
}
