/**
 * Discount codes on both engines: organizers create, list and change them (audited), volunteers and other
 * organizers are refused, input errors come with their field paths, a duplicate is 409, and a code made here is
 * what registration redeems: the right amounts, in any case, and never past its use limit, even when the limit is
 * lowered while runners register.
 */
import { and, count, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { GET as getCodes, POST as postCode } from "../../app/api/v1/events/[event]/discount-codes/route";
import { PATCH as patchCode } from "../../app/api/v1/events/[event]/discount-codes/[code]/route";
import { getConnection, withTransaction } from "../db";
import { eventInput, participant, raceInput, registrationBody, residentId } from "../../test/factories";
import { makeStaff, resetDatabase } from "../../test/db";
import { CLI_ACTOR, type Actor } from "../actor";
import { DomainError } from "../errors";
import { createApiToken } from "../auth/tokens";
import { registerEntries } from "../registration/register";
import { createDiscountCode, listDiscountCodes, presentDiscountCode, updateDiscountCode } from "./discount-codes";
import { createEvent } from "./manage-events";
import { first, nth, present } from "../../core/lists";

const EVENT = "test-half-2027";
const ctx = () => ({ clientIp: "203.0.113.9" });

async function expectDomainError(p: Promise<unknown>, code: string): Promise<DomainError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected ${code}`).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  return error as DomainError;
}

async function auditActions(): Promise<string[]> {
  const { db, schema } = getConnection();
  const rows = await db.select({ action: schema.auditLog.action }).from(schema.auditLog);
  return rows.map((r) => r.action).filter((a) => a.startsWith("discount_code."));
}

async function storedCodes() {
  const { db, schema } = getConnection();
  return db.select().from(schema.discountCodes);
}

const child = () =>
  participant({
    race: "fun-run",
    givenName: "小雨",
    latinName: "Zhang Xiaoyu",
    gender: "F",
    birthDate: "2016-06-01",
    idType: "cn_resident_id",
    idNumber: residentId("2016-06-01", Math.floor(Math.random() * 400), true),
    tshirtSize: "130",
    predictedFinishSeconds: undefined,
    guardian: { name: "张伟", phone: "+86 138 0013 8000", idNumber: "E99999999", consent: true },
  });

describe(`discount codes on ${process.env.TEST_ENGINE}`, () => {
  let organizer: Actor;

  beforeEach(async () => {
    await resetDatabase();
    process.env.RATE_LIMIT_REGISTRATIONS_PER_MINUTE = "0";
    (await import("../env")).resetEnvForTests();
    organizer = await makeStaff("organizer");
    // Registration always open (no window), so runners register at the real current time, as the codes' windows are.
    await createEvent(
      organizer,
      eventInput({
        registrationOpensAt: null,
        registrationClosesAt: null,
        races: [
          raceInput({ bibRanges: [] }),
          raceInput({ slug: "fun-run", name: { en: "Fun Run", zh: "欢乐跑" }, distanceMeters: 3500, minAge: 6, maxAge: 80, priceCents: 6000, bibRanges: [] }),
        ],
      }),
    );
  });

  it("creates a code upper case, lists it with its uses left, and audits it", async () => {
    const created = await createDiscountCode(organizer, EVENT, {
      code: "family10",
      kind: "percent",
      value: 10,
      race: "fun-run",
      validFrom: "2026-01-01T00:00",
      validUntil: "2099-01-01T00:00",
      maxUses: 500,
    });
    expect(created).toMatchObject({ code: "FAMILY10", kind: "percent", value: 10, race: "fun-run", currency: "CNY", maxUses: 500, usedCount: 0, usesLeft: 500, status: "active" });
    expect(created.validFrom?.toISOString()).toBe("2025-12-31T16:00:00.000Z"); // local time in Shanghai
    await createDiscountCode(CLI_ACTOR, EVENT, { code: "later", kind: "fixed", value: 1500, validFrom: "2099-01-01T00:00" });

    const list = await listDiscountCodes(organizer, EVENT);
    expect(list.map((c) => [c.code, c.status, c.usesLeft, c.race])).toEqual([
      ["LATER", "scheduled", null, null],
      ["FAMILY10", "active", 500, "fun-run"],
    ]);
    expect(presentDiscountCode(nth(list, 1), "Asia/Shanghai")).toMatchObject({
      code: "FAMILY10",
      race: "fun-run",
      validFrom: "2026-01-01T00:00:00+08:00",
      validUntil: "2099-01-01T00:00:00+08:00",
      maxUses: 500,
      usedCount: 0,
      usesLeft: 500,
      status: "active",
    });

    const { db, schema } = getConnection();
    const audit = first(await db.select().from(schema.auditLog).where(and(eq(schema.auditLog.action, "discount_code.create"), eq(schema.auditLog.entityId, created.id))));
    expect(audit.actorUserId).toBe((organizer as { userId: string }).userId);
    expect(audit.data).toMatchObject({ code: "FAMILY10", kind: "percent", value: 10, maxUses: 500, validFrom: "2025-12-31T16:00:00.000Z" });
  });

  it("reports invalid input by field and writes nothing", async () => {
    const error = await expectDomainError(
      createDiscountCode(organizer, EVENT, { code: "x!", kind: "percent", value: 150, race: "relay", validFrom: "2027-02-01T00:00", validUntil: "2027-01-01T00:00", maxUses: 0 }),
      "validation_failed",
    );
    expect(error.issues.map((i) => `${i.path}:${i.key}`)).toEqual(expect.arrayContaining(["code:tooShort", "maxUses:tooSmall"]));
    const later = await expectDomainError(
      createDiscountCode(organizer, EVENT, { code: "GOOD-1", kind: "percent", value: 150, race: "relay", validFrom: "2027-02-01T00:00", validUntil: "2027-01-01T00:00" }),
      "validation_failed",
    );
    expect(later.issues.map((i) => `${i.path}:${i.key}`)).toEqual(["value:percentRange", "race:unknownRace", "validUntil:endBeforeStart"]);
    const fixed = await expectDomainError(createDiscountCode(organizer, EVENT, { code: "FREE", kind: "fixed", value: 0 }), "validation_failed");
    expect(fixed.issues).toEqual([{ path: "value", key: "mustBeAbove", params: { minimum: 0 } }]);
    expect(await storedCodes()).toEqual([]);
    expect(await auditActions()).toEqual([]);
  });

  it("answers 409 duplicate_code for a code the event has in any case; another event may use it", async () => {
    await createDiscountCode(organizer, EVENT, { code: "SPRING", kind: "percent", value: 5 });
    const error = await expectDomainError(createDiscountCode(organizer, EVENT, { code: "spring", kind: "fixed", value: 100 }), "duplicate_code");
    expect(error.status).toBe(409);
    expect(error.issues).toEqual([{ path: "code", key: "discountCodeTaken" }]);
    await createEvent(organizer, eventInput({ slug: "other-2027", races: [raceInput({ bibRanges: [] })] }));
    await createDiscountCode(organizer, "other-2027", { code: "spring", kind: "percent", value: 5 });
    expect((await storedCodes()).map((c) => c.code)).toEqual(["SPRING", "SPRING"]);
  });

  it("lets only the event's organizers and admins see and change codes", async () => {
    const { db, schema } = getConnection();
    const event = first(await db.select().from(schema.events).where(eq(schema.events.slug, EVENT)));
    await createDiscountCode(organizer, EVENT, { code: "STAFF", kind: "percent", value: 5 });
    const volunteer = await makeStaff("volunteer", [{ eventId: event.id, role: "volunteer" }]);
    const otherOrganizer = await makeStaff("organizer");
    const admin = await makeStaff("admin");
    for (const actor of [volunteer, otherOrganizer]) {
      await expectDomainError(listDiscountCodes(actor, EVENT), "forbidden");
      await expectDomainError(createDiscountCode(actor, EVENT, { code: "MINE", kind: "percent", value: 50 }), "forbidden");
      await expectDomainError(updateDiscountCode(actor, EVENT, "STAFF", { maxUses: 1 }), "forbidden");
      // Refused before the code is looked up: a refusal does not tell which codes exist.
      await expectDomainError(updateDiscountCode(actor, EVENT, "NO-SUCH", { maxUses: 1 }), "forbidden");
    }
    expect((await storedCodes()).map((c) => [c.code, c.maxUses])).toEqual([["STAFF", null]]);
    expect(await auditActions()).toEqual(["discount_code.create"]);

    expect((await listDiscountCodes(admin, EVENT)).map((c) => c.code)).toEqual(["STAFF"]);
    await updateDiscountCode(admin, EVENT, "staff", { maxUses: 3 });
    await expectDomainError(listDiscountCodes(admin, "no-such-event"), "not_found");
    await expectDomainError(updateDiscountCode(admin, EVENT, "NO-SUCH", { maxUses: 1 }), "not_found");
  });

  it("is what registration redeems: the right amounts per entry, typed in any case", async () => {
    await createDiscountCode(organizer, EVENT, { code: "FAMILY10", kind: "percent", value: 10, race: "fun-run", maxUses: 500 });
    await createDiscountCode(organizer, EVENT, { code: "TEAM-20", kind: "fixed", value: 2000 });

    const family = await registerEntries(EVENT, registrationBody([participant(), child()], { discountCode: "family10" }), ctx());
    // Half 120.00 at full price; the fun run 60.00 less 10%.
    expect(family.order.totalCents).toBe(12000 + 5400);
    const { db, schema } = getConnection();
    const order = first(await db.select().from(schema.orders).where(eq(schema.orders.code, family.order.code)));
    expect(order.discountCents).toBe(600);
    const entries = await db.select().from(schema.registrations).where(eq(schema.registrations.orderId, order.id));
    expect(entries.map((e) => [e.priceCents, e.discountCents]).sort((a, b) => first(b) - first(a))).toEqual([
      [12000, 0],
      [6000, 600],
    ]);

    // Full-width, as a Chinese keyboard may type it; a fixed amount comes off each entry.
    const team = await registerEntries(EVENT, registrationBody([participant(), participant()], { discountCode: "ｔｅａｍ－２０" }), ctx());
    expect(team.order.totalCents).toBe(2 * (12000 - 2000));

    const list = await listDiscountCodes(organizer, EVENT);
    expect(list.map((c) => [c.code, c.usedCount, c.usesLeft])).toEqual(
      expect.arrayContaining([
        ["FAMILY10", 1, 499],
        ["TEAM-20", 1, null],
      ]),
    );
  });

  it("stops a code at its limit once lowered to the uses taken, and lets it go on when raised", async () => {
    await createDiscountCode(organizer, EVENT, { code: "TEN", kind: "percent", value: 10, maxUses: 10 });
    for (let i = 0; i < 2; i++) await registerEntries(EVENT, registrationBody([participant()], { discountCode: "TEN" }), ctx());

    const below = await expectDomainError(updateDiscountCode(organizer, EVENT, "TEN", { maxUses: 1 }), "validation_failed");
    expect(below.issues).toEqual([{ path: "maxUses", key: "maxUsesBelowUsed", params: { used: 2 } }]);
    const lowered = await updateDiscountCode(organizer, EVENT, "TEN", { maxUses: 2 });
    expect(lowered).toMatchObject({ maxUses: 2, usedCount: 2, usesLeft: 0, status: "used_up" });

    const refused = await expectDomainError(registerEntries(EVENT, registrationBody([participant()], { discountCode: "TEN" }), ctx()), "validation_failed");
    expect(refused.issues).toEqual([{ path: "discountCode", key: "discountUsedUp" }]);
    expect(first(await storedCodes()).usedCount).toBe(2);

    await updateDiscountCode(organizer, EVENT, "TEN", { maxUses: 3 });
    const third = await registerEntries(EVENT, registrationBody([participant()], { discountCode: "TEN" }), ctx());
    expect(third.order.totalCents).toBe(10800);

    const { db, schema } = getConnection();
    const updates = await db.select().from(schema.auditLog).where(eq(schema.auditLog.action, "discount_code.update"));
    expect(updates.map((u) => (u.data as { changes: unknown }).changes)).toEqual([{ maxUses: { from: 10, to: 2 } }, { maxUses: { from: 2, to: 3 } }]);
  });

  it("never lets a limit fall below the uses while runners register at the same moment", async () => {
    await createDiscountCode(organizer, EVENT, { code: "RUSH", kind: "percent", value: 10 });
    const registrations = Array.from({ length: 12 }, () => registerEntries(EVENT, registrationBody([participant()], { discountCode: "rush" }), ctx()));
    const lowering = new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 20))).then(() =>
      updateDiscountCode(organizer, EVENT, "RUSH", { maxUses: 6 }),
    );
    const [results, limit] = await Promise.all([Promise.allSettled(registrations), lowering.then((v) => v, (e: unknown) => e)]);

    const code = first(await storedCodes());
    const { db, schema } = getConnection();
    const withCode = first(await db.select({ n: count() }).from(schema.orders).where(eq(schema.orders.discountCodeId, code.id)));
    const succeeded = results.filter((r) => r.status === "fulfilled").length;
    expect(withCode.n).toBe(code.usedCount);
    expect(succeeded).toBe(code.usedCount);
    if (limit instanceof DomainError) {
      // The limit came too late: six uses were already taken, and the code was left as it was.
      expect(limit.issues[0]).toMatchObject({ path: "maxUses", key: "maxUsesBelowUsed" });
      expect(code.maxUses).toBeNull();
      expect(code.usedCount).toBe(12);
    } else {
      expect(code.maxUses).toBe(6);
      expect(code.usedCount).toBeLessThanOrEqual(6);
      // Everyone refused was refused for the limit, and only once it was reached.
      for (const r of results) if (r.status === "rejected") expect((r.reason as DomainError).issues).toEqual([{ path: "discountCode", key: "discountUsedUp" }]);
      if (succeeded < 12) expect(code.usedCount).toBe(6);
    }
  });

  it("reads the uses for a new limit only after a registration taking one has committed", async () => {
    const code = await createDiscountCode(organizer, EVENT, { code: "HOLD", kind: "percent", value: 10 });
    const d = getConnection().schema.discountCodes;
    let tookUse!: () => void;
    const useTaken = new Promise<void>((resolve) => (tookUse = resolve));
    // A registration's part, by hand: it takes a use under the code's lock and commits a moment later.
    const registration = withTransaction(async (tx) => {
      await getConnection().lockKeys(tx, [`discount:${code.id}`]);
      await tx.update(d).set({ usedCount: 2 }).where(eq(d.id, code.id));
      tookUse();
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    await useTaken;
    const lowering = updateDiscountCode(organizer, EVENT, "HOLD", { maxUses: 1 }).then(
      () => null,
      (e: unknown) => e,
    );
    await registration;
    const error = await lowering;
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).issues).toEqual([{ path: "maxUses", key: "maxUsesBelowUsed", params: { used: 2 } }]);
    expect(first(await storedCodes())).toMatchObject({ maxUses: null, usedCount: 2 });
  });

  it("fixes kind, value and race once used; changes them freely before", async () => {
    await createDiscountCode(organizer, EVENT, { code: "EARLY", kind: "percent", value: 10 });
    const changed = await updateDiscountCode(organizer, EVENT, "early", { kind: "fixed", value: 1000, race: "half" });
    expect(changed).toMatchObject({ kind: "fixed", value: 1000, race: "half" });
    await registerEntries(EVENT, registrationBody([participant()], { discountCode: "EARLY" }), ctx());

    const error = await expectDomainError(updateDiscountCode(organizer, EVENT, "EARLY", { value: 5000, race: null }), "validation_failed");
    expect(error.issues).toEqual([
      { path: "value", key: "changeAfterUse", params: { used: 1 } },
      { path: "race", key: "changeAfterUse", params: { used: 1 } },
    ]);
    const renamed = await expectDomainError(updateDiscountCode(organizer, EVENT, "EARLY", { code: "LATE" }), "validation_failed");
    expect(renamed.issues).toEqual([{ path: "code", key: "codeFixed" }]);
    expect(first(await storedCodes())).toMatchObject({ kind: "fixed", value: 1000, usedCount: 1 });
  });

  it("ends a code now: registration refuses it from then on, orders placed keep their discount", async () => {
    await createDiscountCode(organizer, EVENT, { code: "SUMMER", kind: "percent", value: 20, validUntil: "2099-12-31T23:59" });
    const before = await registerEntries(EVENT, registrationBody([participant()], { discountCode: "SUMMER" }), ctx());
    expect(before.order.totalCents).toBe(9600);

    const ended = await updateDiscountCode(organizer, EVENT, "SUMMER", { endNow: true });
    expect(ended.status).toBe("ended");
    expect(present(ended.validUntil).getTime()).toBeLessThanOrEqual(Date.now());
    const refused = await expectDomainError(registerEntries(EVENT, registrationBody([participant()], { discountCode: "SUMMER" }), ctx()), "validation_failed");
    expect(refused.issues).toEqual([{ path: "discountCode", key: "discountExpired" }]);

    // Ending it again changes nothing and records nothing.
    await updateDiscountCode(organizer, EVENT, "SUMMER", { endNow: true });
    expect(await auditActions()).toEqual(["discount_code.create", "discount_code.end"]);
    const { db, schema } = getConnection();
    const [order] = await db.select().from(schema.orders).where(eq(schema.orders.code, before.order.code));
    expect(order).toMatchObject({ totalCents: 9600, discountCents: 2400 });
  });

  it("speaks JSON through API v1: 201, the list, 409 duplicate_code and 422 with field messages, then PATCH", async () => {
    const { db, schema } = getConnection();
    const user = first(await db.select().from(schema.users).where(eq(schema.users.id, (organizer as { userId: string }).userId)));
    const { token } = await createApiToken(CLI_ACTOR, { email: user.email });
    const call = <P>(handler: (r: Request, c: { params: Promise<P> }) => Promise<Response>, method: string, params: P, body?: unknown) =>
      handler(
        new Request(`http://localhost/api/v1/events/${EVENT}/discount-codes`, {
          method,
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
        { params: Promise.resolve(params) },
      );

    const created = await call(postCode, "POST", { event: EVENT }, { code: "family10", kind: "percent", value: 10, race: "fun-run", validUntil: "2099-03-15T23:59", maxUses: 500 });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({
      discountCode: {
        code: "FAMILY10",
        kind: "percent",
        value: 10,
        currency: "CNY",
        race: "fun-run",
        validFrom: null,
        validUntil: "2099-03-15T23:59:00+08:00",
        maxUses: 500,
        usedCount: 0,
        usesLeft: 500,
        status: "active",
        createdAt: expect.stringMatching(/^2\d{3}-[\d:T.-]+\+08:00$/),
      },
    });

    const again = await call(postCode, "POST", { event: EVENT }, { code: "Family10", kind: "percent", value: 5 });
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ error: { code: "duplicate_code", message: expect.any(String), fields: { code: "is already a discount code of this event" } } });

    const bad = await call(postCode, "POST", { event: EVENT }, { code: "TWO WORDS", kind: "percent", value: 0, maxUses: 0 });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.fields).toEqual({
      code: "may only contain letters A–Z, digits and hyphens (e.g. FAMILY10)",
      value: "must be a whole percentage from 1 to 100",
      maxUses: "must be at least 1",
    });

    const list = await call(getCodes, "GET", { event: EVENT });
    expect(list.status).toBe(200);
    expect(list.headers.get("cache-control")).toBe("private, no-store");
    expect((await list.json()).discountCodes.map((c: { code: string }) => c.code)).toEqual(["FAMILY10"]);

    const ended = await call(patchCode, "PATCH", { event: EVENT, code: "family10" }, { endNow: true, maxUses: 100 });
    expect(ended.status).toBe(200);
    expect((await ended.json()).discountCode).toMatchObject({ code: "FAMILY10", maxUses: 100, usesLeft: 100, status: "ended" });
    const unknown = await call(patchCode, "PATCH", { event: EVENT, code: "NOPE" }, { maxUses: 1 });
    expect(unknown.status).toBe(404);
  });
});
