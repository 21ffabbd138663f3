/**
 * `Idempotency-Key` on both engines, through the route handlers (docs/api.md "Idempotency-Key",
 * docs/decisions/012-idempotency-keys.md): registrations, refunds and pickups sent twice or twenty times at once with
 * one key do their work once and answer the first answer again; the key with another request is 422 and writes
 * nothing; keys are forgotten after 24 hours and never shared between routes or callers; errors are not kept. The
 * Stripe checkout's part (a provider called after commit) is in server/registration/idempotent-checkout.test.ts.
 */
import { count, eq } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as postPickup } from "../../app/api/v1/events/[event]/pickups/route";
import { POST as postRegistration } from "../../app/api/v1/events/[event]/registrations/route";
import { POST as postRefund } from "../../app/api/v1/orders/[code]/refunds/route";
import { getConnection } from "../db";
import { setTestClock, TEST_NOW } from "../../test/clock";
import { makeStaff, resetDatabase } from "../../test/db";
import { eventInput, participant, raceInput, registrationBody } from "../../test/factories";
import { CLI_ACTOR } from "../actor";
import { createApiToken } from "../auth/tokens";
import { resetEnvForTests } from "../env";
import { createEvent } from "../events/manage-events";
import { getPublicEvent } from "../events/queries";
import { IDEMPOTENCY_TTL_MS } from "../idempotency";
import { confirmPayment } from "../payments/confirm-payment";
import { orderAccessToken } from "../registration/order-access";
import { runSweep } from "../sweep";
import { first as firstOf, oneEach, present } from "../../core/lists";

const EVENT = "test-half-2027";
const BASE = "http://localhost/api/v1";

type Answer = { status: number; body: Record<string, any>; replayed: boolean }; // eslint-disable-line @typescript-eslint/no-explicit-any

function request(path: string, body: unknown, options: { key?: string; token?: string; rawBody?: string } = {}): Request {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (options.key !== undefined) headers["idempotency-key"] = options.key;
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  return new Request(`${BASE}${path}`, { method: "POST", headers, body: options.rawBody ?? JSON.stringify(body) });
}

async function answer(res: Response): Promise<Answer> {
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, replayed: res.headers.get("idempotent-replayed") === "true" };
}

const register = async (body: unknown, key?: string, options: { event?: string; rawBody?: string } = {}) => {
  const event = options.event ?? EVENT;
  return answer(await postRegistration(request(`/events/${event}/registrations`, body, { key, rawBody: options.rawBody }), { params: Promise.resolve({ event }) }));
};
const refund = async (code: string, body: unknown, token: string, key?: string) =>
  answer(await postRefund(request(`/orders/${code}/refunds`, body, { key, token }), { params: Promise.resolve({ code }) }));
const pickup = async (body: unknown, token: string, key?: string) =>
  answer(await postPickup(request(`/events/${EVENT}/pickups`, body, { key, token }), { params: Promise.resolve({ event: EVENT }) }));

/** Every row the three routes write, counted, so "nothing written" is checked, not assumed. */
async function counts() {
  const { db, schema } = getConnection();
  const n = async (table: PgTable) => firstOf(await db.select({ n: count() }).from(table)).n;
  return {
    orders: await n(schema.orders),
    entries: await n(schema.registrations),
    refunds: await n(schema.refunds),
    pickups: await n(schema.pickups),
    scans: await n(schema.pickupScans),
    emails: await n(schema.emailOutbox),
    audit: await n(schema.auditLog),
    keys: await n(schema.idempotencyKeys),
  };
}

async function tokenFor(userId: string): Promise<string> {
  const { db, schema } = getConnection();
  const user = firstOf(await db.select().from(schema.users).where(eq(schema.users.id, userId)));
  return (await createApiToken(CLI_ACTOR, { email: user.email })).token;
}

async function pay(code: string) {
  const { db, schema } = getConnection();
  const order = firstOf(await db.select().from(schema.orders).where(eq(schema.orders.code, code)));
  await confirmPayment({ orderId: order.id, provider: "simulated", providerPaymentId: `sim_${order.id}`, amountCents: order.totalCents, currency: "CNY", now: TEST_NOW });
  return order;
}

let organizerToken: string;
let volunteerToken: string;
let volunteerSecondToken: string;
let otherVolunteerToken: string;

beforeAll(() => {
  process.env.RATE_LIMIT_REGISTRATIONS_PER_MINUTE = "0";
  resetEnvForTests();
});

beforeEach(async () => {
  setTestClock(TEST_NOW);
  await resetDatabase();
  const organizer = await makeStaff("organizer");
  await createEvent(organizer, eventInput({ races: [raceInput({ capacity: 100, bibRanges: [{ from: 1, to: 100 }] })] }));
  await createEvent(organizer, eventInput({ slug: "second-event", races: [raceInput({ bibRanges: [{ from: 1, to: 100 }] })] }));
  const event = present(await getPublicEvent(EVENT));
  const volunteer = await makeStaff("volunteer", [{ eventId: event.id, role: "volunteer" }]);
  const otherVolunteer = await makeStaff("volunteer", [{ eventId: event.id, role: "volunteer" }]);
  organizerToken = await tokenFor(organizer.userId);
  volunteerToken = await tokenFor(volunteer.userId);
  volunteerSecondToken = await tokenFor(volunteer.userId);
  otherVolunteerToken = await tokenFor(otherVolunteer.userId);
});

describe(`Idempotency-Key on registrations (${process.env.TEST_ENGINE})`, () => {
  it("answers the same key and body again with the first answer: same 201, same order code and links, one order", async () => {
    const body = registrationBody([participant(), participant({ race: "half" })]);
    const first = await register(body, "reg-key-1");
    expect(first.status).toBe(201);
    expect(first.replayed).toBe(false);
    const before = await counts();
    expect(before).toMatchObject({ orders: 1, entries: 2, keys: 1 });

    // The same body with its keys in another order and other spacing is the same request.
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(body).reverse()), null, 2);
    const again = await register(body, "reg-key-1");
    const third = await register(undefined, "reg-key-1", { rawBody: reordered });
    for (const replay of [again, third]) {
      expect(replay.status).toBe(201);
      expect(replay.replayed).toBe(true);
      expect(replay.body).toEqual(first.body);
    }
    expect(first.body.order.manageUrl).toMatch(/\/zh\/orders\/FL-[0-9A-Z]{8}\?token=[\w-]{32}$/);
    expect(first.body.order.paymentUrl).toMatch(/\/zh\/checkout\/FL-/);
    expect(await counts()).toEqual(before);

    // The stored answer holds no private link: the order's token is made again from its id when it is replayed.
    const { db, schema } = getConnection();
    const row = firstOf(await db.select().from(schema.idempotencyKeys));
    const order = firstOf(await db.select().from(schema.orders));
    expect(row).toMatchObject({ route: "registrations", responseStatus: 201, resourceId: order.id, lockedUntil: null });
    expect(row.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.keyHash).not.toContain("reg-key-1");
    expect(row.responseBody).not.toContain(await orderAccessToken(order.id));
    expect(row.responseBody).not.toContain("token=");
    expect(row.responseBody).toContain(order.code);
  });

  it("refuses the same key with another body or for another event: 422 idempotency_key_reused, nothing written", async () => {
    const body = registrationBody([participant()]);
    expect((await register(body, "reg-key-2")).status).toBe(201);
    const before = await counts();
    const other = await register(registrationBody([participant()]), "reg-key-2");
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe("idempotency_key_reused");
    const elsewhere = await register(body, "reg-key-2", { event: "second-event" });
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.error.code).toBe("idempotency_key_reused");
    expect(await counts()).toEqual(before);
  });

  it("places exactly one order for 20 requests with one key at the same moment, and answers each with it", async () => {
    const body = registrationBody([participant()]);
    const answers = await Promise.all(Array.from({ length: 20 }, () => register(body, "burst-key")));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    expect(new Set(answers.map((a) => a.body.order.code)).size).toBe(1);
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    expect(answers.filter((a) => !a.replayed)).toHaveLength(1);
    expect(await counts()).toMatchObject({ orders: 1, entries: 1, keys: 1 });
  });

  it("keeps a key for 24 hours: at 23:59 it answers again, after 24 hours the same request places a new order; the sweep deletes old keys", async () => {
    const body = registrationBody([participant()]);
    const first = await register(body, "day-key");
    const { db, schema } = getConnection();
    const kept = firstOf(await db.select().from(schema.idempotencyKeys));
    const storedAt = kept.createdAt.getTime();
    setTestClock(storedAt + IDEMPOTENCY_TTL_MS - 60_000);
    const within = await register(body, "day-key");
    expect(within).toMatchObject({ status: 201, replayed: true });
    expect(within.body.order.code).toBe(first.body.order.code);

    setTestClock(storedAt + IDEMPOTENCY_TTL_MS + 1_000);
    const after = await register(body, "day-key");
    expect(after).toMatchObject({ status: 201, replayed: false });
    expect(after.body.order.code).not.toBe(first.body.order.code);
    // The old answer was replaced by the new one.
    expect(await counts()).toMatchObject({ orders: 2, keys: 1 });
    const row = firstOf(await db.select().from(schema.idempotencyKeys));
    expect(row.createdAt.getTime()).toBeGreaterThan(storedAt + IDEMPOTENCY_TTL_MS);

    await runSweep(new Date(Date.now() + IDEMPOTENCY_TTL_MS - 60_000));
    expect((await counts()).keys).toBe(1);
    await runSweep(new Date(Date.now() + IDEMPOTENCY_TTL_MS + 60_000));
    expect((await counts()).keys).toBe(0);
  });

  it("keeps no answer for a refused request: the same key runs again, and once the body is right it registers", async () => {
    const bad = registrationBody([participant()], { acceptTerms: false });
    const first = await register(bad, "fix-key");
    expect(first.status).toBe(422);
    expect(first.body.error.code).toBe("validation_failed");
    expect(await counts()).toMatchObject({ orders: 0, keys: 0 });
    expect((await register(bad, "fix-key")).status).toBe(422);
    const fixed = await register({ ...bad, acceptTerms: true }, "fix-key");
    expect(fixed).toMatchObject({ status: 201, replayed: false });
    expect(await counts()).toMatchObject({ orders: 1, keys: 1 });
  });

  it("answers 422 on the header for a key that is empty, too long or not printable ASCII, and writes nothing", async () => {
    const before = await counts();
    for (const key of ["", "k".repeat(256), "tab\tkey", "café"]) {
      const res = await register(registrationBody([participant()]), key);
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe("validation_failed");
      expect(res.body.error.fields).toEqual({ "Idempotency-Key": "must be 1–255 printable ASCII characters (a UUID is a good choice)" });
    }
    expect(await counts()).toEqual(before);
    expect((await register(registrationBody([participant()]), "k".repeat(255))).status).toBe(201);
  });

  it("registers as before without the header: the same body twice is a duplicate entry", async () => {
    const body = registrationBody([participant()]);
    expect((await register(body)).status).toBe(201);
    const again = await register(body);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("duplicate_entry");
    expect(await counts()).toMatchObject({ orders: 1, keys: 0 });
  });
});

describe(`Idempotency-Key on refunds (${process.env.TEST_ENGINE})`, () => {
  async function paidOrder() {
    const placed = await register(registrationBody([participant(), participant()]));
    return pay(placed.body.order.code as string);
  }

  it("refunds once for the same key and body sent twice: the same 201 and refund id, one refund, one email", async () => {
    const order = await paidOrder();
    const first = await refund(order.code, { amountCents: 1000 }, organizerToken, "refund-key");
    expect(first).toMatchObject({ status: 201, replayed: false, body: { refund: { amountCents: 1000 } } });
    const before = await counts();
    const again = await refund(order.code, { amountCents: 1000 }, organizerToken, "refund-key");
    expect(again).toMatchObject({ status: 201, replayed: true });
    expect(again.body).toEqual(first.body);
    expect(await counts()).toEqual(before);
    expect(before.refunds).toBe(1);
    // A new key is a new request: refused, as the order is refunded now (the key, not the body, says "the same").
    const fresh = await refund(order.code, { amountCents: 1000 }, organizerToken, "refund-key-2");
    expect(fresh.status).toBe(409);
    expect(fresh.body.error.code).toBe("refund_not_allowed");
    expect(await counts()).toEqual(before);
  });

  it("refunds once for ten requests with one key at the same moment", async () => {
    const order = await paidOrder();
    const answers = await Promise.all(Array.from({ length: 10 }, () => refund(order.code, {}, organizerToken, "refund-burst")));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
    expect(new Set(answers.map((a) => a.body.refund.refundId)).size).toBe(1);
    expect((await counts()).refunds).toBe(1);
    const { db, schema } = getConnection();
    const row = firstOf(await db.select().from(schema.orders).where(eq(schema.orders.id, order.id)));
    expect(row.status).toBe("refunded");
  });

  it("refuses the key with another amount or another order: 422 idempotency_key_reused, nothing refunded", async () => {
    const order = await paidOrder();
    const second = await paidOrder();
    await refund(order.code, { amountCents: 1000 }, organizerToken, "refund-key-3");
    const before = await counts();
    for (const [code, body] of [[order.code, { amountCents: 2000 }], [second.code, { amountCents: 1000 }]] as const) {
      const res = await refund(code, body, organizerToken, "refund-key-3");
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe("idempotency_key_reused");
    }
    expect(await counts()).toEqual(before);
  });
});

describe(`Idempotency-Key on pickups (${process.env.TEST_ENGINE})`, () => {
  async function confirmedEntry() {
    const placed = await register(registrationBody([participant()]));
    await pay(placed.body.order.code as string);
    const { db, schema } = getConnection();
    const entry = firstOf(await db.select().from(schema.registrations).where(eq(schema.registrations.id, placed.body.registrations[0].id as string)));
    return entry;
  }

  it("answers a handover sent again with the first answer (201, same time and desk), not already_collected, and logs it once", async () => {
    const entry = await confirmedEntry();
    const body = { bib: entry.bib, desk: "Desk 1" };
    const first = await pickup(body, volunteerToken, "scan-1");
    expect(first).toMatchObject({ status: 201, replayed: false });
    const before = await counts();
    expect(before).toMatchObject({ pickups: 1, scans: 1 });
    const again = await pickup(body, volunteerToken, "scan-1");
    expect(again).toMatchObject({ status: 201, replayed: true });
    expect(again.body).toEqual(first.body);
    expect(await counts()).toEqual(before);
    // The runner card is read again, not stored: the stored answer has no name or ID number.
    const { db, schema } = getConnection();
    const row = firstOf(await db.select().from(schema.idempotencyKeys));
    expect(JSON.parse(row.responseBody)).toEqual({ pickup: first.body.pickup });
    // Without the key, the same scan is a second handover attempt, refused and logged.
    const fresh = await pickup(body, volunteerToken);
    expect(fresh.status).toBe(409);
    expect(fresh.body.error.code).toBe("already_collected");
  });

  it("records one handover for 20 requests with one key at the same moment, each answered 201", async () => {
    const entry = await confirmedEntry();
    const answers = await Promise.all(Array.from({ length: 20 }, () => pickup({ bib: entry.bib, desk: "Desk 2" }, volunteerToken, "scan-burst")));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    expect(await counts()).toMatchObject({ pickups: 1, scans: 1, keys: 1 });
  });

  it("refuses the key with another desk or entry: 422 idempotency_key_reused, nothing logged", async () => {
    const entry = await confirmedEntry();
    const other = await confirmedEntry();
    await pickup({ bib: entry.bib, desk: "Desk 1" }, volunteerToken, "scan-2");
    const before = await counts();
    for (const body of [{ bib: entry.bib, desk: "Desk 9" }, { bib: other.bib, desk: "Desk 1" }]) {
      const res = await pickup(body, volunteerToken, "scan-2");
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe("idempotency_key_reused");
    }
    expect(await counts()).toEqual(before);
  });
});

describe(`Idempotency-Key scopes (${process.env.TEST_ENGINE})`, () => {
  it("never shares a key between routes or between callers: each gets its own answer", async () => {
    const key = "shared-key";
    const placed = await register(registrationBody([participant(), participant()]), key);
    expect(placed).toMatchObject({ status: 201, replayed: false });
    const order = await pay(placed.body.order.code as string);
    const { db, schema } = getConnection();
    const [a, b] = oneEach([0, 1], await db.select().from(schema.registrations).where(eq(schema.registrations.orderId, order.id)), "entry");

    // The key again from two other callers: another volunteer hands over the second entry with it, and the first
    // volunteer's second token (another scanner) is not answered from the first token's handover (a shared key
    // would have answered 422, another request) but told the packet is gone.
    const one = await pickup({ registrationId: a.id, desk: "Desk 1" }, volunteerToken, key);
    const two = await pickup({ registrationId: b.id, desk: "Desk 2" }, otherVolunteerToken, key);
    const three = await pickup({ registrationId: a.id, desk: "Desk 3" }, volunteerSecondToken, key);
    expect([one.status, two.status, one.replayed, two.replayed]).toEqual([201, 201, false, false]);
    expect(three.status).toBe(409);
    expect(three.body.error.code).toBe("already_collected");

    const refunded = await refund(order.code, { amountCents: 500 }, organizerToken, key);
    expect(refunded).toMatchObject({ status: 201, replayed: false });
    expect(await counts()).toMatchObject({ orders: 1, pickups: 2, refunds: 1, keys: 4 });
  });
});
