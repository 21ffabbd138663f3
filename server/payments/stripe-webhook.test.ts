/**
 * Stripe end to end on both engines, through the real `stripe` SDK against test/fake-stripe.ts: checkout
 * creation at registration, and the webhook route handler itself fed signed events (duplicates, out of order,
 * late payments, delayed payment methods, refunds made in the Stripe dashboard, bad signatures).
 */
import { and, count, eq } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as registrationsPOST } from "../../app/api/v1/events/[event]/registrations/route";
import { POST } from "../../app/api/v1/webhooks/stripe/route";
import { getConnection } from "../db";
import { makeStaff, resetDatabase } from "../../test/db";
import { participant, registrationBody } from "../../test/factories";
import { FakeStripe } from "../../test/fake-stripe";
import { liveEventInput } from "../../test/live-event";
import { CLI_ACTOR } from "../actor";
import { outboxDeliverySettled } from "../email/outbox";
import { resetEnvForTests } from "../env";
import { DomainError } from "../errors";
import { createEvent } from "../events/manage-events";
import { takenSeats } from "../registration/holds";
import { orderAccessToken } from "../registration/order-access";
import { cancelPendingOrder } from "../registration/orders";
import { registerEntries } from "../registration/register";
import { runSweep } from "../sweep";
import { refundOrder } from "./refunds";
import { first, only, present } from "../../core/lists";

const SECRET = "whsec_finishlineTestSecret";
const SLUG = "live-half";
let fake: FakeStripe;

beforeAll(async () => {
  fake = await FakeStripe.start();
});

afterAll(async () => {
  await outboxDeliverySettled();
  await fake.close();
});

async function setup(capacity = 100) {
  await outboxDeliverySettled();
  await resetDatabase();
  fake.reset();
  Object.assign(process.env, { STRIPE_SECRET_KEY: "sk_test_finishline", STRIPE_WEBHOOK_SECRET: SECRET, STRIPE_API_BASE: fake.url, RATE_LIMIT_REGISTRATIONS_PER_MINUTE: "0" });
  delete process.env.SMTP_URL;
  resetEnvForTests();
  await createEvent(CLI_ACTOR, liveEventInput({ slug: SLUG, capacity }));
}

/** Registers one runner; `minutesAgo` moves the registration (and so its 15-minute hold) into the past. */
async function register(minutesAgo = 0, runner = participant()) {
  const result = await registerEntries(SLUG, registrationBody([runner], { locale: "en" }), { clientIp: "203.0.113.9", now: new Date(Date.now() - minutesAgo * 60_000) });
  const order = await orderOf(result.order.code);
  return { result, order, session: fake.sessionOf(result.order.code) };
}

async function orderOf(code: string) {
  const { db, schema } = getConnection();
  const order = first(await db.select().from(schema.orders).where(eq(schema.orders.code, code)));
  return order;
}

async function send(event: unknown, options: { signature?: string; body?: string } = {}) {
  const res = await POST(FakeStripe.webhookRequest(event, SECRET, options));
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function rows() {
  const { db, schema } = getConnection();
  return {
    payments: await db.select().from(schema.payments),
    refunds: await db.select().from(schema.refunds),
    emails: await db.select().from(schema.emailOutbox),
    events: await db.select().from(schema.providerEvents),
    audit: (await db.select().from(schema.auditLog)).map((a) => a.action),
  };
}

async function entryStatuses(orderId: string) {
  const { db, schema } = getConnection();
  return (await db.select().from(schema.registrations).where(eq(schema.registrations.orderId, orderId))).map((r) => r.status);
}

async function halfSeatsTaken() {
  const { db, schema } = getConnection();
  const race = first(await db.select().from(schema.races).where(eq(schema.races.slug, "half")));
  return (await takenSeats(db, [race.id], new Date())).get(race.id);
}

describe(`Stripe checkout and webhook on ${process.env.TEST_ENGINE}`, () => {
  beforeEach(() => setup());

  it("creates one Checkout Session per order at registration, then confirms the order from checkout.session.completed", async () => {
    const { result, order, session } = await register();
    expect(result.order.paymentUrl).toBe(session.url);
    expect(result.order.paymentUrl).toMatch(new RegExp(`^${fake.url}/pay/cs_test_`));
    const create = first(fake.requestsTo("POST /v1/checkout/sessions"));
    expect(create.idempotencyKey).toBe(`checkout:${order.id}`);
    expect(create.body).toMatchObject({
      mode: "payment",
      client_reference_id: order.code,
      metadata: { orderCode: order.code, orderId: order.id },
      customer_email: "runner@example.com",
      line_items: [{ quantity: "1", price_data: { currency: "cny", unit_amount: "12000" } }],
    });
    expect(order.providerSessionId).toBe(session.id);

    const paid = fake.complete(session.id);
    const res = await send(fake.event("checkout.session.completed", paid));
    expect(res).toEqual({ status: 200, body: { received: true, result: "processed" } });

    expect((await orderOf(order.code)).status).toBe("paid");
    expect(await entryStatuses(order.id)).toEqual(["confirmed"]);
    const r = await rows();
    expect(r.payments).toEqual([expect.objectContaining({ provider: "stripe", providerPaymentId: paid.payment_intent, amountCents: 12000, currency: "CNY", status: "confirmed" })]);
    expect(r.emails.map((e) => [e.template, e.toAddress])).toEqual([["confirmation", "runner@example.com"]]);
    expect(r.audit.filter((a) => a === "order.paid")).toHaveLength(1);
  });

  it("processes an event delivered three times (two at once) exactly once: one confirmation, one email", async () => {
    const { order, session } = await register();
    const event = fake.event("checkout.session.completed", fake.complete(session.id));
    const first = await Promise.all([send(event), send(event)]);
    const third = await send(event);
    const results = [...first, third].map((r) => [r.status, r.body.result]);
    expect(results.filter(([, result]) => result === "processed")).toHaveLength(1);
    expect(results.filter(([status, result]) => status === 200 && result === "duplicate")).toHaveLength(2);
    const r = await rows();
    expect(r.events).toHaveLength(1);
    expect(r.payments).toHaveLength(1);
    expect(r.emails).toHaveLength(1);
    expect(r.audit.filter((a) => a === "order.paid")).toHaveLength(1);
    expect((await orderOf(order.code)).status).toBe("paid");
  });

  it("keeps a paid order paid when checkout.session.expired arrives after completed; expires an unpaid one", async () => {
    const { order, session } = await register();
    await send(fake.event("checkout.session.completed", fake.complete(session.id)));
    const late = await send(fake.event("checkout.session.expired", { ...session, status: "expired", payment_status: "unpaid", payment_intent: null }));
    expect(late.status).toBe(200);
    expect((await orderOf(order.code)).status).toBe("paid");
    expect(await entryStatuses(order.id)).toEqual(["confirmed"]);

    const other = await register();
    expect(await halfSeatsTaken()).toBe(2);
    await send(fake.event("checkout.session.expired", fake.expire(other.session.id)));
    expect((await orderOf(other.order.code)).status).toBe("expired");
    expect(await entryStatuses(other.order.id)).toEqual(["expired"]);
    expect(await halfSeatsTaken()).toBe(1);
    expect((await rows()).audit.filter((a) => a === "order.expire")).toHaveLength(1);
  });

  it("closes the Checkout Session when the buyer cancels and when the sweep ends a lapsed hold; a paid one stays", async () => {
    const cancelled = await register();
    await cancelPendingOrder(cancelled.order.code, await orderAccessToken(cancelled.order.id));
    expect(fake.requestsTo(`POST /v1/checkout/sessions/${cancelled.session.id}/expire`)).toHaveLength(1);
    expect(present(fake.sessions.get(cancelled.session.id)).status).toBe("expired");

    const lapsed = await register(20);
    const paid = await register(20);
    fake.complete(paid.session.id); // paid at Stripe, its webhook not here yet
    await runSweep(new Date());
    expect((await orderOf(lapsed.order.code)).status).toBe("expired");
    expect(present(fake.sessions.get(lapsed.session.id)).status).toBe("expired");
    // Stripe refuses to expire a completed session; the sweep carries on and the payment is handled as late.
    expect(fake.requestsTo(`POST /v1/checkout/sessions/${paid.session.id}/expire`)).toHaveLength(1);
    expect(present(fake.sessions.get(paid.session.id)).status).toBe("complete");
  });

  it("answers 400 bad_signature to a bad, missing or foreign signature and changes nothing", async () => {
    const { order, session } = await register();
    const event = fake.event("checkout.session.completed", fake.complete(session.id));
    const forged = { ...event, data: { object: { ...(event.data as { object: object }).object, amount_total: 1 } } };
    const attempts = [
      // Signed body, then altered in transit.
      await send(event, { body: JSON.stringify(forged) }),
      // Signed with another secret.
      await POST(FakeStripe.webhookRequest(event, "whsec_someoneElse")).then(async (res) => ({ status: res.status, body: await res.json() })),
      // No signature at all.
      await POST(new Request("http://localhost/api/v1/webhooks/stripe", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(event) })).then(
        async (res) => ({ status: res.status, body: await res.json() }),
      ),
      await send(event, { signature: "t=1,v1=deadbeef" }),
    ];
    for (const a of attempts) expect(a).toEqual({ status: 400, body: { error: { code: "bad_signature", message: expect.any(String) } } });
    expect((await orderOf(order.code)).status).toBe("pending");
    const r = await rows();
    expect([r.events, r.payments, r.emails]).toEqual([[], [], []]);
  });

  it("answers 400 bad_signature to a correctly signed event dated more than five minutes from now, either way, and changes nothing", async () => {
    const { order, session } = await register();
    const event = fake.event("checkout.session.completed", fake.complete(session.id));
    const payload = JSON.stringify(event);
    const signedAt = (offsetSeconds: number) => Stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET, timestamp: Math.floor(Date.now() / 1000) + offsetSeconds });
    for (const offset of [86_400, 301, -301, -86_400]) {
      expect(await send(event, { body: payload, signature: signedAt(offset) }), `${offset} s`).toEqual({ status: 400, body: { error: { code: "bad_signature", message: expect.any(String) } } });
    }
    expect((await orderOf(order.code)).status).toBe("pending");
    const r = await rows();
    expect([r.events, r.payments, r.emails]).toEqual([[], [], []]);
    // Within five minutes either way (clocks differ a little), the same event is taken.
    expect(await send(event, { body: payload, signature: signedAt(240) })).toEqual({ status: 200, body: { received: true, result: "processed" } });
    expect((await orderOf(order.code)).status).toBe("paid");
    expect(await send(event, { body: payload, signature: signedAt(-240) })).toEqual({ status: 200, body: { received: true, result: "duplicate" } });
  });

  it("honours a payment that arrives after the hold expired while the seat is still free", async () => {
    const { order, session } = await register(20);
    expect(await halfSeatsTaken()).toBe(0);
    await send(fake.event("checkout.session.completed", fake.complete(session.id)));
    expect((await orderOf(order.code)).status).toBe("paid");
    expect(await entryStatuses(order.id)).toEqual(["confirmed"]);
    expect(await halfSeatsTaken()).toBe(1);
    const r = await rows();
    expect(r.audit).toContain("order.paid_late");
    expect(r.emails.map((e) => e.template)).toEqual(["confirmation"]);
    expect(fake.requestsTo("POST /v1/refunds")).toEqual([]);
  });

  it("refunds through Stripe a late payment for a race that filled up meanwhile: order refunded, email sent, counted once", async () => {
    await setup(1);
    const slow = await register(20);
    const fast = await register(0);
    await send(fake.event("checkout.session.completed", fake.complete(fast.session.id)));
    expect((await orderOf(fast.order.code)).status).toBe("paid");

    const paidLate = fake.complete(slow.session.id);
    const res = await send(fake.event("checkout.session.completed", paidLate));
    expect(res.status).toBe(200);
    const refundCall = only(fake.requestsTo("POST /v1/refunds"), "refund call");
    expect(refundCall.body).toMatchObject({ payment_intent: paidLate.payment_intent, amount: "12000" });
    const r = await rows();
    expect(r.refunds).toEqual([
      expect.objectContaining({ orderId: slow.order.id, amountCents: 12000, status: "done", source: "system", reason: "late_payment_no_seat", providerRefundId: first(fake.refunds).id }),
    ]);
    expect(refundCall.idempotencyKey).toBe(`refund:${first(r.refunds).id}`);
    expect((await orderOf(slow.order.code)).status).toBe("refunded");
    expect(await entryStatuses(slow.order.id)).toEqual(["expired"]);
    expect(await halfSeatsTaken()).toBe(1);
    const mail = r.emails.find((e) => e.orderId === slow.order.id);
    expect(mail).toMatchObject({ template: "refund", toAddress: "runner@example.com" });
    expect(present(mail).textBody).toContain("no place left");

    // Stripe then reports the refund we made: it is ours, not a second one.
    const again = await send(fake.event("charge.refunded", fake.chargeOf(paidLate.payment_intent as string)));
    expect(again.body.result).toBe("processed");
    expect((await rows()).refunds).toHaveLength(1);
    expect((await orderOf(slow.order.code)).status).toBe("refunded");
  });

  it("waits for async_payment_succeeded when a completed session is unpaid, in either order", async () => {
    const { order, session } = await register();
    await send(fake.event("checkout.session.completed", fake.complete(session.id, "unpaid")));
    expect((await orderOf(order.code)).status).toBe("pending");
    expect((await rows()).payments).toEqual([expect.objectContaining({ status: "pending" })]);
    expect((await rows()).emails).toEqual([]);
    await send(fake.event("checkout.session.async_payment_succeeded", fake.settle(session.id, true)));
    expect((await orderOf(order.code)).status).toBe("paid");
    expect((await rows()).payments).toEqual([expect.objectContaining({ status: "confirmed" })]);
    expect((await rows()).emails.map((e) => e.template)).toEqual(["confirmation"]);

    // Out of order: the money is there before Stripe says the session completed.
    const other = await register();
    const completedUnpaid = fake.event("checkout.session.completed", fake.complete(other.session.id, "unpaid"));
    await send(fake.event("checkout.session.async_payment_succeeded", fake.settle(other.session.id, true)));
    await send(completedUnpaid);
    expect((await orderOf(other.order.code)).status).toBe("paid");
    const { db, schema } = getConnection();
    expect(await db.select().from(schema.payments).where(eq(schema.payments.orderId, other.order.id))).toEqual([expect.objectContaining({ status: "confirmed" })]);
  });

  it("cancels the order and frees its seat when a delayed payment fails", async () => {
    const { order, session } = await register();
    await send(fake.event("checkout.session.completed", fake.complete(session.id, "unpaid")));
    expect(await halfSeatsTaken()).toBe(1);
    await send(fake.event("checkout.session.async_payment_failed", fake.settle(session.id, false)));
    expect((await orderOf(order.code)).status).toBe("cancelled");
    expect(await entryStatuses(order.id)).toEqual(["cancelled"]);
    expect(await halfSeatsTaken()).toBe(0);
    const r = await rows();
    expect(r.payments).toEqual([expect.objectContaining({ status: "failed" })]);
    expect(r.audit).toEqual(expect.arrayContaining(["payment.pending", "payment.failed", "order.payment_failed"]));
    expect(r.emails).toEqual([]);
  });

  it("records refunds made in the Stripe dashboard once, and refunds the order when nothing is left", async () => {
    const { order, session } = await register();
    const paid = fake.complete(session.id);
    const pi = paid.payment_intent as string;
    await send(fake.event("checkout.session.completed", paid));

    const part = fake.refundFromDashboard(pi, 5000);
    const firstEvent = fake.event("charge.refunded", fake.chargeOf(pi));
    await send(firstEvent);
    await send(firstEvent);
    let r = await rows();
    expect(r.refunds).toEqual([expect.objectContaining({ providerRefundId: part.id, amountCents: 5000, status: "done", source: "external", currency: "CNY" })]);
    expect((await orderOf(order.code)).status).toBe("paid");
    expect(r.emails.map((e) => e.template)).toEqual(["confirmation", "refund"]);

    const rest = fake.refundFromDashboard(pi, 7000);
    await send(fake.event("charge.refunded", fake.chargeOf(pi)));
    r = await rows();
    expect(r.refunds.map((x) => [x.providerRefundId, x.amountCents]).sort()).toEqual([[part.id, 5000], [rest.id, 7000]].sort());
    expect((await orderOf(order.code)).status).toBe("refunded");
    expect(await entryStatuses(order.id)).toEqual(["refunded"]);
    expect(await halfSeatsTaken()).toBe(0);
    expect(r.audit.filter((a) => a === "refund.external")).toHaveLength(2);
    expect(r.audit.filter((a) => a === "order.refund_external")).toHaveLength(1);
  });

  it("does not count twice an organizer's refund that Stripe reports back, and follows its later status", async () => {
    const { schema, db } = getConnection();
    const organizer = await makeStaff("admin");
    const { order, session } = await register();
    const paid = fake.complete(session.id);
    await send(fake.event("checkout.session.completed", paid));
    const refund = await refundOrder(organizer, order.code, {});
    expect(fake.requestsTo("POST /v1/refunds")).toEqual([expect.objectContaining({ idempotencyKey: `refund:${refund.refundId}` })]);
    await send(fake.event("charge.refunded", fake.chargeOf(paid.payment_intent as string)));
    const [ours] = await db.select().from(schema.refunds);
    expect(ours).toMatchObject({ id: refund.refundId, source: "admin", status: "done", providerRefundId: first(fake.refunds).id });
    expect(await db.select({ n: count() }).from(schema.refunds)).toEqual([{ n: 1 }]);

    // The bank sends the money back later: Stripe marks the refund failed.
    await send(fake.event("refund.updated", { ...fake.refunds[0], status: "failed" }));
    const after = first(await db.select().from(schema.refunds));
    expect(after.status).toBe("failed");
    expect((await rows()).audit).toContain("refund.failed");
  });

  it("refuses (409) a refund event that overtakes its payment, and records it once the payment is in", async () => {
    const { order, session } = await register();
    const paid = fake.complete(session.id);
    const pi = paid.payment_intent as string;
    fake.refundFromDashboard(pi, 12000);
    const refundEvent = fake.event("charge.refunded", fake.chargeOf(pi));
    const early = await send(refundEvent);
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ error: { code: "conflict" } });
    expect((await rows()).events).toEqual([]);

    await send(fake.event("checkout.session.completed", paid));
    expect((await send(refundEvent)).body.result).toBe("processed");
    expect((await orderOf(order.code)).status).toBe("refunded");
    expect((await rows()).refunds).toEqual([expect.objectContaining({ source: "external", amountCents: 12000 })]);

    // A refund of a payment that is not ours (another integration on the account) is acknowledged once it is old.
    const foreign = { ...fake.event("charge.refunded", { ...fake.chargeOf(pi), payment_intent: "pi_someone_else" }), created: Math.floor(Date.now() / 1000) - 4 * 3600 };
    expect(await send(foreign)).toEqual({ status: 200, body: { received: true, result: "unknown_order" } });
  });

  it("answers 200 to event types it does not handle and records nothing", async () => {
    const res = await send(fake.event("customer.created", { id: "cus_1", object: "customer" }));
    expect(res).toEqual({ status: 200, body: { received: true, result: "ignored" } });
    expect((await rows()).events).toEqual([]);
  });

  it("cancels the order and frees the seat when Stripe cannot create the session (503 payment_unavailable)", async () => {
    fake.fail("POST /v1/checkout/sessions", 500);
    const error = await registerEntries(SLUG, registrationBody([participant()]), { clientIp: "203.0.113.9" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("payment_unavailable");
    const calls = fake.requestsTo("POST /v1/checkout/sessions");
    expect(calls.length).toBeGreaterThanOrEqual(2); // the SDK retries, with the same key
    expect(new Set(calls.map((c) => c.idempotencyKey)).size).toBe(1);
    const { db, schema } = getConnection();
    const order = first(await db.select().from(schema.orders));
    expect(first(calls).idempotencyKey).toBe(`checkout:${order.id}`);
    expect(order.status).toBe("cancelled");
    expect(await entryStatuses(order.id)).toEqual(["cancelled"]);
    expect(await halfSeatsTaken()).toBe(0);

    // Through the API: 503 with the error code; the next try, with Stripe back, works.
    const request = () =>
      new Request(`http://localhost/api/v1/events/${SLUG}/registrations`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(registrationBody([participant()])) });
    const res = await registrationsPOST(request(), { params: Promise.resolve({ event: SLUG }) });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("payment_unavailable");
    fake.fail("POST /v1/checkout/sessions", null);
    const ok = await registrationsPOST(request(), { params: Promise.resolve({ event: SLUG }) });
    expect(ok.status).toBe(201);
    expect(await db.select({ n: count() }).from(schema.orders).where(and(eq(schema.orders.status, "pending")))).toEqual([{ n: 1 }]);
  });
});
