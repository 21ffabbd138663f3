/**
 * Registration and payment on both engines: capacity never oversells under concurrency, families get all seats
 * or none, holds expire by themselves, discount codes count their uses safely, payments confirm exactly once and
 * a late payment is honoured or refunded, refunds follow the policy.
 */
import { and, count, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { getConnection, withTransaction } from "../db";
import { eventInput, participant, raceInput, registrationBody, residentId } from "../../test/factories";
import { makeStaff, resetDatabase } from "../../test/db";
import { CLI_ACTOR } from "../actor";
import { DomainError } from "../errors";
import { createEvent } from "../events/manage-events";
import { getPublicEvent } from "../events/queries";
import { confirmPayment } from "../payments/confirm-payment";
import { cancelOwnEntry, refundOrder } from "../payments/refunds";
import { orderAccessToken } from "./order-access";
import { getOrderForOwner } from "./orders";
import { registerEntries } from "./register";
import { TEST_NOW } from "../../test/clock";
import { first, nth, present } from "../../core/lists";

const NOW = TEST_NOW;
const ctx = (now = NOW) => ({ clientIp: "203.0.113.7", now });

async function setup(overrides: { halfCapacity?: number; funCapacity?: number; holdMinutes?: number } = {}) {
  await createEvent(
    CLI_ACTOR,
    eventInput({
      races: [
        raceInput({ capacity: overrides.halfCapacity ?? 100, bibRanges: [] }),
        raceInput({ slug: "fun-run", name: { en: "Fun Run", zh: "欢乐跑" }, distanceMeters: 3500, minAge: 6, maxAge: 80, priceCents: 6000, capacity: overrides.funCapacity ?? 100, bibRanges: [] }),
      ],
    }),
  );
  if (overrides.holdMinutes) {
    const { schema } = getConnection();
    await withTransaction((tx) => tx.update(schema.events).set({ holdMinutes: present(overrides.holdMinutes) }).where(eq(schema.events.slug, "test-half-2027")));
  }
}

async function statusCounts() {
  const { db, schema } = getConnection();
  const rows = await db.select({ status: schema.registrations.status, n: count() }).from(schema.registrations).groupBy(schema.registrations.status);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

async function orderOf(code: string) {
  const { db, schema } = getConnection();
  const order = first(await db.select().from(schema.orders).where(eq(schema.orders.code, code)));
  return order;
}

async function expectCode(p: Promise<unknown>, code: string): Promise<DomainError> {
  const error = await p.then(() => null, (e: unknown) => e);
  expect(error, `expected ${code}`).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  return error as DomainError;
}

const child = () =>
  participant({
    race: "fun-run",
    givenName: "小雨",
    latinName: "Zhang Xiaoyu",
    gender: "F",
    birthDate: "2016-06-01",
    idType: "cn_resident_id",
    idNumber: residentId("2016-06-01", 1, true),
    tshirtSize: "130",
    predictedFinishSeconds: undefined,
    guardian: { name: "张伟", phone: "+86 138 0013 8000", idNumber: "E99999999", consent: true },
  });

describe(`registration on ${process.env.TEST_ENGINE}`, () => {
  beforeEach(async () => {
    await resetDatabase();
    process.env.RATE_LIMIT_REGISTRATIONS_PER_MINUTE = "0";
    (await import("../env")).resetEnvForTests();
  });

  it("registers a family across two races in one order, holds the seats, then confirms on payment", async () => {
    await setup();
    const result = await registerEntries("test-half-2027", registrationBody([participant(), child()]), ctx());
    expect(result.order).toMatchObject({ status: "pending", totalCents: 18000, currency: "CNY" });
    expect(result.order.paymentUrl).toMatch(/\/zh\/checkout\/FL-[0-9A-Z]{8}\?token=/);
    expect(result.registrations.map((r) => [r.race, r.status])).toEqual([["half", "held"], ["fun-run", "held"]]);
    expect(present(await getPublicEvent("test-half-2027")).races.map((r) => r.placesLeft)).toEqual([99, 99]);

    const order = await orderOf(result.order.code);
    expect(await confirmPayment({ orderId: order.id, provider: "simulated", providerPaymentId: "sim_1", amountCents: 18000, currency: "CNY", now: NOW })).toBe("confirmed");
    expect(await confirmPayment({ orderId: order.id, provider: "simulated", providerPaymentId: "sim_1", amountCents: 18000, currency: "CNY", now: NOW })).toBe("already_confirmed");
    expect(await statusCounts()).toEqual({ confirmed: 2 });
    expect((await orderOf(result.order.code)).status).toBe("paid");
    const { db, schema } = getConnection();
    const mails = await db.select().from(schema.emailOutbox);
    expect(mails).toHaveLength(1);
    expect(first(mails).subject).toContain(result.order.code);
    expect(first(mails).html).toContain("data:image/png;base64,"); // QR codes
    expect(first(mails).textBody).toContain("张小雨");
    const actions = (await db.select().from(schema.auditLog)).map((a) => a.action);
    expect(actions.filter((a) => a === "order.paid")).toHaveLength(1);
  });

  it("rejects rule violations with field paths and stores nothing", async () => {
    await setup();
    const tooOld = participant({ birthDate: "1940-01-01" });
    const e1 = await expectCode(registerEntries("test-half-2027", registrationBody([tooOld]), ctx()), "validation_failed");
    expect(e1.issues).toEqual([{ path: "participants.0.birthDate", key: "ageAboveMax", params: { max: 75, age: 87 } }]);
    const valid = residentId("1990-05-20", 3);
    const wrongCheck = valid.slice(0, 17) + (valid[17] === "1" ? "2" : "1");
    const badId = participant({ idType: "cn_resident_id", idNumber: wrongCheck, birthDate: "1990-05-20" });
    const e2 = await expectCode(registerEntries("test-half-2027", registrationBody([badId]), ctx()), "validation_failed");
    expect(first(e2.issues).path).toBe("participants.0.idNumber");
    const orphan: Record<string, unknown> = { ...child() };
    delete orphan.guardian;
    const e3 = await expectCode(registerEntries("test-half-2027", registrationBody([orphan]), ctx()), "validation_failed");
    expect(e3.issues).toEqual([{ path: "participants.0.guardian", key: "guardianRequired" }]);
    await expectCode(registerEntries("test-half-2027", registrationBody([participant()], { acceptTerms: false }), ctx()), "validation_failed");
    await expectCode(registerEntries("test-half-2027", registrationBody([participant()]), ctx(new Date("2027-03-20T00:00:00Z"))), "registration_closed");
    await expectCode(registerEntries("nope", registrationBody([participant()]), ctx()), "not_found");
    const { db, schema } = getConnection();
    expect(await db.select().from(schema.orders)).toEqual([]);
  });

  it("allows one live entry per document per event, again after the first expires or is refunded", async () => {
    await setup();
    const id = residentId("1990-05-20", 7);
    const runner = () => participant({ idType: "cn_resident_id", idNumber: id });
    const first = await registerEntries("test-half-2027", registrationBody([runner()]), ctx());
    const e = await expectCode(registerEntries("test-half-2027", registrationBody([runner()]), ctx()), "duplicate_entry");
    expect(e.issues).toEqual([{ path: "participants.0.idNumber", key: "duplicateEntry" }]);
    // After the 15-minute hold expires, the same runner may register again.
    const later = new Date(NOW.getTime() + 16 * 60_000);
    const second = await registerEntries("test-half-2027", registrationBody([runner()]), ctx(later));
    expect(second.order.code).not.toBe(first.order.code);
    expect((await orderOf(first.order.code)).status).toBe("expired");
  });

  it("sells exactly the capacity to 300 concurrent attempts, and a sold-out race says so", async () => {
    await setup({ halfCapacity: 50 });
    const attempts = await Promise.allSettled(Array.from({ length: 300 }, () => registerEntries("test-half-2027", registrationBody([participant()]), ctx())));
    const ok = attempts.filter((a) => a.status === "fulfilled");
    const failed = attempts.filter((a): a is PromiseRejectedResult => a.status === "rejected");
    expect(ok).toHaveLength(50);
    expect(new Set(failed.map((f) => (f.reason as DomainError).code))).toEqual(new Set(["sold_out"]));
    expect(await statusCounts()).toEqual({ held: 50 });
    expect(first(present(await getPublicEvent("test-half-2027"), "event").races).placesLeft).toBe(0);
  });

  it("gives a family all its seats or none", async () => {
    await setup({ funCapacity: 1 });
    await registerEntries("test-half-2027", registrationBody([child()]), ctx());
    const e = await expectCode(registerEntries("test-half-2027", registrationBody([participant(), { ...child(), idNumber: residentId("2016-06-01", 2, true) }]), ctx()), "sold_out");
    expect(e.issues).toEqual([{ path: "participants.1.race", key: "soldOut" }]);
    expect(present(await getPublicEvent("test-half-2027")).races.map((r) => r.placesLeft)).toEqual([100, 0]);
  });

  it("frees the seats of expired holds without anyone clicking", async () => {
    await setup({ halfCapacity: 2 });
    await registerEntries("test-half-2027", registrationBody([participant(), participant()]), ctx());
    await expectCode(registerEntries("test-half-2027", registrationBody([participant()]), ctx()), "sold_out");
    const later = new Date(NOW.getTime() + 15 * 60_000 + 1);
    // Counted as free at once, before any sweep has run:
    const { takenSeats } = await import("./holds");
    const race = first(present(await getPublicEvent("test-half-2027"), "event").races);
    expect((await takenSeats(getConnection().db, [race.id], later)).get(race.id)).toBe(0);
    const again = await registerEntries("test-half-2027", registrationBody([participant(), participant()]), ctx(later));
    expect(again.registrations).toHaveLength(2);
  });

  it("uses a discount code with 10 uses exactly 10 times under 100 concurrent tries", async () => {
    await setup();
    const { schema } = getConnection();
    const event = present(await getPublicEvent("test-half-2027"));
    await withTransaction((tx) =>
      tx.insert(schema.discountCodes).values({ id: "d1", eventId: event.id, code: "SPRING10", kind: "percent", value: 10, raceId: null, maxUses: 10, usedCount: 0, createdAt: NOW }),
    );
    const attempts = await Promise.allSettled(
      Array.from({ length: 100 }, () => registerEntries("test-half-2027", registrationBody([participant()], { discountCode: "spring10" }), ctx())),
    );
    const ok = attempts.filter((a): a is PromiseFulfilledResult<Awaited<ReturnType<typeof registerEntries>>> => a.status === "fulfilled");
    expect(ok).toHaveLength(10);
    expect(ok.every((o) => o.value.order.totalCents === 10800)).toBe(true);
    const code = first(await getConnection().db.select().from(schema.discountCodes));
    expect(code.usedCount).toBe(10);
  });

  it("confirms a 100% code and a free race without payment", async () => {
    await setup();
    const { schema } = getConnection();
    const event = present(await getPublicEvent("test-half-2027"));
    await withTransaction((tx) =>
      tx.insert(schema.discountCodes).values({ id: "d2", eventId: event.id, code: "GUEST", kind: "percent", value: 100, raceId: first(event.races).id, maxUses: null, usedCount: 0, createdAt: NOW }),
    );
    const result = await registerEntries("test-half-2027", registrationBody([participant()], { discountCode: "GUEST" }), ctx());
    expect(result.order).toMatchObject({ status: "paid", totalCents: 0, paymentUrl: null });
    expect(first(result.registrations).status).toBe("confirmed");
    const wrongRace = await expectCode(registerEntries("test-half-2027", registrationBody([child()], { discountCode: "GUEST" }), ctx()), "validation_failed");
    expect(wrongRace.issues).toEqual([{ path: "discountCode", key: "discountNotForRace" }]);
  });

  it("answers a free entry with the bib it was given on confirmation", async () => {
    await createEvent(CLI_ACTOR, eventInput({ slug: "free-run-2027", races: [raceInput({ priceCents: 0, bibRanges: [{ from: 501, to: 600 }] })] }));
    const result = await registerEntries("free-run-2027", registrationBody([participant()]), ctx());
    expect(result.order).toMatchObject({ status: "paid", totalCents: 0 });
    expect(result.registrations[0]).toMatchObject({ status: "confirmed", bib: "501" });
  });

  it("honours a payment after the hold expired when the seat is still free, refunds it when it is not", async () => {
    await setup({ halfCapacity: 1 });
    const first = await registerEntries("test-half-2027", registrationBody([participant()]), ctx());
    const late = new Date(NOW.getTime() + 20 * 60_000);
    const o1 = await orderOf(first.order.code);
    expect(await confirmPayment({ orderId: o1.id, provider: "simulated", providerPaymentId: "late_ok", amountCents: 12000, currency: "CNY", now: late })).toBe("confirmed");
    expect(await statusCounts()).toEqual({ confirmed: 1 });

    // Race full again: a second order expires, its seat goes to someone else, then its payment arrives.
    await resetDatabase();
    await setup({ halfCapacity: 1 });
    const slow = await registerEntries("test-half-2027", registrationBody([participant()]), ctx());
    const fast = await registerEntries("test-half-2027", registrationBody([participant()]), ctx(late));
    const oFast = await orderOf(fast.order.code);
    await confirmPayment({ orderId: oFast.id, provider: "simulated", providerPaymentId: "fast", amountCents: 12000, currency: "CNY", now: late });
    const oSlow = await orderOf(slow.order.code);
    expect(await confirmPayment({ orderId: oSlow.id, provider: "simulated", providerPaymentId: "slow", amountCents: 12000, currency: "CNY", now: late })).toBe("refunded_no_seat");
    const { db, schema } = getConnection();
    const refunds = await db.select().from(schema.refunds);
    expect(refunds).toEqual([expect.objectContaining({ orderId: oSlow.id, amountCents: 12000, status: "done", source: "system", reason: "late_payment_no_seat" })]);
    expect((await orderOf(slow.order.code)).status).toBe("refunded");
    expect(await statusCounts()).toEqual({ confirmed: 1, expired: 1 });
  });

  it("lets an organizer refund one entry, and the runner cancel under the refund policy", async () => {
    await setup();
    const organizer = await makeStaff("organizer");
    const { schema } = getConnection();
    const event = present(await getPublicEvent("test-half-2027"));
    await withTransaction((tx) => tx.insert(schema.eventRoles).values({ userId: organizer.userId, eventId: event.id, role: "organizer", createdAt: NOW }));
    await withTransaction((tx) =>
      tx.update(schema.events).set({ refundPolicy: [{ until: "2027-01-01T00:00:00Z", percent: 50 }] }).where(eq(schema.events.id, event.id)),
    );
    const result = await registerEntries("test-half-2027", registrationBody([participant(), child()]), ctx());
    const order = await orderOf(result.order.code);
    await confirmPayment({ orderId: order.id, provider: "simulated", providerPaymentId: "p1", amountCents: 18000, currency: "CNY", now: NOW });

    const other = await makeStaff("organizer");
    await expectCode(refundOrder(other, result.order.code, { registrationId: nth(result.registrations, 1).id }), "forbidden");
    await expectCode(refundOrder(organizer, result.order.code, { amountCents: 999999 }), "validation_failed");
    const refund = await refundOrder(organizer, result.order.code, { registrationId: nth(result.registrations, 1).id });
    expect(refund.amountCents).toBe(6000);

    const token = await orderAccessToken(order.id);
    await expectCode(cancelOwnEntry(result.order.code, "wrong-token", first(result.registrations).id, NOW), "not_found");
    const cancelled = await cancelOwnEntry(result.order.code, token, first(result.registrations).id, NOW);
    expect(cancelled.refundCents).toBe(6000); // 50% of 12000 before 2027
    expect(await statusCounts()).toEqual({ refunded: 2 });
    expect((await orderOf(result.order.code)).status).toBe("refunded");
    const refunds = await getConnection().db.select().from(schema.refunds).where(and(eq(schema.refunds.orderId, order.id), eq(schema.refunds.status, "done")));
    expect(refunds.map((r) => r.amountCents).sort()).toEqual([6000, 6000]);
    expect(present(await getPublicEvent("test-half-2027")).races.map((r) => r.placesLeft)).toEqual([100, 100]);
  });

  it("tells the runner what cancelling will give back, capped by what an organizer already refunded, and pays exactly that", async () => {
    await setup();
    const organizer = await makeStaff("organizer");
    const { schema } = getConnection();
    const event = (await getPublicEvent("test-half-2027"))!;
    await withTransaction((tx) => tx.insert(schema.eventRoles).values({ userId: organizer.userId, eventId: event.id, role: "organizer", createdAt: NOW }));
    await withTransaction((tx) =>
      tx.update(schema.events).set({ refundPolicy: [{ until: "2027-01-01T00:00:00Z", percent: 100 }] }).where(eq(schema.events.id, event.id)),
    );
    const result = await registerEntries("test-half-2027", registrationBody([participant(), child()]), ctx());
    const order = await orderOf(result.order.code);
    await confirmPayment({ orderId: order.id, provider: "simulated", providerPaymentId: "p1", amountCents: 18000, currency: "CNY", now: NOW });
    const token = await orderAccessToken(order.id);
    const [adult, kid] = [nth(result.registrations, 0).id, nth(result.registrations, 1).id];
    const offers = async () => {
      const { entries } = await getOrderForOwner(result.order.code, token, NOW);
      return [adult, kid].map((id) => entries.find((e) => e.id === id)?.cancelRefundCents);
    };
    expect(await offers()).toEqual([12000, 6000]);

    // An organizer refunds the child's entry with more than it cost (10,000 of the 18,000 paid): 8,000 is left, so the
    // runner is told 8,000 for the adult's entry, not the policy's 100% of 12,000, and the refunded entry offers nothing.
    await refundOrder(organizer, result.order.code, { registrationId: kid, amountCents: 10000 });
    expect(await offers()).toEqual([8000, null]);
    expect((await cancelOwnEntry(result.order.code, token, adult, NOW)).refundCents).toBe(8000);
    expect(await offers()).toEqual([null, null]);
  });

  it("refunds a second payment for an order that was paid and then cancelled, and leaves its entries cancelled", async () => {
    await setup();
    const result = await registerEntries("test-half-2027", registrationBody([participant()]), ctx());
    const order = await orderOf(result.order.code);
    await confirmPayment({ orderId: order.id, provider: "simulated", providerPaymentId: "first", amountCents: 12000, currency: "CNY", now: NOW });
    // No refund policy: the runner's cancel gives nothing back and the order ends cancelled.
    await cancelOwnEntry(result.order.code, await orderAccessToken(order.id), first(result.registrations).id, NOW);
    expect((await orderOf(result.order.code)).status).toBe("cancelled");
    expect(await confirmPayment({ orderId: order.id, provider: "simulated", providerPaymentId: "second", amountCents: 12000, currency: "CNY", now: NOW })).toBe("refunded_duplicate");
    expect(await statusCounts()).toEqual({ cancelled: 1 });
    expect((await orderOf(result.order.code)).status).toBe("cancelled");
  });

  it("rate-limits registrations per client address", async () => {
    await setup();
    process.env.RATE_LIMIT_REGISTRATIONS_PER_MINUTE = "2";
    (await import("../env")).resetEnvForTests();
    await registerEntries("test-half-2027", registrationBody([participant()]), ctx());
    await registerEntries("test-half-2027", registrationBody([participant()]), ctx());
    await expectCode(registerEntries("test-half-2027", registrationBody([participant()]), ctx()), "rate_limited");
    await registerEntries("test-half-2027", registrationBody([participant()]), { clientIp: "198.51.100.1", now: NOW });
  });
});
