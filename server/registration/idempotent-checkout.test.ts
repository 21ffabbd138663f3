/**
 * `Idempotency-Key` on registrations when the payment provider is called after commit (Stripe, through the real SDK
 * against test/fake-stripe.ts), on both engines (docs/decisions/012-idempotency-keys.md): the answer is whole only
 * once the Checkout Session exists, a checkout that cannot start forgets the key with the cancelled order, and a
 * first request that stopped between its commit and the Stripe call is taken for abandoned once its lease runs out.
 */
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as postRegistration } from "../../app/api/v1/events/[event]/registrations/route";
import { getConnection, withTransaction } from "../db";
import { setTestClock } from "../../test/clock";
import { resetDatabase } from "../../test/db";
import { participant, registrationBody } from "../../test/factories";
import { FakeStripe } from "../../test/fake-stripe";
import { liveEventInput } from "../../test/live-event";
import { CLI_ACTOR } from "../actor";
import { outboxDeliverySettled } from "../email/outbox";
import { resetEnvForTests } from "../env";
import { createEvent } from "../events/manage-events";
import { CHECKOUT_LEASE_MS } from "./register";
import { first as firstOf } from "../../core/lists";

const SLUG = "live-half";
const SESSIONS = "POST /v1/checkout/sessions";
let fake: FakeStripe;

beforeAll(async () => {
  fake = await FakeStripe.start();
});

afterAll(async () => {
  await outboxDeliverySettled();
  await fake.close();
  delete process.env.STRIPE_SECRET_KEY;
  delete process.env.STRIPE_WEBHOOK_SECRET;
  delete process.env.STRIPE_API_BASE;
  resetEnvForTests();
});

beforeEach(async () => {
  await outboxDeliverySettled();
  await resetDatabase();
  fake.reset();
  Object.assign(process.env, { STRIPE_SECRET_KEY: "sk_test_idempotency", STRIPE_WEBHOOK_SECRET: "whsec_idempotencyTest", STRIPE_API_BASE: fake.url, RATE_LIMIT_REGISTRATIONS_PER_MINUTE: "0" });
  resetEnvForTests();
  await createEvent(CLI_ACTOR, liveEventInput({ slug: SLUG }));
});

async function register(body: unknown, key: string) {
  const res = await postRegistration(
    new Request(`http://localhost/api/v1/events/${SLUG}/registrations`, { method: "POST", headers: { "content-type": "application/json", "idempotency-key": key }, body: JSON.stringify(body) }),
    { params: Promise.resolve({ event: SLUG }) },
  );
  return { status: res.status, body: (await res.json()) as Record<string, any>, replayed: res.headers.get("idempotent-replayed") === "true" }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function state() {
  const { db, schema } = getConnection();
  return {
    orders: (await db.select({ code: schema.orders.code, status: schema.orders.status, paymentUrl: schema.orders.paymentUrl }).from(schema.orders)).sort((a, b) => a.code.localeCompare(b.code)),
    keys: await db.select().from(schema.idempotencyKeys),
    held: firstOf(await db.select({ n: count() }).from(schema.registrations).where(eq(schema.registrations.status, "held"))).n,
    audit: (await db.select({ action: schema.auditLog.action }).from(schema.auditLog)).map((a) => a.action).sort(),
  };
}

describe(`Idempotency-Key with Stripe Checkout (${process.env.TEST_ENGINE})`, () => {
  it("answers the same key with the same payment link and makes one Checkout Session", async () => {
    const body = registrationBody([participant()]);
    const first = await register(body, "stripe-key");
    expect(first.status).toBe(201);
    expect(first.body.order.paymentUrl).toMatch(new RegExp(`^${fake.url}/pay/cs_test_`));
    const again = await register(body, "stripe-key");
    expect(again).toMatchObject({ status: 201, replayed: true });
    expect(again.body).toEqual(first.body);
    expect(fake.requestsTo(SESSIONS)).toHaveLength(1);
    const s = await state();
    expect(s.orders).toHaveLength(1);
    // Whole once the session exists: nothing left to wait for.
    expect(s.keys).toEqual([expect.objectContaining({ lockedUntil: null })]);
  });

  it("forgets the key with the order when the checkout cannot start (503), so the same key registers once Stripe answers", async () => {
    const body = registrationBody([participant()]);
    fake.fail(SESSIONS, 500);
    const failed = await register(body, "stripe-down");
    expect(failed.status).toBe(503);
    expect(failed.body.error.code).toBe("payment_unavailable");
    let s = await state();
    expect(s.orders.map((o) => o.status)).toEqual(["cancelled"]);
    expect(s.keys).toEqual([]);
    expect(s.held).toBe(0);

    fake.fail(SESSIONS, null);
    const retried = await register(body, "stripe-down");
    expect(retried).toMatchObject({ status: 201, replayed: false });
    s = await state();
    expect(s.orders.map((o) => o.status).sort()).toEqual(["cancelled", "pending"]);
    expect(s.held).toBe(1);
  });

  it("waits for a first request that stopped between its commit and the Stripe call, then cancels its order and registers again", async () => {
    const body = registrationBody([participant()]);
    const first = await register(body, "stopped");
    // What a crash right after the commit leaves: the order and the key's answer, no session, the lease running.
    const { schema } = getConnection();
    const order = firstOf(await getConnection().db.select().from(schema.orders));
    const lease = new Date(Date.now() + CHECKOUT_LEASE_MS);
    await withTransaction(async (tx) => {
      await tx.update(schema.orders).set({ paymentUrl: null, providerSessionId: null }).where(eq(schema.orders.id, order.id));
      await tx.update(schema.idempotencyKeys).set({ lockedUntil: lease }).where(eq(schema.idempotencyKeys.resourceId, order.id));
    });
    const before = await state();

    const waiting = await register(body, "stopped");
    expect(waiting.status).toBe(409);
    expect(waiting.body.error.code).toBe("idempotency_key_in_use");
    expect(await state()).toEqual(before);

    setTestClock(lease.getTime() + 1_000);
    const retried = await register(body, "stopped");
    expect(retried).toMatchObject({ status: 201, replayed: false });
    expect(retried.body.order.code).not.toBe(first.body.order.code);
    expect(retried.body.order.paymentUrl).toMatch(new RegExp(`^${fake.url}/pay/cs_test_`));
    const after = await state();
    expect(after.orders.find((o) => o.code === order.code)?.status).toBe("cancelled");
    expect(after.orders.find((o) => o.code === retried.body.order.code)).toMatchObject({ status: "pending", paymentUrl: retried.body.order.paymentUrl });
    expect(after.held).toBe(1);
    expect(after.keys).toEqual([expect.objectContaining({ lockedUntil: null, resourceId: expect.not.stringMatching(order.id) })]);
    expect(after.audit.filter((a) => a === "order.checkout_interrupted")).toHaveLength(1);
    // And that answer is the one given from now on.
    const again = await register(body, "stopped");
    expect(again).toMatchObject({ status: 201, replayed: true });
    expect(again.body).toEqual(retried.body);
  });

  it("places one order for ten requests with one key at once; each is answered with it or told to wait for the checkout", async () => {
    const body = registrationBody([participant()]);
    const answers = await Promise.all(Array.from({ length: 10 }, () => register(body, "stripe-burst")));
    expect(answers.every((a) => a.status === 201 || (a.status === 409 && a.body.error.code === "idempotency_key_in_use"))).toBe(true);
    const placed = answers.filter((a) => a.status === 201);
    expect(placed.length).toBeGreaterThanOrEqual(1);
    expect(new Set(placed.map((a) => JSON.stringify(a.body))).size).toBe(1);
    const s = await state();
    expect(s.orders).toHaveLength(1);
    expect(fake.requestsTo(SESSIONS)).toHaveLength(1);
    // Asked again once the checkout exists, every one of them gets the answer.
    const later = await register(body, "stripe-burst");
    expect(later).toMatchObject({ status: 201, replayed: true });
    expect(later.body.order.code).toBe(firstOf(s.orders).code);
  });
});
