/**
 * The periodic sweep on both engines: it expires stale holds (seats and discount uses come back, each order
 * audited once), retries refunds Stripe could not take (the fake Stripe, same idempotency key), delivers queued
 * email and prunes rate-limit windows; two sweeps at once do each thing once; the timer never overlaps runs and
 * logs failures without personal data.
 */
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { POST } from "../app/api/v1/webhooks/stripe/route";
import { getConnection, withTransaction } from "./db";
import { makeStaff, resetDatabase } from "../test/db";
import { participant, registrationBody } from "../test/factories";
import { FakeStripe } from "../test/fake-stripe";
import { liveEventInput } from "../test/live-event";
import { CLI_ACTOR } from "./actor";
import { outboxDeliverySettled } from "./email/outbox";
import { resetEnvForTests } from "./env";
import { createEvent } from "./events/manage-events";
import { refundOrder, REFUND_RETRY_AFTER_MS, retryPendingRefunds } from "./payments/refunds";
import { hitRateLimit } from "./rate-limit";
import { takenSeats } from "./registration/holds";
import { registerEntries } from "./registration/register";
import { runSweep, scheduleSweep, type SweepReport } from "./sweep";
import { first as firstOf, nth } from "../core/lists";

const SECRET = "whsec_sweepTestSecret";
let fake: FakeStripe;

beforeAll(async () => {
  fake = await FakeStripe.start();
});

afterAll(async () => {
  await outboxDeliverySettled();
  await fake.close();
});

beforeEach(async () => {
  await outboxDeliverySettled();
  await resetDatabase();
  fake.reset();
  Object.assign(process.env, { STRIPE_SECRET_KEY: "sk_test_sweep", STRIPE_WEBHOOK_SECRET: SECRET, STRIPE_API_BASE: fake.url, RATE_LIMIT_REGISTRATIONS_PER_MINUTE: "0" });
  delete process.env.SMTP_URL;
  resetEnvForTests();
  await createEvent(CLI_ACTOR, liveEventInput({ capacity: 10 }));
});

async function eventIds() {
  const { db, schema } = getConnection();
  const event = firstOf(await db.select().from(schema.events));
  const race = firstOf(await db.select().from(schema.races).where(eq(schema.races.slug, "half")));
  return { eventId: event.id, raceId: race.id };
}

async function register(minutesAgo: number, extra: Record<string, unknown> = {}) {
  const now = new Date(Date.now() - minutesAgo * 60_000);
  return registerEntries("live-half", registrationBody([participant()], extra), { clientIp: "203.0.113.20", now });
}

async function statusOf(code: string) {
  const { db, schema } = getConnection();
  const order = firstOf(await db.select().from(schema.orders).where(eq(schema.orders.code, code)));
  return order.status;
}

async function auditCount(action: string) {
  const { db, schema } = getConnection();
  const row = firstOf(await db.select({ n: count() }).from(schema.auditLog).where(eq(schema.auditLog.action, action)));
  return row.n;
}

/** A stale hold left by someone who never paid, with a discount use; and a paid order whose Stripe refund failed. */
async function backlog() {
  const { schema } = getConnection();
  const { eventId, raceId } = await eventIds();
  await withTransaction((tx) =>
    tx.insert(schema.discountCodes).values({ id: "d-sweep", eventId, code: "CLUB", kind: "fixed", value: 1000, raceId: null, maxUses: 10, usedCount: 0, createdAt: new Date() }),
  );
  // Newest first: a registration expires the stale holds of its event as of its own time.
  const fresh = await register(0);
  // A paid order, then an organizer refund while Stripe is down: the refund stays pending.
  const paidOrder = await register(0);
  const stale = [await register(30, { discountCode: "CLUB" }), await register(20, { discountCode: "CLUB" }), await register(16)];
  const session = fake.complete(fake.sessionOf(paidOrder.order.code).id);
  const payload = fake.event("checkout.session.completed", session);
  expect((await POST(FakeStripe.webhookRequest(payload, SECRET))).status).toBe(200);
  fake.fail("POST /v1/refunds", 503);
  vi.spyOn(console, "error").mockImplementation(() => {});
  const admin = await makeStaff("admin");
  const refund = await refundOrder(admin, paidOrder.order.code, {});
  fake.fail("POST /v1/refunds", null);
  await outboxDeliverySettled();
  await hitRateLimit("old-window", 5, 60_000, new Date(Date.now() - 2 * 3_600_000));
  await hitRateLimit("current-window", 5, 60_000, new Date());
  return { stale, fresh, paidOrder, refund, raceId };
}

describe(`sweep on ${process.env.TEST_ENGINE}`, () => {
  it("expires stale holds, retries the refund Stripe missed, delivers queued email and prunes old rate-limit windows", async () => {
    const { stale, fresh, refund, raceId, paidOrder } = await backlog();
    const { db, schema } = getConnection();
    const [pending] = await db.select().from(schema.refunds).where(eq(schema.refunds.id, refund.refundId));
    expect(pending).toMatchObject({ status: "pending", providerRefundId: null });
    const failedCalls = fake.requestsTo("POST /v1/refunds");
    expect(failedCalls.length).toBeGreaterThanOrEqual(1);
    // Queue an email nobody has sent yet.
    await withTransaction((tx) => tx.update(schema.emailOutbox).set({ status: "queued", nextAttemptAt: null }).where(eq(schema.emailOutbox.status, "recorded")));
    const queued = (await db.select().from(schema.emailOutbox)).length;
    expect(queued).toBeGreaterThan(0);

    // Too soon for the refund retry; the holds are stale already.
    const first = await runSweep(new Date());
    expect(first).toMatchObject({ expiredOrders: 3, refundsRetried: 0, emailsHandled: queued, failedSteps: [] });
    for (const s of stale) expect(await statusOf(s.order.code)).toBe("expired");
    expect(await statusOf(fresh.order.code)).toBe("pending");
    expect((await takenSeats(db, [raceId], new Date())).get(raceId)).toBe(1);
    const code = firstOf(await db.select().from(schema.discountCodes));
    expect(code.usedCount).toBe(0);
    expect(await auditCount("order.expire")).toBe(3);
    expect(await db.select().from(schema.emailOutbox).where(eq(schema.emailOutbox.status, "queued"))).toEqual([]);
    expect(await db.select({ key: schema.rateLimits.key }).from(schema.rateLimits)).toHaveLength(1);

    const later = await runSweep(new Date(Date.now() + REFUND_RETRY_AFTER_MS + 1000));
    expect(later).toMatchObject({ expiredOrders: 0, refundsRetried: 1, failedSteps: [] });
    const done = firstOf(await db.select().from(schema.refunds).where(eq(schema.refunds.id, refund.refundId)));
    expect(done).toMatchObject({ status: "done", providerRefundId: firstOf(fake.refunds).id });
    const calls = fake.requestsTo("POST /v1/refunds");
    expect(new Set(calls.map((c) => c.idempotencyKey))).toEqual(new Set([`refund:${refund.refundId}`]));
    expect(fake.refunds).toHaveLength(1);
    expect(await statusOf(paidOrder.order.code)).toBe("refunded");
  });

  it("marks failed a refund Stripe refuses, with an audit entry, and does not retry it", async () => {
    const { schema, db } = getConnection();
    const order = await register(2);
    const session = fake.complete(fake.sessionOf(order.order.code).id);
    await POST(FakeStripe.webhookRequest(fake.event("checkout.session.completed", session), SECRET));
    fake.fail("POST /v1/refunds", 400);
    vi.spyOn(console, "error").mockImplementation(() => {});
    const refund = await refundOrder(await makeStaff("admin"), order.order.code, {});
    const row = firstOf(await db.select().from(schema.refunds).where(eq(schema.refunds.id, refund.refundId)));
    expect(row.status).toBe("failed");
    expect(await auditCount("refund.failed")).toBe(1);
    fake.fail("POST /v1/refunds", null);
    const report = await runSweep(new Date(Date.now() + REFUND_RETRY_AFTER_MS + 1000));
    expect(report.refundsRetried).toBe(0);
  });

  it("does each thing once when two sweeps run at the same time", async () => {
    const { stale, refund } = await backlog();
    const { db, schema } = getConnection();
    await withTransaction((tx) => tx.update(schema.emailOutbox).set({ status: "queued", nextAttemptAt: null }).where(eq(schema.emailOutbox.status, "recorded")));
    const emails = (await db.select().from(schema.emailOutbox)).length;
    const callsBefore = fake.requestsTo("POST /v1/refunds").length;
    const at = new Date(Date.now() + REFUND_RETRY_AFTER_MS + 1000);
    const reports: SweepReport[] = await Promise.all([runSweep(at), runSweep(at)]);
    expect(reports.flatMap((r) => r.failedSteps)).toEqual([]);
    expect(firstOf(reports).expiredOrders + nth(reports, 1).expiredOrders).toBe(stale.length);
    expect(await auditCount("order.expire")).toBe(stale.length);
    expect(firstOf(reports).refundsRetried + nth(reports, 1).refundsRetried).toBe(1);
    expect(fake.requestsTo("POST /v1/refunds").length).toBe(callsBefore + 1);
    expect(firstOf(reports).emailsHandled + nth(reports, 1).emailsHandled).toBe(emails);
    const code = firstOf(await db.select().from(schema.discountCodes));
    expect(code.usedCount).toBe(0);
    const done = firstOf(await db.select().from(schema.refunds).where(eq(schema.refunds.id, refund.refundId)));
    expect(done.status).toBe("done");
  });

  it("sends a missed refund once when two processes retry it at the same moment", async () => {
    const { refund } = await backlog();
    const callsBefore = fake.requestsTo("POST /v1/refunds").length;
    const at = new Date(Date.now() + REFUND_RETRY_AFTER_MS + 1000);
    const tried = await Promise.all([retryPendingRefunds(at), retryPendingRefunds(at), retryPendingRefunds(at)]);
    expect(tried.reduce((a, b) => a + b, 0)).toBe(1);
    expect(fake.requestsTo("POST /v1/refunds").length).toBe(callsBefore + 1);
    const { db, schema } = getConnection();
    const done = firstOf(await db.select().from(schema.refunds).where(eq(schema.refunds.id, refund.refundId)));
    expect(done.status).toBe("done");
  });

  it("never overlaps runs on its timer and logs a failure without its message", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    let active = 0;
    let most = 0;
    let runs = 0;
    const schedule = scheduleSweep({
      intervalMs: 10,
      firstRunMs: 0,
      run: async () => {
        runs += 1;
        active += 1;
        most = Math.max(most, active);
        await new Promise((resolve) => setTimeout(resolve, 60));
        active -= 1;
        if (runs === 1) throw new Error("could not reach runner@example.com");
        return { expiredOrders: 0, refundsRetried: 0, emailsHandled: 0, failedSteps: [] };
      },
    });
    // Ticks come every 10 ms while each run takes 60 ms: without the guard, runs would pile up.
    for (const deadline = Date.now() + 10_000; runs < 4 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 20));
    schedule.stop();
    while (active > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(runs).toBeGreaterThanOrEqual(4);
    expect(most).toBe(1);
    const logged = errors.mock.calls.flat().join(" ");
    expect(logged).toContain("[sweep] failed: Error");
    expect(logged).not.toContain("runner@example.com");
  });
});
