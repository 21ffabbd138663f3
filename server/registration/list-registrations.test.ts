/**
 * The organizers' list of entries on both engines: one search box for names (native or Latin, any word order),
 * ID numbers (whole or last four), emails, bibs and order codes; race and status filters with the hold that ran
 * out read as expired; stable pages with totals; masked ID numbers; who may read what; and 12,000 entries listed,
 * searched and exported correctly, with the plans using the indexes (speed itself is measured by `npm run bench`,
 * not asserted here).
 */
import { randomUUID } from "node:crypto";
import { eq, sql, type SQL } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getConnection, withTransaction } from "../db";
import { makeStaff, resetDatabase } from "../../test/db";
import { eventInput, participant, raceInput, registrationBody, residentId } from "../../test/factories";
import type { Actor } from "../actor";
import { DomainError } from "../errors";
import { createEvent } from "../events/manage-events";
import { confirmPayment } from "../payments/confirm-payment";
import { refundOrder } from "../payments/refunds";
import { exportRegistrations, listRegistrations, type RegistrationListItem } from "./list-registrations";
import { registerEntries } from "./register";
import { TEST_NOW } from "../../test/clock";
import { first, present } from "../../core/lists";

const EVENT = "test-half-2027";
const NOW = TEST_NOW;
const ctx = (now = NOW) => ({ clientIp: "203.0.113.7", now });

let organizer: Actor;
let volunteer: Actor;
let otherOrganizer: Actor;
let admin: Actor;

async function setup() {
  await resetDatabase();
  const org = await makeStaff("organizer");
  await createEvent(org, eventInput({ races: [raceInput({ capacity: 20_000, bibRanges: [] }), raceInput({ slug: "fun-run", name: { en: "Fun Run", zh: "欢乐跑" }, distanceMeters: 3500, minAge: 6, maxAge: 80, priceCents: 6000, capacity: 20_000, bibRanges: [] })] }));
  const other = await makeStaff("organizer");
  await createEvent(other, eventInput({ slug: "other-event", races: [raceInput({ bibRanges: [] })] }));
  const { db, schema } = getConnection();
  const event = first(await db.select().from(schema.events).where(eq(schema.events.slug, EVENT)));
  organizer = org;
  otherOrganizer = other;
  volunteer = await makeStaff("volunteer", [{ eventId: event.id, role: "volunteer" }]);
  admin = await makeStaff("admin");
  return event;
}

async function orderOf(code: string) {
  const { db, schema } = getConnection();
  const order = first(await db.select().from(schema.orders).where(eq(schema.orders.code, code)));
  return order;
}

/** An order paid through the same confirmPayment a provider webhook uses. */
async function paidOrder(participants: unknown[], email = "runner@example.com", now = NOW) {
  const result = await registerEntries(EVENT, registrationBody(participants, { email }), ctx(now));
  const order = await orderOf(result.order.code);
  await confirmPayment({ orderId: order.id, provider: "simulated", providerPaymentId: `sim_${order.id}`, amountCents: order.totalCents, currency: "CNY", now });
  return result;
}

async function setBib(registrationId: string, bib: string) {
  const { schema } = getConnection();
  await withTransaction((tx) => tx.update(schema.registrations).set({ bib }).where(eq(schema.registrations.id, registrationId)));
}

async function expectCode(p: Promise<unknown>, code: string): Promise<DomainError> {
  const error = await p.then(() => null, (e: unknown) => e);
  expect(error, `expected ${code}`).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  return error as DomainError;
}

const search = async (q: string, actor: Actor = organizer) => (await listRegistrations(actor, EVENT, { q }, { now: NOW })).registrations;
const names = (items: RegistrationListItem[]) => items.map((r) => `${r.familyName}${r.givenName}`).sort();

describe(`registration list on ${process.env.TEST_ENGINE}`, () => {
  beforeAll(() => {
    process.env.RATE_LIMIT_REGISTRATIONS_PER_MINUTE = "0";
  });
  beforeEach(async () => {
    (await import("../env")).resetEnvForTests();
  });

  describe("search", () => {
    const zhangId = residentId("1990-05-20", 11);
    let zhang: Awaited<ReturnType<typeof paidOrder>>;
    let li: Awaited<ReturnType<typeof paidOrder>>;

    beforeAll(async () => {
      await setup();
      zhang = await paidOrder(
        [
          participant({ familyName: "张", givenName: "伟", latinName: "Zhang Wei", idType: "cn_resident_id", idNumber: zhangId, birthDate: "1990-05-20" }),
          participant({ familyName: "张", givenName: "小雨", latinName: "Zhang Xiaoyu", idNumber: "E55550001", birthDate: "1992-01-01" }),
        ],
        "zhang.wei@example.com",
      );
      li = await paidOrder([participant({ familyName: "李", givenName: "娜", latinName: "Li Na", idNumber: "E12345678" })], "li.na@example.org");
      await paidOrder([participant({ familyName: "欧", givenName: "玛丽", latinName: "Mary-Ann O'Brien", idNumber: "G87650000" })], "mary@example.net");
      await setBib(first(zhang.registrations).id, "F12");
      await setBib(first(li.registrations).id, "4321");
    });

    it("finds names, native or Latin, in any word order and case", async () => {
      expect(names(await search("张伟"))).toEqual(["张伟"]);
      expect(names(await search("张"))).toEqual(["张伟", "张小雨"]);
      expect(names(await search("zhang wei"))).toEqual(["张伟"]);
      expect(names(await search("WEI  Zhang"))).toEqual(["张伟"]);
      expect(names(await search("o'brien"))).toEqual(["欧玛丽"]);
      expect(names(await search("mary-ann"))).toEqual(["欧玛丽"]);
      expect(await search("Wang")).toEqual([]);
      // LIKE wildcards are literal characters, not "anything".
      expect(await search("_")).toEqual([]);
      expect(await search("%")).toEqual([]);
    });

    it("finds an ID number whole or by its last four, and shows it masked", async () => {
      expect(names(await search(zhangId))).toEqual(["张伟"]);
      expect(names(await search(zhangId.toLowerCase()))).toEqual(["张伟"]);
      expect(names(await search(zhangId.slice(-4)))).toEqual(["张伟"]);
      expect(names(await search("e1234 5678"))).toEqual(["李娜"]);
      // Full-width digits, as a Chinese input method types them.
      expect(names(await search("５６７８"))).toEqual(["李娜"]);
      const hit = first(await search(zhangId));
      expect(hit.idNumber).toBe(`${"*".repeat(14)}${zhangId.slice(-4)}`);
      const all = (await listRegistrations(organizer, EVENT, {}, { now: NOW })).registrations;
      expect(all).toHaveLength(4);
      for (const r of all) expect(r.idNumber).toMatch(/^\*+[0-9A-Z]{4}$/);
      expect(JSON.stringify(all)).not.toContain(zhangId);
    });

    it("finds bibs, order codes and email addresses", async () => {
      expect(names(await search("f12"))).toEqual(["张伟"]);
      // "4321" is a bib here, and the last four of no ID number.
      expect(names(await search("4321"))).toEqual(["李娜"]);
      expect(names(await search(zhang.order.code))).toEqual(["张伟", "张小雨"]);
      expect(names(await search(zhang.order.code.slice(3).toLowerCase()))).toEqual(["张伟", "张小雨"]);
      expect(names(await search("LI.NA@example.org"))).toEqual(["李娜"]);
      expect(names(await search("@example.org"))).toEqual(["李娜"]);
      expect(names(await search("zhang.wei@"))).toEqual(["张伟", "张小雨"]);
      expect(await search("nobody@example.org")).toEqual([]);
    });

    it("shows contact details to organizers and admins, not to volunteers", async () => {
      const [forOrganizer] = await search("李娜");
      expect(forOrganizer).toMatchObject({ email: "li.na@example.org", phone: "+86 138 0013 8000", emergencyName: "李娜" });
      const forAdmin = first(await search("李娜", admin));
      expect(forAdmin.email).toBe("li.na@example.org");
      const page = await listRegistrations(volunteer, EVENT, { q: "李娜" }, { audience: "staff", now: NOW });
      expect(page.access).toBe("volunteer");
      expect(page.registrations[0]).toMatchObject({ familyName: "李", email: null, phone: null, emergencyName: null, emergencyPhone: null, bib: "4321" });
    });

    it("refuses volunteers through the API audience, organizers of other events, and unknown events", async () => {
      await expectCode(listRegistrations(volunteer, EVENT, {}), "forbidden");
      await expectCode(listRegistrations(otherOrganizer, EVENT, {}, { audience: "staff" }), "forbidden");
      await expectCode(exportRegistrations(volunteer, EVENT, {}), "forbidden");
      await expectCode(listRegistrations(admin, "no-such-event", {}), "not_found");
      // The other event's organizer sees their own (empty) list.
      expect((await listRegistrations(otherOrganizer, "other-event", {})).total).toBe(0);
    });

    it("rejects bad parameters with the parameter as the field path", async () => {
      const bad = async (raw: Record<string, string>) => (await expectCode(listRegistrations(organizer, EVENT, raw), "validation_failed")).issues;
      expect(await bad({ status: "paid" })).toEqual([{ path: "status", key: "oneOf", params: { values: "held, confirmed, cancelled, refunded, transferred, expired" } }]);
      expect(await bad({ race: "marathon" })).toEqual([{ path: "race", key: "unknownRace" }]);
      expect(await bad({ page: "0" })).toEqual([{ path: "page", key: "tooSmall", params: { minimum: 1 } }]);
      expect(await bad({ pageSize: "201" })).toEqual([{ path: "pageSize", key: "tooBig", params: { maximum: 200 } }]);
      expect(await bad({ pageSize: "ten" })).toEqual([{ path: "pageSize", key: "wholeNumber" }]);
      expect(await bad({ page: "1.5" })).toEqual([{ path: "page", key: "wholeNumber" }]);
      expect(first(await bad({ q: "x".repeat(101) }))).toMatchObject({ path: "q", key: "tooLong" });
      // Empty values are "no filter", as a search form sends them.
      expect((await listRegistrations(organizer, EVENT, { race: "", status: "", q: " ", page: "", pageSize: "" })).total).toBe(4);
    });
  });

  describe("filters and pages", () => {
    it("filters by race and status (a hold that ran out is expired), pages in a stable order, and counts per status", async () => {
      await setup();
      const early = new Date(NOW.getTime() - 30 * 60_000);
      await paidOrder([participant({ givenName: "一" }), participant({ givenName: "二" })], "a@example.com", new Date(NOW.getTime() - 60 * 60_000));
      const refunded = await paidOrder([participant({ givenName: "三" })], "b@example.com", new Date(NOW.getTime() - 50 * 60_000));
      await paidOrder([participant({ givenName: "四", race: "fun-run" })], "c@example.com", new Date(NOW.getTime() - 40 * 60_000));
      await registerEntries(EVENT, registrationBody([participant({ givenName: "五" })]), ctx(early)); // hold ran out at NOW - 15 min
      await registerEntries(EVENT, registrationBody([participant({ givenName: "六", race: "fun-run" })]), ctx(new Date(NOW.getTime() - 5 * 60_000)));
      await refundOrder(organizer, refunded.order.code, {});

      const list = (raw: Record<string, string>) => listRegistrations(organizer, EVENT, raw, { now: NOW });
      const all = await list({});
      expect(all.total).toBe(6);
      expect(all.totalsByStatus).toEqual({ held: 1, confirmed: 3, cancelled: 0, refunded: 1, transferred: 0, expired: 1 });
      expect(all.registrations.map((r) => [r.givenName, r.status])).toEqual([
        ["六", "held"],
        ["五", "expired"],
        ["四", "confirmed"],
        ["三", "refunded"],
        ...[["一", "confirmed"], ["二", "confirmed"]].sort((a, b) => {
          // Entries of one order share their time: the id decides, the same way every time.
          const id = (n: string) => present(all.registrations.find((r) => r.givenName === n)).id;
          return id(first(b)) < id(first(a)) ? -1 : 1;
        }),
      ]);

      expect((await list({ status: "held" })).registrations.map((r) => r.givenName)).toEqual(["六"]);
      expect((await list({ status: "expired" })).registrations.map((r) => r.givenName)).toEqual(["五"]);
      expect((await list({ race: "fun-run" })).registrations.map((r) => r.givenName)).toEqual(["六", "四"]);
      const funConfirmed = await list({ race: "fun-run", status: "confirmed" });
      expect(funConfirmed.registrations.map((r) => r.givenName)).toEqual(["四"]);
      expect(funConfirmed.total).toBe(1);
      // The counts follow race and search, not the status filter (they label the status choices).
      expect(funConfirmed.totalsByStatus).toMatchObject({ held: 1, confirmed: 1, expired: 0 });

      const pages = await Promise.all([1, 2, 3, 4].map((page) => list({ pageSize: "2", page: String(page) })));
      expect(pages.map((p) => p.registrations.length)).toEqual([2, 2, 2, 0]);
      expect(pages.every((p) => p.total === 6 && p.pageSize === 2)).toBe(true);
      expect(pages.flatMap((p) => p.registrations.map((r) => r.id))).toEqual(all.registrations.map((r) => r.id));
      expect(all.pageSize).toBe(50);
    });
  });

  describe("at scale", () => {
    const N = 12_000;
    let eventId: string;

    beforeAll(async () => {
      eventId = (await setup()).id;
      await bulkEntries(eventId, N);
      const other = first(await getConnection().db.select().from(getConnection().schema.events).where(eq(getConnection().schema.events.slug, "other-event")));
      await bulkEntries(other.id, 2_000);
      if (getConnection().engine === "postgres") await getConnection().db.execute(sql`analyze`);
    }, 120_000);

    it("lists, counts, searches and exports 12,000 entries", async () => {
      const first = await listRegistrations(organizer, EVENT, {}, { now: NOW });
      expect(first.total).toBe(N);
      expect(first.registrations).toHaveLength(50);
      const deep = await listRegistrations(organizer, EVENT, { page: "60", pageSize: "200" }, { now: NOW });
      expect(deep.registrations).toHaveLength(200);
      const last4 = await listRegistrations(organizer, EVENT, { q: "0777" }, { now: NOW });
      // E00000777 and E00010777 in this event (the other event's E00000777 is not listed).
      expect(last4.registrations.map((r) => r.givenName)).toEqual([letters(10777), letters(777)]);
      const whole = await listRegistrations(organizer, EVENT, { q: "E00010777" }, { now: NOW });
      expect(whole.registrations.map((r) => r.givenName)).toEqual([letters(10777)]);
      const byName = await listRegistrations(organizer, EVENT, { q: `runner ${letters(777).toLowerCase()}` }, { now: NOW });
      expect(byName.registrations.map((r) => r.latinName)).toEqual([`Runner ${letters(777)}`]);
      const byEmail = await listRegistrations(organizer, EVENT, { q: "runner5555@example.com" }, { now: NOW });
      expect(byEmail.total).toBe(1);
      const filtered = await listRegistrations(organizer, EVENT, { race: "fun-run", status: "confirmed" }, { now: NOW });
      expect(filtered.total).toBe(N / 4);

      const { rows } = await exportRegistrations(organizer, EVENT, { page: "3", pageSize: "10" });
      const seen: string[] = [];
      for await (const batch of rows) seen.push(...batch.map((r) => r.id));
      expect(seen).toHaveLength(N);
      expect(new Set(seen).size).toBe(N);
    }, 60_000);

    it("answers the first page, whole ID numbers and emails from the new indexes on both engines", async () => {
      const c = getConnection();
      const plan = async (query: SQL): Promise<string> => {
        if (c.engine === "postgres") {
          const result = await c.db.execute(sql`explain ${query}`);
          return (result.rows as { "QUERY PLAN": string }[]).map((r) => r["QUERY PLAN"]).join("\n");
        }
        const rows = (c.db as unknown as { all(q: SQL): { detail: string }[] }).all(sql`explain query plan ${query}`);
        return rows.map((r) => r.detail).join("\n");
      };
      const firstPage = await plan(sql`select id from registrations where event_id = ${eventId} order by created_at desc, id desc limit 50`);
      expect(firstPage).toMatch(/registrations_event_created_idx/);
      expect(firstPage).not.toMatch(/TEMP B-TREE|Sort/); // read in order, not sorted
      expect(await plan(sql`select id from registrations where event_id = ${eventId} and id_number = ${"E00000777"}`)).toMatch(/registrations_event_id_number_idx/);
      expect(await plan(sql`select id from registrations where event_id = ${eventId} and email = ${"runner5@example.com"}`)).toMatch(/registrations_event_email_idx/);
    });
  });
});

let bulkSequence = 0;

/** 0 → "AAA", 777 → "BDX": three letters, so one name's letters are in no other name. */
function letters(i: number): string {
  return [Math.floor(i / 676) % 26, Math.floor(i / 26) % 26, i % 26].map((d) => String.fromCharCode(65 + d)).join("");
}

/**
 * Entries written straight into the tables (registering 12,000 runners one by one would test registration, not
 * the list): a quarter in the fun run, every tenth held, IDs E00000000.., Latin names "Runner <n>".
 */
async function bulkEntries(eventId: string, n: number) {
  const { db, schema } = getConnection();
  const races = await db.select().from(schema.races).where(eq(schema.races.eventId, eventId));
  const half = present(races.find((r) => r.slug === "half"));
  const fun = races.find((r) => r.slug === "fun-run") ?? half;
  const base = NOW.getTime() - n * 1000;
  for (let start = 0; start < n; start += 500) {
    const orders: (typeof schema.orders.$inferInsert)[] = [];
    const regs: (typeof schema.registrations.$inferInsert)[] = [];
    for (let i = start; i < Math.min(n, start + 500); i++) {
      const orderId = randomUUID();
      const at = new Date(base + i * 1000);
      const held = i % 10 === 9;
      orders.push({
        id: orderId,
        code: `FL-Z${String((bulkSequence += 1)).padStart(7, "0")}`,
        eventId,
        email: `runner${i}@example.com`,
        locale: "zh",
        status: held ? ("pending" as const) : ("paid" as const),
        totalCents: 12000,
        currency: "CNY",
        discountCents: 0,
        provider: "simulated" as const,
        expiresAt: new Date(NOW.getTime() + 3600_000),
        createdAt: at,
        updatedAt: at,
      });
      const idNumber = `E${String(i).padStart(8, "0")}`;
      regs.push({
        id: randomUUID(),
        orderId,
        eventId,
        raceId: i % 4 === 0 ? fun.id : half.id,
        status: held ? ("held" as const) : ("confirmed" as const),
        holdExpiresAt: held ? new Date(NOW.getTime() + 3600_000) : null,
        priceCents: 12000,
        discountCents: 0,
        familyName: "跑",
        givenName: letters(i),
        latinName: `Runner ${letters(i)}`,
        gender: "F" as const,
        birthDate: "1990-01-01",
        nationality: "CN",
        idType: "passport",
        idNumber,
        liveIdKey: `passport:${idNumber}`,
        phone: "+86 138 0000 0000",
        email: `runner${i}@example.com`,
        emergencyName: "家人",
        emergencyPhone: "+86 139 0000 0000",
        guardianConsent: false,
        bibLocked: false,
        pickupToken: randomUUID(),
        createdAt: at,
        updatedAt: at,
      });
    }
    await withTransaction(async (tx) => {
      await tx.insert(schema.orders).values(orders);
      await tx.insert(schema.registrations).values(regs);
    });
  }
}

