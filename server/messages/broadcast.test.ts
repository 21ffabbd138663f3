/**
 * Messages to runners on both engines (issue 6): who gets one (filters, one per address), in which language, at
 * what rate, and the promise that matters most: however the sending is cut off (a transaction that dies after
 * writing to the outbox, a process that stops after a batch and starts again, two processes at once), each
 * recipient ends with exactly one email in the outbox.
 */
import { and, eq, inArray } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { getConnection } from "../db";
import { makeStaff, resetDatabase } from "../../test/db";
import { eventInput, participant, raceInput, registrationBody } from "../../test/factories";
import type { Actor } from "../actor";
import { DomainError } from "../errors";
import { createEvent } from "../events/manage-events";
import { confirmPayment } from "../payments/confirm-payment";
import { recordPickup } from "../pickup/record-pickup";
import { cancelEntry } from "../registration/manage-entries";
import { registerEntries } from "../registration/register";
import { runSweep } from "../sweep";
import { cancelBroadcast, countBroadcastRecipients, createBroadcast, listBroadcasts, queueBroadcastBatch, type BroadcastInput } from "./broadcast";
import { TEST_NOW } from "../../test/clock";
import { first, oneEach, present } from "../../core/lists";

/** A crash inside the queuing transaction: enqueueEmail throws on its Nth call while `crash.after` is set. */
const crash = { after: null as number | null, calls: 0 };
vi.mock("../email/outbox", async (importOriginal) => {
  const original = await importOriginal<typeof import("../email/outbox")>();
  return {
    ...original,
    enqueueEmail: async (...args: Parameters<typeof original.enqueueEmail>) => {
      if (crash.after !== null && args[1].template === "broadcast" && ++crash.calls > crash.after) throw new Error("process died");
      return original.enqueueEmail(...args);
    },
  };
});

const EVENT = "test-half-2027";
const NOW = TEST_NOW;

let organizer: Actor & { kind: "user" };

let ip = 0;
/** A paid order (one email, one language) for the given participants; returns its entries' ids. */
async function paidOrder<P extends readonly Record<string, unknown>[]>(email: string, locale: "zh" | "en", participants: readonly [...P]): Promise<{ -readonly [K in keyof P]: string }> {
  const result = await registerEntries(EVENT, registrationBody(participants.map((p) => participant(p)), { email, locale }), { clientIp: `203.0.113.${(ip++ % 250) + 1}`, now: NOW });
  const { db, schema } = getConnection();
  const order = first(await db.select().from(schema.orders).where(eq(schema.orders.code, result.order.code)));
  expect(await confirmPayment({ orderId: order.id, provider: "simulated", providerPaymentId: `sim_${order.id}`, amountCents: order.totalCents, currency: order.currency, now: NOW })).toBe("confirmed");
  return oneEach(participants, result.registrations.map((r) => r.id), "entry");
}

const CHILD = { race: "fun-run", familyName: "陈", givenName: "小雨", latinName: "Chen Xiaoyu", birthDate: "2016-03-02", gender: "F", guardian: { name: "陈明", phone: "+86 139 0000 0001", idNumber: "E99999999", consent: true } };

/**
 * The fixtures (half has waves A, under 1:40 predicted, and B):
 * a@ zh  half A, packet collected
 * b@ en  half B
 * c@ en  a family: half A (the parent) + fun-run (the child): one address, one message
 * d@ zh  fun-run
 * e@ zh  half, held (never paid): nobody writes to it
 * f@ en  half, paid then cancelled: nobody writes to it
 * g@ zh  half B
 */
async function makeFixtures(): Promise<void> {
  await paidOrder("a@example.com", "zh", [{ predictedFinishSeconds: 5400 }]);
  const aEntry = first((await getConnection().db.select({ id: getConnection().schema.registrations.id }).from(getConnection().schema.registrations).where(eq(getConnection().schema.registrations.email, "a@example.com"))));
  await recordPickup(organizer, EVENT, { registrationId: aEntry.id, desk: "Desk 1" }, { now: NOW });
  await paidOrder("b@example.com", "en", [{ predictedFinishSeconds: 7200 }]);
  await paidOrder("c@example.com", "en", [{ predictedFinishSeconds: 5000 }, CHILD]);
  await paidOrder("d@example.com", "zh", [{ race: "fun-run" }]);
  await registerEntries(EVENT, registrationBody([participant()], { email: "e@example.com" }), { clientIp: "198.51.100.9", now: NOW });
  const [f] = await paidOrder("f@example.com", "en", [{}]);
  await cancelEntry(organizer, EVENT, f, { notify: false, now: NOW });
  await paidOrder("g@example.com", "zh", [{ predictedFinishSeconds: 7000 }]);
}

const message = (filter: Partial<BroadcastInput["filter"]> = {}, ratePerMinute?: number): BroadcastInput => ({
  subject: { zh: "领物时间调整", en: "Packet pickup hours changed" },
  body: { zh: "领物改到周六 9:00–18:00。\n\n请带好确认邮件。", en: "Pickup is now Saturday 9:00–18:00.\n\nBring your confirmation <email> & ID." },
  filter: { race: null, wave: null, pickedUp: null, ...filter },
  ratePerMinute,
});

async function recipientsOf(broadcastId: string) {
  const { db, schema } = getConnection();
  const br = schema.broadcastRecipients;
  return db.select().from(br).where(eq(br.broadcastId, broadcastId));
}

/** The broadcast emails in the outbox, by address. */
async function outboxByAddress(): Promise<Map<string, { subject: string; locale: string; html: string; text: string }[]>> {
  const { db, schema } = getConnection();
  const rows = await db.select().from(schema.emailOutbox).where(eq(schema.emailOutbox.template, "broadcast"));
  const out = new Map<string, { subject: string; locale: string; html: string; text: string }[]>();
  for (const row of rows) out.set(row.toAddress, [...(out.get(row.toAddress) ?? []), { subject: row.subject, locale: row.locale, html: row.html, text: row.textBody }]);
  return out;
}

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  const error = await p.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe(`messages to runners on ${process.env.TEST_ENGINE}`, () => {
  beforeEach(async () => {
    await resetDatabase();
    crash.after = null;
    crash.calls = 0;
    organizer = await makeStaff("organizer");
    const half = raceInput({
      waves: [
        { name: "A", startTime: "2027-04-18T07:30", maxPredictedSeconds: 6000 },
        { name: "B", startTime: "2027-04-18T07:45", minPredictedSeconds: 6000 },
      ],
    });
    await createEvent(organizer, eventInput({ races: [half, raceInput({ slug: "fun-run", name: { en: "Fun Run", zh: "欢乐跑" }, distanceMeters: 3500, minAge: 6, maxAge: 80, priceCents: 6000, bibRanges: [{ from: 10001, to: 10100 }], waves: [] })] }));
  });

  it("sends to the confirmed entries the filter picks, one message per address", async () => {
    await makeFixtures();
    const count = (filter: Partial<BroadcastInput["filter"]>) => countBroadcastRecipients(organizer, EVENT, { race: null, wave: null, pickedUp: null, ...filter });
    expect(await count({})).toBe(5); // a, b, c (twice entered, once counted), d, g
    expect(await count({ race: "half" })).toBe(4); // a, b, c, g
    expect(await count({ race: "half", pickedUp: false })).toBe(3); // b, c, g
    expect(await count({ pickedUp: true })).toBe(1); // a
    expect(await count({ race: "fun-run" })).toBe(2); // c's child, d
    expect(await count({ race: "half", wave: "B" })).toBe(2); // b, g
    expect((await refusal(count({ race: "marathon" }))).issues).toEqual([{ path: "filter.race", key: "invalid" }]);

    const { id, recipientCount } = await createBroadcast(organizer, EVENT, message({ race: "half", pickedUp: false }), { now: NOW });
    expect(recipientCount).toBe(3);
    const recipients = await recipientsOf(id);
    expect(recipients.map((r) => [r.email, r.locale]).sort()).toEqual([
      ["b@example.com", "en"],
      ["c@example.com", "en"],
      ["g@example.com", "zh"],
    ]);
    // Created and queued at once (the rate allows 300 a minute): each in the language of the order.
    const mail = await outboxByAddress();
    expect([...mail.keys()].sort()).toEqual(["b@example.com", "c@example.com", "g@example.com"]);
    expect(mail.get("b@example.com")).toEqual([expect.objectContaining({ locale: "en", subject: "[Test Half 2027] Packet pickup hours changed" })]);
    expect(mail.get("g@example.com")).toEqual([expect.objectContaining({ locale: "zh", subject: "[测试半程马拉松] 领物时间调整" })]);
    // Plain text in, escaped HTML out; the text keeps what was typed.
    const en = first(present(mail.get("c@example.com")));
    expect(en.html).toContain("Bring your confirmation &lt;email&gt; &amp; ID.");
    expect(en.html).not.toContain("<email>");
    expect(en.text).toContain("Bring your confirmation <email> & ID.");
    expect(en.text).toContain("Test Half 2027");

    const summary = first(await listBroadcasts(organizer, EVENT));
    expect(summary).toMatchObject({ id, status: "done", total: 3, queued: 3, filter: { race: "half", wave: null, pickedUp: false } });
    expect(summary.delivered + summary.failed).toBeLessThanOrEqual(3);
    const { db, schema } = getConnection();
    const audit = await db.select().from(schema.auditLog).where(and(eq(schema.auditLog.action, "broadcast.create"), eq(schema.auditLog.entityId, id)));
    expect(audit).toHaveLength(1);
    expect(first(audit).data).toMatchObject({ recipients: 3, filter: { race: "half", pickedUp: false } });
  });

  it("is for the event's organizers and admins, and checks what it is given", async () => {
    await makeFixtures();
    const { db, schema } = getConnection();
    const event = first(await db.select().from(schema.events).where(eq(schema.events.slug, EVENT)));
    const volunteer = await makeStaff("volunteer", [{ eventId: event.id, role: "volunteer" }]);
    const other = await makeStaff("organizer");
    expect((await refusal(createBroadcast(volunteer, EVENT, message(), { now: NOW }))).code).toBe("forbidden");
    expect((await refusal(createBroadcast(other, EVENT, message(), { now: NOW }))).code).toBe("forbidden");
    expect((await refusal(listBroadcasts(other, EVENT))).code).toBe("forbidden");
    expect((await refusal(countBroadcastRecipients(volunteer, EVENT, {}))).code).toBe("forbidden");
    expect((await refusal(createBroadcast(organizer, "no-such-event", message(), { now: NOW }))).code).toBe("not_found");
    const invalid = await refusal(createBroadcast(organizer, EVENT, { ...message(), subject: { zh: " ", en: "Hi" }, ratePerMinute: 0 }, { now: NOW }));
    expect(invalid.issues.map((i) => i.path).sort()).toEqual(["ratePerMinute", "subject.zh"]);
    expect(await db.select().from(schema.broadcasts)).toEqual([]);

    const admin = await makeStaff("admin");
    const { id } = await createBroadcast(admin, EVENT, message({ race: "fun-run" }), { now: NOW });
    expect((await listBroadcasts(organizer, EVENT)).map((b) => b.id)).toEqual([id]);
  });

  it("never queues more than the rate allows in a minute, and a cancelled message stops", async () => {
    await makeManyRunners(25);
    const { id } = await createBroadcast(organizer, EVENT, message({}, 10), { now: NOW, queueNow: false });
    const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);
    expect(await queueBroadcastBatch(at(0))).toBe(10);
    expect(await queueBroadcastBatch(at(30))).toBe(0); // the ten of the last minute count
    expect(await queueBroadcastBatch(at(61))).toBe(10);
    expect((await listBroadcasts(organizer, EVENT))[0]).toMatchObject({ status: "sending", queued: 20, total: 25 });
    await cancelBroadcast(organizer, EVENT, id, at(62));
    expect(await queueBroadcastBatch(at(200))).toBe(0);
    expect((await listBroadcasts(organizer, EVENT))[0]).toMatchObject({ status: "cancelled", queued: 20, total: 25 });
    expect((await outboxByAddress()).size).toBe(20);
    expect((await refusal(cancelBroadcast(organizer, EVENT, id, at(300)))).code).toBe("conflict");
  });

  it("a restart mid-send sends each runner exactly one message, in their language", async () => {
    const languages = await makeManyRunners(25);
    const { id } = await createBroadcast(organizer, EVENT, message({}, 10), { now: NOW, queueNow: false });
    const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

    // The process dies inside the first batch, after four emails were written to the outbox: nothing is kept.
    crash.after = 4;
    await expect(queueBroadcastBatch(at(0))).rejects.toThrow("process died");
    expect(crash.calls).toBe(5);
    expect((await outboxByAddress()).size).toBe(0);
    expect((await recipientsOf(id)).filter((r) => r.queuedAt !== null)).toEqual([]);

    // Started again: the sweep (no memory of the failed run) sends one batch, then the process stops once more.
    crash.after = null;
    expect((await runSweep(at(1))).failedSteps).toEqual([]);
    expect((await outboxByAddress()).size).toBe(10);
    // Two processes sweep at the same moment, a minute later, and again until everything is out.
    await Promise.all([queueBroadcastBatch(at(62)), queueBroadcastBatch(at(62)), runSweep(at(62))]);
    expect((await outboxByAddress()).size).toBe(20);
    await Promise.all([queueBroadcastBatch(at(123)), queueBroadcastBatch(at(123))]);
    expect(await queueBroadcastBatch(at(300))).toBe(0);

    const mail = await outboxByAddress();
    expect(mail.size).toBe(25);
    for (const [address, locale] of languages) {
      expect(mail.get(address), address).toHaveLength(1);
      const only = first(present(mail.get(address)));
      expect(only.locale).toBe(locale);
      expect(only.subject).toBe(locale === "en" ? "[Test Half 2027] Packet pickup hours changed" : "[测试半程马拉松] 领物时间调整");
    }
    // Every recipient row points at its own outbox row, and no broadcast email is left without one.
    const recipients = await recipientsOf(id);
    expect(new Set(recipients.map((r) => r.outboxId)).size).toBe(25);
    const { db, schema } = getConnection();
    const linked = await db
      .select({ to: schema.emailOutbox.toAddress })
      .from(schema.emailOutbox)
      .where(inArray(schema.emailOutbox.id, recipients.map((r) => present(r.outboxId))));
    expect(linked.map((l) => l.to).sort()).toEqual(recipients.map((r) => r.email).sort());
    expect((await listBroadcasts(organizer, EVENT))[0]).toMatchObject({ status: "done", queued: 25, total: 25 });
  });
});

/** `n` paid single entries in the half, alternating languages; returns address → language. */
async function makeManyRunners(n: number): Promise<Map<string, "zh" | "en">> {
  const out = new Map<string, "zh" | "en">();
  for (let i = 0; i < n; i++) {
    const locale = i % 3 === 0 ? "en" : "zh";
    const email = `runner${i}@example.com`;
    await paidOrder(email, locale, [{}]);
    out.set(email, locale);
  }
  return out;
}
