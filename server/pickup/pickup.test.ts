/**
 * Packet pickup on both engines (issue 4): handover by QR code, by bib and from a search; the runner card (masked
 * ID, guardian of a minor); a second handover refused with the first one's time and desk; ten attempts from two
 * desks at once record exactly one; unpaid, expired, cancelled and refunded entries and unknown codes refused; the
 * scan log with each reason and never the code; who may; search by last 4, bib and name; progress per race; and
 * the API route (POST and GET /api/v1/events/{event}/pickups).
 */
import { and, count, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET as getPickups, POST as postPickup } from "../../app/api/v1/events/[event]/pickups/route";
import { getConnection, withTransaction } from "../db";
import { makeStaff, resetDatabase } from "../../test/db";
import { eventInput, participant, raceInput, registrationBody, residentId } from "../../test/factories";
import { CLI_ACTOR, type Actor } from "../actor";
import { createApiToken } from "../auth/tokens";
import { DomainError } from "../errors";
import { createEvent } from "../events/manage-events";
import { getPublicEvent } from "../events/queries";
import { confirmPayment } from "../payments/confirm-payment";
import { cancelEntry, refundEntry } from "../registration/manage-entries";
import { registerEntries } from "../registration/register";
import { LOOKUP_LIMIT, lookupForPickup } from "./lookup";
import { pickupProgress } from "./progress";
import { findForPickup, findForPickupByBib, recordPickup } from "./record-pickup";
import { TEST_NOW } from "../../test/clock";
import { first, oneEach, present } from "../../core/lists";

const EVENT = "test-half-2027";
const NOW = TEST_NOW;
const LATER = new Date("2027-04-17T02:15:00Z");

let organizer: Actor & { kind: "user" };
let volunteer: Actor & { kind: "user" };
let otherVolunteer: Actor & { kind: "user" };
let otherOrganizer: Actor & { kind: "user" };

const adultId = residentId("1990-05-20", 21, true);
const adult = () => participant({ familyName: "王", givenName: "芳", latinName: "Wang Fang", gender: "F", idType: "cn_resident_id", idNumber: adultId, birthDate: "1990-05-20" });
const child = () =>
  participant({
    race: "fun-run",
    familyName: "王",
    givenName: "小明",
    latinName: "Wang Xiaoming",
    birthDate: "2016-06-01",
    idType: "cn_resident_id",
    idNumber: residentId("2016-06-01", 4),
    tshirtSize: "130",
    guardian: { name: "王芳", phone: "+86 138 0013 8000", idNumber: "E77776666", consent: true },
  });

async function setup() {
  await resetDatabase();
  organizer = await makeStaff("organizer");
  await createEvent(
    organizer,
    eventInput({
      races: [
        raceInput({ capacity: 50, bibRanges: [] }),
        raceInput({ slug: "fun-run", name: { en: "Fun Run", zh: "欢乐跑" }, distanceMeters: 3500, minAge: 6, maxAge: 80, priceCents: 6000, capacity: 50, bibRanges: [], waves: [] }),
      ],
    }),
  );
  otherOrganizer = await makeStaff("organizer");
  await createEvent(otherOrganizer, eventInput({ slug: "other-event", races: [raceInput({ bibRanges: [] })] }));
  const event = present(await getPublicEvent(EVENT));
  const other = present(await getPublicEvent("other-event"));
  volunteer = await makeStaff("volunteer", [{ eventId: event.id, role: "volunteer" }]);
  otherVolunteer = await makeStaff("volunteer", [{ eventId: other.id, role: "volunteer" }]);
}

let ip = 0;
const ctx = () => ({ clientIp: `203.0.113.${(ip++ % 250) + 1}`, now: NOW });

async function pay(code: string) {
  const { db, schema } = getConnection();
  const order = first(await db.select().from(schema.orders).where(eq(schema.orders.code, code)));
  await confirmPayment({ orderId: order.id, provider: "simulated", providerPaymentId: `sim_${order.id}`, amountCents: order.totalCents, currency: "CNY", now: NOW });
}

/** Bib (and the half's wave A) set as the bib assignment would. */
async function giveBib(registrationId: string, bib: string) {
  const { db, schema } = getConnection();
  const reg = first(await db.select().from(schema.registrations).where(eq(schema.registrations.id, registrationId)));
  const [wave] = await db.select().from(schema.waves).where(eq(schema.waves.raceId, reg.raceId));
  await withTransaction((tx) => tx.update(schema.registrations).set({ bib, waveId: wave?.id ?? null }).where(eq(schema.registrations.id, registrationId)));
}

async function tokenOf(registrationId: string): Promise<string> {
  const { db, schema } = getConnection();
  const reg = first(await db.select({ t: schema.registrations.pickupToken }).from(schema.registrations).where(eq(schema.registrations.id, registrationId)));
  return reg.t;
}

/** A paid family order: the parent (half, bib 101) and the child (fun run, bib 5001). */
async function paidFamily() {
  const result = await registerEntries(EVENT, registrationBody([adult(), child()], { email: "wang.fang@example.com" }), ctx());
  await pay(result.order.code);
  const [parent, kid] = oneEach([0, 1], result.registrations.map((r) => r.id), "entry");
  await giveBib(parent, "101");
  await giveBib(kid, "5001");
  return { parent, kid };
}

async function paidRunner(overrides: Record<string, unknown> = {}, bib?: string) {
  const result = await registerEntries(EVENT, registrationBody([participant(overrides)]), ctx());
  await pay(result.order.code);
  const id = first(result.registrations).id;
  if (bib) await giveBib(id, bib);
  return id;
}

async function expectRefusal(p: Promise<unknown>, code: string): Promise<DomainError> {
  const error = await p.then(() => null, (e: unknown) => e);
  expect(error, `expected ${code}`).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  return error as DomainError;
}

async function scans() {
  const { db, schema } = getConnection();
  return db.select().from(schema.pickupScans).orderBy(schema.pickupScans.id);
}

async function pickupRows(registrationId?: string) {
  const { db, schema } = getConnection();
  return db
    .select()
    .from(schema.pickups)
    .where(registrationId ? eq(schema.pickups.registrationId, registrationId) : undefined);
}

async function auditCount(action: string) {
  const { db, schema } = getConnection();
  const row = first(await db.select({ n: count() }).from(schema.auditLog).where(eq(schema.auditLog.action, action)));
  return row.n;
}

describe(`packet pickup on ${process.env.TEST_ENGINE}`, () => {
  beforeAll(async () => {
    process.env.RATE_LIMIT_REGISTRATIONS_PER_MINUTE = "0";
    (await import("../env")).resetEnvForTests();
  });
  beforeEach(setup);

  it("hands a packet over by QR code: the runner card, the pickup, checked_in_at, the scan log (without the code) and the audit", async () => {
    const { parent } = await paidFamily();
    const code = await tokenOf(parent);
    const result = await recordPickup(volunteer, EVENT, { code, desk: "  Desk 1 " }, { now: LATER });
    expect(result.pickup).toEqual({ registrationId: parent, at: LATER.toISOString(), desk: "Desk 1" });
    expect(result.runner).toEqual({
      registrationId: parent,
      status: "confirmed",
      name: { native: "王芳", latin: "Wang Fang" },
      gender: "F",
      race: { slug: "half", name: { en: "Half Marathon", zh: "半程马拉松" } },
      bib: "101",
      wave: "A",
      tshirtSize: "M",
      idType: "cn_resident_id",
      idNumber: `**************${adultId.slice(-4)}`,
      ageOnRaceDay: 36,
      minor: false,
      guardian: null,
      pickup: { at: LATER.toISOString(), desk: "Desk 1" },
    });

    const row = first(await pickupRows(parent));
    expect(row).toMatchObject({ desk: "Desk 1", byUserId: volunteer.userId, byLabel: volunteer.label, at: LATER });
    const { db, schema } = getConnection();
    const reg = first(await db.select().from(schema.registrations).where(eq(schema.registrations.id, parent)));
    expect(reg.checkedInAt).toEqual(LATER);
    const log = await scans();
    expect(log).toEqual([expect.objectContaining({ registrationId: parent, method: "code", bib: "101", desk: "Desk 1", byLabel: volunteer.label, outcome: "collected", at: LATER })]);
    expect(JSON.stringify(log)).not.toContain(code);
    const [audit] = await db.select().from(schema.auditLog).where(and(eq(schema.auditLog.action, "registration.pickup"), eq(schema.auditLog.entityId, parent)));
    expect(audit).toMatchObject({ actorUserId: volunteer.userId, entityType: "registration", data: { desk: "Desk 1", method: "code", pickupId: row.id } });
  });

  it("hands a minor's packet over by bib (typed full-width) and shows the guardian to check", async () => {
    const { kid } = await paidFamily();
    const check = await findForPickup(volunteer, EVENT, { bib: "５００１" }, { now: LATER });
    expect(check).toMatchObject({ ready: true, refusal: null });
    expect(check.runner).toMatchObject({ registrationId: kid, name: { native: "王小明", latin: "Wang Xiaoming" }, race: { slug: "fun-run" }, bib: "5001", wave: null, tshirtSize: "130", minor: true, ageOnRaceDay: 10 });
    expect(check.runner.guardian).toEqual({ name: "王芳", phone: "+86 138 0013 8000" });
    expect(JSON.stringify(check)).not.toContain("E77776666");
    expect(await scans(), "a look-up without a desk only reads").toEqual([]);

    const result = await recordPickup(organizer, EVENT, { bib: "5001", desk: "Family desk" }, { now: LATER });
    expect(result.runner.guardian).toEqual({ name: "王芳", phone: "+86 138 0013 8000" });
    expect((await scans()).map((s) => [s.method, s.bib, s.outcome])).toEqual([["bib", "5001", "collected"]]);
    expect((await findForPickupByBib(volunteer, EVENT, "5001")).runner.pickup).toEqual({ at: LATER.toISOString(), desk: "Family desk" });
  });

  it("shows a Western runner's name given name first on the card (core/names.ts)", async () => {
    const id = await paidRunner({ familyName: "Müller", givenName: "Anna", latinName: undefined, gender: "F", nationality: "DE" }, "102");
    const check = await findForPickup(volunteer, EVENT, { bib: "102" }, { now: LATER });
    expect(check.runner).toMatchObject({ registrationId: id, name: { native: "Anna Müller", latin: null } });
  });

  it("refuses a second handover with the first one's time and desk, and logs it", async () => {
    const { parent } = await paidFamily();
    await recordPickup(volunteer, EVENT, { bib: "101", desk: "Desk 1" }, { now: LATER });
    const again = await expectRefusal(recordPickup(organizer, EVENT, { code: await tokenOf(parent), desk: "Desk 2" }, { now: new Date(LATER.getTime() + 60_000) }), "already_collected");
    expect(again.status).toBe(409);
    expect(again.details).toEqual({ at: LATER.toISOString(), desk: "Desk 1" });
    expect(again.message).toContain("Desk 1");
    expect(await pickupRows()).toHaveLength(1);
    expect((await scans()).map((s) => [s.method, s.desk, s.outcome, s.registrationId])).toEqual([
      ["bib", "Desk 1", "collected", parent],
      ["code", "Desk 2", "already_collected", parent],
    ]);
    // A desk's preview says so too, and logs the refusal when it names the desk.
    const preview = await findForPickup(volunteer, EVENT, { registrationId: parent, desk: "Desk 3" });
    expect(preview).toMatchObject({ ready: false, refusal: { code: "already_collected", details: { at: LATER.toISOString(), desk: "Desk 1" } } });
    expect((await scans()).at(-1)).toMatchObject({ method: "search", desk: "Desk 3", outcome: "already_collected" });
    expect(await auditCount("registration.pickup")).toBe(1);
  });

  it("records exactly one handover when ten attempts from two desks arrive at once", async () => {
    for (let round = 0; round < 3; round++) {
      await setup();
      const { parent } = await paidFamily();
      const code = await tokenOf(parent);
      const attempts = Array.from({ length: 10 }, (_, i) =>
        recordPickup(i % 2 ? volunteer : organizer, EVENT, i % 3 ? { code, desk: i % 2 ? "Desk A" : "Desk B" } : { bib: "101", desk: i % 2 ? "Desk A" : "Desk B" }, { now: new Date(LATER.getTime() + i) }),
      );
      const outcomes = await Promise.allSettled(attempts);
      const won = outcomes.filter((o): o is PromiseFulfilledResult<Awaited<(typeof attempts)[number]>> => o.status === "fulfilled");
      expect(won).toHaveLength(1);
      const winner = first(won).value.pickup;
      for (const o of outcomes) {
        if (o.status === "fulfilled") continue;
        expect(o.reason).toBeInstanceOf(DomainError);
        expect((o.reason as DomainError).code).toBe("already_collected");
        expect((o.reason as DomainError).details).toEqual({ at: winner.at, desk: winner.desk });
      }
      const rows = await pickupRows(parent);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ desk: winner.desk, at: new Date(winner.at) });
      const log = await scans();
      expect(log.filter((s) => s.outcome === "collected")).toHaveLength(1);
      expect(log.filter((s) => s.outcome === "already_collected")).toHaveLength(9);
      expect(await auditCount("registration.pickup")).toBe(1);
    }
  });

  it("refuses unpaid, expired, cancelled and refunded entries and unknown codes, each logged with its reason", async () => {
    const held = await registerEntries(EVENT, registrationBody([participant()]), ctx());
    const heldId = first(held.registrations).id;
    await giveBib(heldId, "120");
    const unpaid = await expectRefusal(recordPickup(volunteer, EVENT, { code: await tokenOf(heldId), desk: "Desk 1" }, { now: NOW }), "not_confirmed");
    expect(unpaid.details).toEqual({ status: "held" });
    expect(unpaid.message).toMatch(/awaiting payment/);
    const expired = await expectRefusal(recordPickup(volunteer, EVENT, { bib: "120", desk: "Desk 1" }, { now: LATER }), "not_confirmed");
    expect(expired.details).toEqual({ status: "expired" });

    const { parent, kid } = await paidFamily();
    await cancelEntry(organizer, EVENT, parent, { notify: false });
    const cancelled = await expectRefusal(recordPickup(volunteer, EVENT, { bib: "101", desk: "Desk 2" }, { now: LATER }), "not_confirmed");
    expect(cancelled.details).toEqual({ status: "cancelled" });
    expect(cancelled.message).toMatch(/cancelled/);
    const refundedId = await paidRunner({}, "130");
    await refundEntry(organizer, EVENT, refundedId, { scope: "entry" });
    const refunded = await expectRefusal(recordPickup(volunteer, EVENT, { bib: "130", desk: "Desk 2" }, { now: LATER }), "not_confirmed");
    expect(refunded.details).toEqual({ status: "refunded" });

    const unknownCode = await expectRefusal(recordPickup(volunteer, EVENT, { code: "not-a-code-at-all", desk: "Desk 3" }, { now: LATER }), "not_found");
    expect(unknownCode.status).toBe(404);
    await expectRefusal(recordPickup(volunteer, EVENT, { bib: "9999", desk: "Desk 3" }, { now: LATER }), "not_found");
    // Another event's entry is unknown here, whatever its code.
    const otherResult = await registerEntries("other-event", registrationBody([participant()]), ctx());
    await expectRefusal(recordPickup(volunteer, EVENT, { code: await tokenOf(first(otherResult.registrations).id), desk: "Desk 3" }, { now: LATER }), "not_found");

    expect((await scans()).map((s) => [s.method, s.bib, s.outcome, s.registrationId])).toEqual([
      ["code", "120", "not_confirmed", heldId],
      ["bib", "120", "not_confirmed", heldId],
      ["bib", "101", "cancelled", parent],
      ["bib", "130", "cancelled", refundedId],
      ["code", null, "unknown", null],
      ["bib", "9999", "unknown", null],
      ["code", null, "unknown", null],
    ]);
    expect(await pickupRows()).toEqual([]);
    // The rest of the order is still collected as usual.
    await recordPickup(volunteer, EVENT, { registrationId: kid, desk: "Desk 2" }, { now: LATER });
    expect((await scans()).at(-1)).toMatchObject({ method: "search", outcome: "collected", registrationId: kid });
  });

  it("looks up by bib, code and entry in one query with the same answers: 404 event, 403 outsider before 422, admin and CLI without a role", async () => {
    const { parent, kid } = await paidFamily();
    const admin = await makeStaff("admin");
    // The desk's look-up gives the card findEntryRow gives, for each kind of key and each kind of actor.
    const byBib = await findForPickup(volunteer, EVENT, { bib: "101" }, { now: LATER });
    expect(byBib).toMatchObject({ ready: true, refusal: null, runner: { registrationId: parent, bib: "101", race: { slug: "half" }, wave: "A", pickup: null } });
    expect(await findForPickup(organizer, EVENT, { code: await tokenOf(kid) }, { now: LATER })).toMatchObject({ runner: { registrationId: kid, bib: "5001" } });
    expect(await findForPickup(admin, EVENT, { registrationId: parent }, { now: LATER })).toEqual(byBib);
    expect(await findForPickup(CLI_ACTOR, EVENT, { bib: "101" }, { now: LATER })).toEqual(byBib);
    await expectRefusal(findForPickup(volunteer, EVENT, { registrationId: "not-a-uuid" }, { now: LATER }), "not_found");
    await expectRefusal(findForPickup(volunteer, EVENT, { bib: "9999" }, { now: LATER }), "not_found");
    // Another event's entry is not found through this event.
    await expectRefusal(findForPickup(otherVolunteer, "other-event", { bib: "101" }, { now: LATER }), "not_found");
    await expectRefusal(findForPickup(volunteer, "no-such-event", { bib: "101" }), "not_found");
    await expectRefusal(findForPickup(otherOrganizer, EVENT, { bib: "101" }), "forbidden");
    // A bad look-up by someone who does not work on the event is refused for who they are first, then for what they sent.
    await expectRefusal(findForPickup(otherVolunteer, EVENT, {}), "forbidden");
    await expectRefusal(findForPickup(volunteer, "no-such-event", {}), "not_found");
    await expectRefusal(findForPickup(volunteer, EVENT, {}), "validation_failed");
    // Collected: the card says so, whoever looks.
    await recordPickup(volunteer, EVENT, { bib: "101", desk: "Desk 1" }, { now: LATER });
    expect(await findForPickup(admin, EVENT, { bib: "101" }, { now: LATER })).toMatchObject({ ready: false, refusal: { code: "already_collected" }, runner: { pickup: { desk: "Desk 1" } } });
  });

  it("lets the event's volunteers and organizers and admins work a desk, nobody else; refusals write nothing", async () => {
    await paidFamily();
    const admin = await makeStaff("admin");
    const otherOrgVolunteerOfEvent = await makeStaff("volunteer");
    await expectRefusal(recordPickup(otherVolunteer, EVENT, { bib: "101", desk: "Desk 1" }), "forbidden");
    await expectRefusal(recordPickup(otherOrganizer, EVENT, { bib: "101", desk: "Desk 1" }), "forbidden");
    await expectRefusal(recordPickup(otherOrgVolunteerOfEvent, EVENT, { bib: "101", desk: "Desk 1" }), "forbidden");
    await expectRefusal(findForPickup(otherVolunteer, EVENT, { bib: "101", desk: "Desk 1" }), "forbidden");
    await expectRefusal(lookupForPickup(otherVolunteer, EVENT, "101"), "forbidden");
    await expectRefusal(pickupProgress(otherOrganizer, EVENT), "forbidden");
    await expectRefusal(recordPickup(volunteer, "no-such-event", { bib: "101", desk: "Desk 1" }), "not_found");
    expect(await scans()).toEqual([]);
    expect(await pickupRows()).toEqual([]);

    await recordPickup(admin, EVENT, { bib: "101", desk: "Desk 1" }, { now: LATER });
    await recordPickup(CLI_ACTOR, EVENT, { bib: "5001", desk: "Desk 1" }, { now: LATER });
    expect((await pickupRows()).map((p) => p.byLabel).sort()).toEqual(["cli", admin.label].sort());
  });

  it("validates the desk and the key: 422 with the fields", async () => {
    await paidFamily();
    const noDesk = await expectRefusal(recordPickup(volunteer, EVENT, { bib: "101", desk: "  " }), "validation_failed");
    expect(noDesk.issues).toEqual([{ path: "desk", key: "required" }]);
    const longDesk = await expectRefusal(recordPickup(volunteer, EVENT, { bib: "101", desk: "D".repeat(41) }), "validation_failed");
    expect(longDesk.issues).toEqual([{ path: "desk", key: "tooLong", params: { maximum: 40 } }]);
    const none = await expectRefusal(recordPickup(volunteer, EVENT, { desk: "Desk 1" }), "validation_failed");
    expect(none.issues).toEqual([{ path: "code", key: "codeOrBibRequired" }]);
    const both = await expectRefusal(recordPickup(volunteer, EVENT, { code: "abc", bib: "101", desk: "Desk 1" }), "validation_failed");
    expect(both.issues).toEqual([{ path: "bib", key: "codeOrBibOnlyOne" }]);
    expect(await scans()).toEqual([]);
    expect(await recordPickup(volunteer, EVENT, { bib: "101", desk: "D".repeat(40) })).toBeTruthy();
  });

  it("finds runners by the last 4 of the ID, by bib and by name (either script, any case), masked, with their pickup state", async () => {
    const { parent, kid } = await paidFamily();
    await recordPickup(volunteer, EVENT, { bib: "5001", desk: "Desk 1" }, { now: LATER });
    const byId = await lookupForPickup(volunteer, EVENT, adultId.slice(-4));
    expect(byId.runners.map((r) => r.registrationId)).toEqual([parent]);
    expect(first(byId.runners).idNumber).toBe(`**************${adultId.slice(-4)}`);
    expect(JSON.stringify(byId)).not.toContain(adultId);
    expect((await lookupForPickup(volunteer, EVENT, " 101 ")).runners.map((r) => r.registrationId)).toEqual([parent]);
    const byName = await lookupForPickup(volunteer, EVENT, "王");
    expect(byName.runners.map((r) => [r.name.native, r.pickup?.desk ?? null]).sort()).toEqual([
      ["王小明", "Desk 1"],
      ["王芳", null],
    ]);
    expect((await lookupForPickup(volunteer, EVENT, "wang XIAO")).runners.map((r) => r.registrationId)).toEqual([kid]);
    expect((await lookupForPickup(volunteer, EVENT, "fang wang")).runners.map((r) => r.registrationId)).toEqual([parent]);
    expect((await lookupForPickup(volunteer, EVENT, "nobody")).runners).toEqual([]);
    // A percent sign is a character, not a wildcard.
    expect((await lookupForPickup(volunteer, EVENT, "%")).runners).toEqual([]);
    await expectRefusal(lookupForPickup(volunteer, EVENT, "   "), "validation_failed");

    // A short list: at most LOOKUP_LIMIT, and "more" says there were others.
    for (let i = 0; i < LOOKUP_LIMIT; i++) await paidRunner({ familyName: "李", givenName: `雷${i}`, latinName: `Li Lei` });
    const many = await lookupForPickup(volunteer, EVENT, "li lei");
    expect(many.runners).toHaveLength(LOOKUP_LIMIT);
    expect(many.more).toBe(false);
    await paidRunner({ familyName: "李", givenName: "雷雷", latinName: "Li Lei" });
    expect((await lookupForPickup(volunteer, EVENT, "li lei")).more).toBe(true);
  });

  it("counts collected out of confirmed per race", async () => {
    const { parent } = await paidFamily();
    await paidRunner({}, "102");
    await registerEntries(EVENT, registrationBody([participant()]), ctx()); // held: not counted
    const cancelled = await paidRunner();
    await cancelEntry(organizer, EVENT, cancelled, { notify: false });
    expect((await pickupProgress(volunteer, EVENT)).races.map((r) => [r.slug, r.collected, r.confirmed])).toEqual([
      ["half", 0, 2],
      ["fun-run", 0, 1],
    ]);
    await recordPickup(volunteer, EVENT, { registrationId: parent, desk: "Desk 1" });
    await recordPickup(volunteer, EVENT, { bib: "5001", desk: "Desk 1" });
    const progress = await pickupProgress(organizer, EVENT);
    expect(progress.races.map((r) => [r.slug, r.collected, r.confirmed])).toEqual([
      ["half", 1, 2],
      ["fun-run", 1, 1],
    ]);
    expect(progress.total).toEqual({ collected: 2, confirmed: 3 });
    expect(progress.event).toMatchObject({ slug: EVENT, timezone: "Asia/Shanghai" });
  });

  describe("API: /api/v1/events/{event}/pickups", () => {
    const BASE = "http://localhost/api/v1";
    const params = { params: Promise.resolve({ event: EVENT }) };
    async function tokenOfActor(actor: Actor & { kind: "user" }) {
      const { db, schema } = getConnection();
      const user = first(await db.select().from(schema.users).where(eq(schema.users.id, actor.userId)));
      return (await createApiToken(CLI_ACTOR, { email: user.email })).token;
    }
    const post = (token: string | null, body: unknown) =>
      postPickup(
        new Request(`${BASE}/events/${EVENT}/pickups`, {
          method: "POST",
          headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify(body),
        }),
        params,
      );
    const get = (token: string, query: string) => getPickups(new Request(`${BASE}/events/${EVENT}/pickups?${query}`, { headers: { authorization: `Bearer ${token}` } }), params);

    it("records with a volunteer's token: 201, then 409 already_collected with details, 404, 409 not_confirmed, 422, 401, 403", async () => {
      const { parent, kid } = await paidFamily();
      const token = await tokenOfActor(volunteer);
      const created = await post(token, { code: await tokenOf(parent), desk: "Desk 2" });
      expect(created.status).toBe(201);
      const body = await created.json();
      expect(body.pickup).toMatchObject({ registrationId: parent, desk: "Desk 2" });
      expect(body.runner).toMatchObject({ bib: "101", race: { slug: "half" }, wave: "A", tshirtSize: "M", minor: false });
      expect(created.headers.get("cache-control")).toContain("no-store");

      const again = await post(token, { bib: 101, desk: "Desk 3" });
      expect(again.status).toBe(409);
      expect(await again.json()).toEqual({ error: { code: "already_collected", message: expect.stringContaining("Desk 2"), details: { at: body.pickup.at, desk: "Desk 2" } } });

      const unknown = await post(token, { code: "nope", desk: "Desk 3" });
      expect(unknown.status).toBe(404);
      expect((await unknown.json()).error.code).toBe("not_found");

      await cancelEntry(organizer, EVENT, kid, { notify: false });
      const notConfirmed = await post(token, { bib: "5001", desk: "Desk 3" });
      expect(notConfirmed.status).toBe(409);
      expect((await notConfirmed.json()).error).toMatchObject({ code: "not_confirmed", details: { status: "cancelled" } });

      const invalid = await post(token, { bib: "5001" });
      expect(invalid.status).toBe(422);
      expect((await invalid.json()).error).toMatchObject({ code: "validation_failed", fields: { desk: "is required" } });
      const neither = await post(token, { desk: "Desk 3" });
      expect((await neither.json()).error.fields).toEqual({ code: "send exactly one of code, bib or registrationId" });
      const notObject = await post(token, ["bib"]);
      expect(notObject.status).toBe(422);

      expect((await post(null, { bib: "101", desk: "Desk 3" })).status).toBe(401);
      expect((await post(await tokenOfActor(otherVolunteer), { bib: "101", desk: "Desk 3" })).status).toBe(403);
      expect((await post(await tokenOfActor(otherOrganizer), { bib: "101", desk: "Desk 3" })).status).toBe(403);
      expect((await scans()).map((s) => s.outcome)).toEqual(["collected", "already_collected", "unknown", "cancelled"]);
    });

    it("looks up by bib, code or search without logging", async () => {
      const { parent } = await paidFamily();
      const token = await tokenOfActor(organizer);
      const byBib = await get(token, "bib=101");
      expect(byBib.status).toBe(200);
      expect(await byBib.json()).toMatchObject({ ready: true, refusal: null, runner: { registrationId: parent, bib: "101", pickup: null } });
      const byCode = await get(token, `code=${encodeURIComponent(await tokenOf(parent))}`);
      expect((await byCode.json()).runner.registrationId).toBe(parent);
      expect((await get(token, "bib=4040")).status).toBe(404);
      const search = await get(token, "q=wang");
      expect((await search.json()).runners.map((r: { registrationId: string }) => r.registrationId)).toHaveLength(2);
      expect(await scans()).toEqual([]);
      // With a desk, a refused look-up is logged.
      expect((await get(token, "bib=4040&desk=Desk%209")).status).toBe(404);
      expect((await scans()).map((s) => [s.desk, s.outcome, s.bib])).toEqual([["Desk 9", "unknown", "4040"]]);
      expect((await get(await tokenOfActor(otherVolunteer), "bib=101")).status).toBe(403);
    });
  });
});
