/**
 * Bibs and waves on both engines (issue 4): the bib and wave an entry gets on confirmation, the batch preview and
 * its application (ordering, locks kept on a re-run, exhaustion listed, emails per order), bibs and waves set by
 * hand (conflicts, swaps, a wave over its size), the reuse of cancelled entries' bibs, on and off, a batch on an
 * on_confirmation race (bibs already given stay), and the bib emails queued from their marker after a crash.
 */
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { getConnection } from "../db";
import { makeStaff, resetDatabase } from "../../test/db";
import { eventInput, participant, raceInput, registrationBody } from "../../test/factories";
import { CLI_ACTOR } from "../actor";
import { DomainError } from "../errors";
import { createEvent, updateEvent, updateRace } from "../events/manage-events";
import { confirmPayment } from "../payments/confirm-payment";
import { cancelEntry } from "../registration/manage-entries";
import { presentOrder } from "../registration/orders";
import { registerEntries } from "../registration/register";
import { recordPickup } from "../pickup/record-pickup";
import { runSweep } from "../sweep";
import { applyBibProposal } from "./batch";
import { applyBibs, bibCounts, proposeBibs, setBib, setWave, swapBibs } from "./index";
import { queueDueBibNotices } from "./notify";
import { insertSyntheticEntries } from "../../test/synthetic-entries";
import { TEST_NOW } from "../../test/clock";
import { first as firstOf, nth, present } from "../../core/lists";

const NOW = TEST_NOW;
const SLUG = "test-half-2027";

// Half: batch, reserved 1–10, open 11–60, waves by predicted time (A holds 2). Fun run: on confirmation, 10001–10005.
const WAVES = [
  { name: "A", startTime: "2027-04-18T07:30", maxPredictedSeconds: 5400, maxSize: 2 },
  { name: "B", startTime: "2027-04-18T07:40", minPredictedSeconds: 5400, maxPredictedSeconds: 7200 },
  { name: "C", startTime: "2027-04-18T07:50", minPredictedSeconds: 7200 },
];

async function setup(options: { reuse?: boolean; funRange?: [number, number] } = {}) {
  const organizer = await makeStaff("organizer");
  const [from, to] = options.funRange ?? [10001, 10005];
  await createEvent(
    organizer,
    eventInput({
      reuseCancelledBibs: options.reuse ?? false,
      races: [
        raceInput({ bibStrategy: "batch", bibRanges: [{ from: 1, to: 10, reserved: true, label: "Elite" }, { from: 11, to: 60 }], waves: WAVES }),
        raceInput({
          slug: "fun-run",
          name: { en: "Fun Run", zh: "欢乐跑" },
          distanceMeters: 3500,
          minAge: 6,
          maxAge: 80,
          priceCents: 6000,
          bibRanges: [{ from, to }],
          waves: [],
        }),
      ],
    }),
  );
  return organizer;
}

let seq = 0;

/** Registers one runner and pays; returns the registration id. */
async function confirmedEntry(fields: Record<string, unknown> = {}, locale = "zh"): Promise<string> {
  seq += 1;
  const result = await registerEntries(SLUG, registrationBody([participant(fields)], { locale, email: `runner${seq}@example.com` }), { clientIp: "203.0.113.9", now: NOW });
  const { db, schema } = getConnection();
  const order = firstOf(await db.select().from(schema.orders).where(eq(schema.orders.code, result.order.code)));
  expect(await confirmPayment({ orderId: order.id, provider: "simulated", providerPaymentId: `pay_${order.id}`, amountCents: order.totalCents, currency: order.currency, now: NOW })).toBe("confirmed");
  return firstOf(result.registrations).id;
}

async function entry(id: string) {
  const { db, schema } = getConnection();
  const row = firstOf(await db
    .select({ reg: schema.registrations, wave: schema.waves.name })
    .from(schema.registrations)
    .leftJoin(schema.waves, eq(schema.waves.id, schema.registrations.waveId))
    .where(eq(schema.registrations.id, id)));
  return { ...row.reg, wave: row.wave };
}

async function audit(action: string) {
  const { db, schema } = getConnection();
  return db.select().from(schema.auditLog).where(eq(schema.auditLog.action, action));
}

async function expectCode(p: Promise<unknown>, code: string): Promise<DomainError> {
  const error = await p.then(() => null, (e: unknown) => e);
  expect(error, `expected ${code}`).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  return error as DomainError;
}

describe(`bibs and waves on ${process.env.TEST_ENGINE}`, () => {
  beforeEach(async () => {
    await resetDatabase();
    process.env.RATE_LIMIT_REGISTRATIONS_PER_MINUTE = "0";
    (await import("../env")).resetEnvForTests();
  });

  it("gives the next free bib on confirmation (on_confirmation), a wave from the predicted time, and puts both in the confirmation email", async () => {
    await setup();
    const first = await confirmedEntry({ race: "fun-run" });
    const second = await confirmedEntry({ race: "fun-run" });
    expect((await entry(first)).bib).toBe("10001");
    expect((await entry(second)).bib).toBe("10002");
    // A batch race: a wave now, the bib later. 1:50 is wave B; A takes the two fastest, then overflows into B.
    const b = await confirmedEntry({ predictedFinishSeconds: 6600 });
    const fast = [await confirmedEntry({ predictedFinishSeconds: 4000 }), await confirmedEntry({ predictedFinishSeconds: 4100 }), await confirmedEntry({ predictedFinishSeconds: 3900 })];
    const none = await confirmedEntry({ predictedFinishSeconds: undefined });
    expect(await entry(b)).toMatchObject({ bib: null, wave: "B" });
    expect(await Promise.all(fast.map(async (id) => (await entry(id)).wave))).toEqual(["A", "A", "B"]);
    expect((await entry(none)).wave).toBe("C");

    const { db, schema } = getConnection();
    const mail = firstOf(await db
      .select()
      .from(schema.emailOutbox)
      .where(and(eq(schema.emailOutbox.template, "confirmation"), eq(schema.emailOutbox.orderId, (await entry(first)).orderId))));
    expect(mail.textBody).toContain("10001");
    const placed = firstOf((await audit("registration.assign_on_confirmation")).filter((a) => a.entityId === first));
    expect(placed.data).toMatchObject({ bib: "10001" });
    // The runner's order page shows them (with the wave's start).
    const view = await presentOrder((await entry(b)).orderId);
    expect(view.entries[0]).toMatchObject({ bib: null, wave: "B", waveStartTime: "2027-04-18T07:40:00+08:00" });
    expect((await presentOrder((await entry(first)).orderId)).entries[0]).toMatchObject({ bib: "10001", wave: null, waveStartTime: null });
  });

  it("previews a batch in wave, predicted time and name order without changing anything, then applies it and emails each order once", async () => {
    const organizer = await setup();
    const ids = {
      slowB: await confirmedEntry({ predictedFinishSeconds: 7000, familyName: "王" }),
      fastA: await confirmedEntry({ predictedFinishSeconds: 4000 }),
      noTime: await confirmedEntry({ predictedFinishSeconds: undefined, familyName: "李" }),
      tieLi: await confirmedEntry({ predictedFinishSeconds: 6000, familyName: "李", latinName: "Li Lei" }, "en"),
      tieZhang: await confirmedEntry({ predictedFinishSeconds: 6000, familyName: "张" }),
    };
    const preview = await proposeBibs(organizer, SLUG, "half");
    expect(preview).toMatchObject({ race: "half", kept: 0, withoutBib: [], total: 5 });
    expect(preview.assignments.map((a) => [a.registrationId, a.bib, a.previousBib, a.wave])).toEqual([
      [ids.fastA, "11", null, "A"],
      [ids.tieLi, "12", null, "B"],
      [ids.tieZhang, "13", null, "B"],
      [ids.slowB, "14", null, "B"],
      [ids.noTime, "15", null, "C"],
    ]);
    expect(nth(preview.assignments, 1).name).toBe("李伟 (Li Lei)");
    expect((await entry(ids.fastA)).bib).toBeNull();

    const { db, schema } = getConnection();
    const mailsBefore = (await db.select().from(schema.emailOutbox).where(eq(schema.emailOutbox.template, "bib_assigned"))).length;
    expect(mailsBefore).toBe(0);
    const applied = await applyBibs(organizer, SLUG, "half");
    expect(applied).toEqual(preview);
    expect((await entry(ids.noTime)).bib).toBe("15");
    const mails = await db.select().from(schema.emailOutbox).where(eq(schema.emailOutbox.template, "bib_assigned"));
    expect(mails).toHaveLength(5);
    const english = present(mails.find((m) => m.locale === "en"));
    expect(english.subject).toContain("Your bib and start wave");
    expect(english.textBody).toContain("Li Lei");
    expect(english.textBody).toContain("Bib: 12");
    expect(english.textBody).toContain("B, starts at 07:40");
    expect(present(mails.find((m) => m.locale === "zh")).subject).toContain("号码与出发区已分配");
    expect(await audit("race.bibs_apply")).toHaveLength(1);
    expect((await audit("registration.bib_assign")).length).toBe(5);

    // Applying again changes nothing and emails no one.
    const again = await applyBibs(organizer, SLUG, "half");
    expect(again.assignments.map((a) => a.bib)).toEqual(["11", "12", "13", "14", "15"]);
    expect(again.assignments.every((a) => a.previousBib === a.bib)).toBe(true);
    expect(await db.select().from(schema.emailOutbox).where(eq(schema.emailOutbox.template, "bib_assigned"))).toHaveLength(5);
  });

  it("keeps locked bibs on a re-run, renumbers the rest around them, and lets organizers give reserved bibs", async () => {
    const organizer = await setup();
    const a = await confirmedEntry({ predictedFinishSeconds: 4000 });
    const b = await confirmedEntry({ predictedFinishSeconds: 5000 });
    const c = await confirmedEntry({ predictedFinishSeconds: 6000 });
    await applyBibs(organizer, SLUG, "half");
    expect([(await entry(a)).bib, (await entry(b)).bib, (await entry(c)).bib]).toEqual(["11", "12", "13"]);
    // c takes 11 by hand (locked): a and b move up; an elite bib from the reserved range for b.
    await setBib(organizer, SLUG, a, { bib: null, locked: false });
    await setBib(organizer, SLUG, c, { bib: "11", locked: true });
    const rerun = await applyBibs(organizer, SLUG, "half");
    expect(rerun.kept).toBe(1);
    expect(rerun.assignments.map((x) => [x.registrationId, x.bib, x.previousBib])).toEqual([
      [a, "12", null],
      [b, "13", "12"],
    ]);
    await setBib(organizer, SLUG, b, { bib: "007", locked: true });
    expect(await entry(b)).toMatchObject({ bib: "7", bibLocked: true });
    const hand = firstOf((await audit("registration.set_bib")).filter((x) => x.entityId === b));
    expect(hand.data).toMatchObject({ from: "13", to: "7", locked: true, reservedRange: true });
    const third = await applyBibs(organizer, SLUG, "half");
    expect(third.kept).toBe(2);
    expect(third.assignments.map((x) => [x.registrationId, x.bib])).toEqual([[a, "12"]]);
    expect((await entry(c)).bib).toBe("11");
    expect((await entry(b)).bib).toBe("7");
  });

  it("keeps the bib of a packet already collected on a re-run (the runner holds it printed)", async () => {
    const organizer = await setup();
    const a = await confirmedEntry({ predictedFinishSeconds: 5000 });
    const b = await confirmedEntry({ predictedFinishSeconds: 6000 });
    await applyBibs(organizer, SLUG, "half");
    expect([(await entry(a)).bib, (await entry(b)).bib]).toEqual(["11", "12"]);
    await recordPickup(organizer, SLUG, { bib: "12", desk: "Desk 1" });
    // A faster runner joins: without the pickup, b would move to 13.
    const c = await confirmedEntry({ predictedFinishSeconds: 4000 });
    const rerun = await applyBibs(organizer, SLUG, "half");
    expect((await entry(b)).bib).toBe("12");
    expect(rerun.kept).toBe(1);
    expect([(await entry(c)).bib, (await entry(a)).bib]).toEqual(["11", "13"]);
  });

  it("refuses a bib another entry holds (409 naming it), a malformed bib (422), an unknown entry (404) and other people (403)", async () => {
    const organizer = await setup();
    const holder = await confirmedEntry({ race: "fun-run" });
    const other = await confirmedEntry({ race: "fun-run" });
    const taken = await expectCode(setBib(organizer, SLUG, other, { bib: "10001", locked: true }), "bib_taken");
    expect(taken.status).toBe(409);
    expect(taken.message).toContain(holder);
    expect(taken.issues).toEqual([{ path: "bib", key: "bibTaken", params: { registrationId: holder } }]);
    expect(taken.details).toEqual({ registrationId: holder });
    const bad = await expectCode(setBib(organizer, SLUG, other, { bib: "12 34", locked: true }), "validation_failed");
    expect(bad.issues).toEqual([{ path: "bib", key: "bibFormat" }]);
    await expectCode(setBib(organizer, SLUG, other, { bib: "1234567890123", locked: true }), "validation_failed");
    await expectCode(setBib(organizer, SLUG, "nope", { bib: "5", locked: true }), "not_found");
    await expectCode(setBib(organizer, "nope", other, { bib: "5", locked: true }), "not_found");
    const stranger = await makeStaff("organizer");
    await expectCode(setBib(stranger, SLUG, other, { bib: "5", locked: true }), "forbidden");
    await expectCode(swapBibs(stranger, SLUG, holder, other), "forbidden");
    await expectCode(setWave(stranger, SLUG, holder, null), "forbidden");
    await expectCode(proposeBibs(stranger, SLUG, "half"), "forbidden");
    await expectCode(applyBibs(stranger, SLUG, "half"), "forbidden");
    await expectCode(proposeBibs(organizer, SLUG, "nope"), "not_found");
    // A bib in another race's range is the organizer's call; letters are fine too.
    await setBib(organizer, SLUG, other, { bib: "F12", locked: true });
    await setBib(organizer, SLUG, holder, { bib: "20", locked: false });
    expect(await entry(holder)).toMatchObject({ bib: "20", bibLocked: false });
    const note = firstOf((await audit("registration.set_bib")).filter((x) => x.entityId === holder));
    expect(note.data).toMatchObject({ rangeOfRace: "half" });
  });

  it("swaps two entries' bibs and locks both", async () => {
    const organizer = await setup();
    const a = await confirmedEntry({ race: "fun-run" });
    const b = await confirmedEntry({ race: "fun-run" });
    await swapBibs(organizer, SLUG, a, b);
    expect(await entry(a)).toMatchObject({ bib: "10002", bibLocked: true });
    expect(await entry(b)).toMatchObject({ bib: "10001", bibLocked: true });
    expect((await audit("registration.swap_bib")).map((x) => x.entityId).sort()).toEqual([a, b].sort());
    await expectCode(swapBibs(organizer, SLUG, a, a), "validation_failed");
    await expectCode(swapBibs(organizer, SLUG, a, "nope"), "not_found");
  });

  it("lists the entries left without a bib when a race's ranges run out, in the batch and on confirmation", async () => {
    const organizer = await setup({ funRange: [10001, 10002] });
    const fun = [await confirmedEntry({ race: "fun-run" }), await confirmedEntry({ race: "fun-run" }), await confirmedEntry({ race: "fun-run" })];
    expect((await entry(nth(fun, 2))).status).toBe("confirmed");
    expect((await entry(nth(fun, 2))).bib).toBeNull();
    const exhausted = firstOf((await audit("registration.assign_on_confirmation")).filter((x) => x.entityId === fun[2]));
    expect(exhausted.data).toMatchObject({ bib: null, bibsExhausted: true });
    expect((await bibCounts(organizer, SLUG)).find((r) => r.race === "fun-run")).toEqual({ race: "fun-run", confirmed: 3, withBib: 2, withoutBib: 1, withoutWave: 3 });
    // A batch over the on_confirmation race lists one runner without a bib too (the three tie: the id decides who).
    const funProposal = await proposeBibs(organizer, SLUG, "fun-run");
    expect(funProposal.withoutBib).toHaveLength(1);
    expect(fun).toContain(firstOf(funProposal.withoutBib).registrationId);

    // The batch race: 50 open numbers, 52 entries; the two slowest are left over.
    await insertSyntheticEntries(SLUG, "half", 52, { now: NOW });
    const proposal = await proposeBibs(organizer, SLUG, "half");
    expect(proposal.assignments).toHaveLength(50);
    expect(proposal.withoutBib).toHaveLength(2);
    const applied = await applyBibs(organizer, SLUG, "half");
    expect(applied.withoutBib).toEqual(proposal.withoutBib);
    const { db, schema } = getConnection();
    const left = await db
      .select({ id: schema.registrations.id, bib: schema.registrations.bib })
      .from(schema.registrations)
      .where(inArray(schema.registrations.id, applied.withoutBib.map((x) => x.registrationId)));
    expect(left.map((x) => x.bib)).toEqual([null, null]);
  });

  it("never reuses a cancelled entry's bib by default; with reuse on, gives it again and takes it off the cancelled entry", async () => {
    for (const reuse of [false, true]) {
      await resetDatabase();
      const organizer = await setup({ reuse });
      const first = await confirmedEntry({ race: "fun-run" });
      await cancelEntry(organizer, SLUG, first, { notify: false, now: NOW });
      const next = await confirmedEntry({ race: "fun-run" });
      if (!reuse) {
        expect(await entry(first)).toMatchObject({ status: "cancelled", bib: "10001" });
        expect((await entry(next)).bib).toBe("10002");
        // Nor by hand.
        await expectCode(setBib(organizer, SLUG, next, { bib: "10001", locked: true }), "bib_taken");
      } else {
        expect(await entry(first)).toMatchObject({ status: "cancelled", bib: null });
        expect((await entry(next)).bib).toBe("10001");
        const [released] = await audit("registration.bib_release");
        expect(released).toMatchObject({ entityId: first, data: { bib: "10001", givenTo: next } });
      }
    }
  });

  it("gives a cancelled entry's bib again in a batch when the event reuses bibs, and by hand", async () => {
    const organizer = await setup();
    await updateEvent(organizer, SLUG, { reuseCancelledBibs: true });
    const a = await confirmedEntry({ predictedFinishSeconds: 4000 });
    const b = await confirmedEntry({ predictedFinishSeconds: 5000 });
    await applyBibs(organizer, SLUG, "half");
    await cancelEntry(organizer, SLUG, a, { notify: false, now: NOW });
    const applied = await applyBibs(organizer, SLUG, "half");
    expect(applied.assignments.map((x) => [x.registrationId, x.bib, x.previousBib])).toEqual([[b, "11", "12"]]);
    expect((await entry(a)).bib).toBeNull();
    const c = await confirmedEntry({ race: "fun-run" });
    await cancelEntry(organizer, SLUG, c, { notify: false, now: NOW });
    await setBib(organizer, SLUG, b, { bib: "10001", locked: true });
    expect((await entry(c)).bib).toBeNull();
    expect((await entry(b)).bib).toBe("10001");
  });

  it("moves an entry to another wave by hand, also over the wave's size (audited), and places entries without a wave in the batch", async () => {
    const organizer = await setup();
    const a = await confirmedEntry({ predictedFinishSeconds: 4000 });
    const b = await confirmedEntry({ predictedFinishSeconds: 4100 });
    const slow = await confirmedEntry({ predictedFinishSeconds: 9000 });
    const { db, schema } = getConnection();
    const waves = await db.select().from(schema.waves);
    const waveA = present(waves.find((w) => w.name === "A"));
    await setWave(organizer, SLUG, slow, waveA.id);
    expect((await entry(slow)).wave).toBe("A");
    const moved = firstOf(await audit("registration.set_wave"));
    expect(moved.data).toMatchObject({ wave: "A", runnersBefore: 2, maxSize: 2, overMaxSize: true });
    const funWave = await expectCode(setWave(organizer, SLUG, await confirmedEntry({ race: "fun-run" }), waveA.id), "validation_failed");
    expect(funWave.issues).toEqual([{ path: "waveId", key: "waveNotInRace" }]);
    await setWave(organizer, SLUG, a, null);
    expect((await entry(a)).wave).toBeNull();
    // The batch places a in the fastest wave with room: A is full (b and slow), so B.
    const applied = await applyBibs(organizer, SLUG, "half");
    expect(applied.assignments.map((x) => [x.registrationId, x.wave, x.bib])).toEqual([
      [b, "A", "11"],
      [slow, "A", "12"],
      [a, "B", "13"],
    ]);
    expect((await entry(a)).wave).toBe("B");
    // Removing a wave leaves its entries without one (and the race edit still works).
    await updateRace(organizer, SLUG, "half", { waves: WAVES.filter((w) => w.name !== "B") });
    expect((await entry(a)).wave).toBeNull();
  });

  it("a batch on an on_confirmation race keeps every bib already given (also unlocked ones) and only fills the entries without one", async () => {
    const organizer = await setup({ funRange: [10001, 10002] });
    const a = await confirmedEntry({ race: "fun-run" });
    const b = await confirmedEntry({ race: "fun-run" });
    const c = await confirmedEntry({ race: "fun-run" });
    expect([(await entry(a)).bib, (await entry(b)).bib, (await entry(c)).bib]).toEqual(["10001", "10002", null]);
    // b moved to 10004 by hand, not locked: a batch race would renumber it, this one must not.
    await updateRace(organizer, SLUG, "fun-run", { bibRanges: [{ from: 10001, to: 10006 }] });
    await setBib(organizer, SLUG, b, { bib: "10004", locked: false });
    const synthetic = await insertSyntheticEntries(SLUG, "fun-run", 2, { now: NOW });
    const fresh = [c, ...synthetic.registrationIds].sort();

    const preview = await proposeBibs(organizer, SLUG, "fun-run");
    expect(preview).toMatchObject({ kept: 2, withoutBib: [], total: 5 });
    expect(preview.assignments.map((x) => x.registrationId).sort()).toEqual(fresh);
    expect(preview.assignments.map((x) => x.bib)).toEqual(["10002", "10003", "10005"]);
    expect(preview.assignments.every((x) => x.previousBib === null)).toBe(true);

    const applied = await applyBibs(organizer, SLUG, "fun-run");
    expect(applied).toEqual(preview);
    expect(await entry(a)).toMatchObject({ bib: "10001", bibLocked: false });
    expect(await entry(b)).toMatchObject({ bib: "10004", bibLocked: false });
    const { db, schema } = getConnection();
    const bibs = await db.select({ id: schema.registrations.id, bib: schema.registrations.bib }).from(schema.registrations).where(inArray(schema.registrations.id, fresh));
    expect(bibs.map((x) => x.bib).sort()).toEqual(["10002", "10003", "10005"]);
    // Only the runners who got a bib now are emailed; a and b are not.
    const mails = await db.select().from(schema.emailOutbox).where(eq(schema.emailOutbox.template, "bib_assigned"));
    const orderOf = async (id: string) => (await entry(id)).orderId;
    expect(mails.map((m) => m.orderId).sort()).toEqual((await Promise.all(fresh.map(orderOf))).sort());
    // Running it again changes nothing.
    const again = await applyBibs(organizer, SLUG, "fun-run");
    expect(again.assignments).toEqual([]);
    expect(again.kept).toBe(5);
  });

  it("queues each changed runner's bib email exactly once from the batch's marker after a crash, also with two processes, and from the sweep", async () => {
    const organizer = await setup();
    const single = [await confirmedEntry({ predictedFinishSeconds: 4000 }), await confirmedEntry({ predictedFinishSeconds: 6000 }, "en")];
    const pairs = await insertSyntheticEntries(SLUG, "half", 4, { now: NOW, entriesPerOrder: 2 });
    const { db, schema } = getConnection();
    const r = schema.registrations;
    const bibMails = () => db.select().from(schema.emailOutbox).where(eq(schema.emailOutbox.template, "bib_assigned"));

    // The batch commits, then its process stops before the emails are queued.
    const applied = await applyBibProposal(organizer, SLUG, "half");
    expect(applied.changed).toBe(6);
    expect(await bibMails()).toEqual([]);
    const marked = await db.select({ id: r.id, orderId: r.orderId }).from(r).where(isNotNull(r.bibNoticeDueAt));
    expect(marked.map((x) => x.id).sort()).toEqual([...single, ...pairs.registrationIds].sort());

    // Two processes pick the leftovers up at once: one email per order in all.
    const queued = await Promise.all([queueDueBibNotices(new Date()), queueDueBibNotices(new Date())]);
    expect(queued[0] + queued[1]).toBe(4);
    const mails = await bibMails();
    const orders = [...new Set(marked.map((x) => x.orderId))].sort();
    expect(mails.map((m) => m.orderId).sort()).toEqual(orders);
    const pairMail = present(mails.find((m) => m.orderId === pairs.orderIds[0]));
    const pairBibs = await db.select({ bib: r.bib }).from(r).where(eq(r.orderId, firstOf(pairs.orderIds)));
    for (const { bib } of pairBibs) expect(pairMail.textBody).toContain(present(bib));
    expect(await db.select({ id: r.id }).from(r).where(isNotNull(r.bibNoticeDueAt))).toEqual([]);
    expect(await queueDueBibNotices(new Date())).toBe(0);
    expect(await bibMails()).toHaveLength(4);

    // Another crash after a new runner joined (the batch renumbers whoever moves): the sweep queues one email per
    // order whose entries the batch marked, the new runner's among them.
    const late = await confirmedEntry({ predictedFinishSeconds: 9000 });
    const rerun = await applyBibProposal(organizer, SLUG, "half");
    const dueOrders = [...new Set((await db.select({ orderId: r.orderId }).from(r).where(isNotNull(r.bibNoticeDueAt))).map((x) => x.orderId))].sort();
    expect(rerun.changed).toBeGreaterThanOrEqual(1);
    expect(dueOrders).toContain((await entry(late)).orderId);
    const report = await runSweep(new Date());
    expect(report.failedSteps).toEqual([]);
    const after = await bibMails();
    const sent = new Set(mails.map((m) => m.id));
    expect(after.filter((m) => !sent.has(m.id)).map((m) => m.orderId).sort()).toEqual(dueOrders);
    expect((await runSweep(new Date())).failedSteps).toEqual([]);
    expect(await bibMails()).toHaveLength(after.length);
  });

  it("sends no email and changes nothing when a batch has nothing to do; entries in other statuses are left alone", async () => {
    const organizer = await setup();
    await insertSyntheticEntries(SLUG, "half", 3, { now: NOW, status: "held" });
    const applied = await applyBibs(organizer, SLUG, "half");
    expect(applied).toEqual({ race: "half", assignments: [], kept: 0, withoutBib: [], total: 0 });
    const { db, schema } = getConnection();
    expect(await db.select().from(schema.emailOutbox)).toEqual([]);
    expect(await proposeBibs(CLI_ACTOR, SLUG, "half")).toEqual(applied);
  });
});
