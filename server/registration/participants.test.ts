/**
 * The participants table (issue 6) on both engines: the filters beside the search (wave, gender, age group on race
 * day, picked up), sorting by each column in both directions with stable pages, the CSV and XLSX exports holding
 * exactly the filtered list in its order, corrections of a runner's details (validated by the registration rules,
 * audited with the previous values, refused with nothing changed), the entry's history newest first, and 10,000
 * entries filtered, sorted and exported (the time is printed, not asserted).
 */
import { eq, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getConnection } from "../db";
import { makeStaff, resetDatabase } from "../../test/db";
import { eventInput, participant, raceInput, registrationBody, residentId } from "../../test/factories";
import type { Actor } from "../actor";
import { setBib, setWave } from "../bibs";
import { insertSyntheticEntries } from "../../test/synthetic-entries";
import { DomainError } from "../errors";
import { createEvent } from "../events/manage-events";
import { confirmPayment } from "../payments/confirm-payment";
import { recordPickup } from "../pickup/record-pickup";
import { listEntryHistory } from "./entry-history";
import { exportRegistrations, listRegistrations, REGISTRATION_SORTS, type RegistrationListItem } from "./list-registrations";
import { registerEntries } from "./register";
import { registrationsCsvResponse } from "./registrations-csv";
import { registrationsXlsx } from "./registrations-xlsx";
import { updateEntry } from "./update-entry";
import { TEST_NOW } from "../../test/clock";
import { first, present } from "../../core/lists";

const EVENT = "test-half-2027"; // race day 2027-04-18
const NOW = TEST_NOW;

let organizer: Actor;
let volunteer: Actor;
let otherOrganizer: Actor;
let admin: Actor;

async function setup() {
  await resetDatabase();
  (await import("../env")).resetEnvForTests();
  organizer = await makeStaff("organizer");
  await createEvent(
    organizer,
    eventInput({
      races: [
        raceInput({ capacity: 20_000, bibRanges: [{ from: 1, to: 15_000 }], waves: [{ name: "A", startTime: "2027-04-18T07:30" }, { name: "B", startTime: "2027-04-18T07:45" }] }),
        raceInput({ slug: "fun-run", name: { en: "Fun Run", zh: "欢乐跑" }, distanceMeters: 3500, minAge: 6, maxAge: 80, priceCents: 6000, bibRanges: [{ from: 20_001, to: 20_100 }] }),
      ],
    }),
  );
  otherOrganizer = await makeStaff("organizer");
  await createEvent(otherOrganizer, eventInput({ slug: "other-event", races: [raceInput({ bibRanges: [] })] }));
  const { db, schema } = getConnection();
  const event = first(await db.select().from(schema.events).where(eq(schema.events.slug, EVENT)));
  volunteer = await makeStaff("volunteer", [{ eventId: event.id, role: "volunteer" }]);
  admin = await makeStaff("admin");
  return event;
}

let emails = 0;

async function entry(p: Record<string, unknown>, options: { pay?: boolean; at?: Date } = {}): Promise<string> {
  const at = options.at ?? NOW;
  emails += 1;
  const result = await registerEntries(EVENT, registrationBody([participant(p)], { email: `runner${emails}@example.com` }), { clientIp: "203.0.113.7", now: at });
  if (options.pay !== false) {
    const { db, schema } = getConnection();
    const order = first(await db.select().from(schema.orders).where(eq(schema.orders.code, result.order.code)));
    await confirmPayment({ orderId: order.id, provider: "simulated", providerPaymentId: `sim_${order.id}`, amountCents: order.totalCents, currency: "CNY", now: at });
  }
  return first(result.registrations).id;
}

async function refusal(p: Promise<unknown>, code: string): Promise<DomainError> {
  const error = await p.then(() => null, (e: unknown) => e);
  expect(error, `expected ${code}`).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  return error as DomainError;
}

const list = (raw: Record<string, string>, actor: Actor = organizer) => listRegistrations(actor, EVENT, { pageSize: "200", ...raw }, { now: NOW });
const names = (items: RegistrationListItem[]) => items.map((r) => `${r.familyName}${r.givenName}`).sort();

async function exported(raw: Record<string, string>): Promise<RegistrationListItem[]> {
  const { rows } = await exportRegistrations(organizer, EVENT, raw, { now: NOW });
  const out: RegistrationListItem[] = [];
  for await (const batch of rows) out.push(...batch);
  return out;
}

/** The expected order of a sort, worked out here from the loaded rows (the id last, in the same direction). */
function expectedOrder(items: RegistrationListItem[], sort: string, order: "asc" | "desc", raceOrder: string[]): string[] {
  const statusRank = ["confirmed", "held", "expired", "cancelled", "refunded", "transferred"];
  const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
  const sign = order === "asc" ? 1 : -1;
  const byCreatedDesc = (a: RegistrationListItem, b: RegistrationListItem) => -cmp(a.registeredAt, b.registeredAt);
  const byId = (a: RegistrationListItem, b: RegistrationListItem) => sign * cmp(a.id, b.id);
  const compare = (a: RegistrationListItem, b: RegistrationListItem): number => {
    switch (sort) {
      case "created":
        return sign * cmp(a.registeredAt, b.registeredAt) || byId(a, b);
      case "name":
        return sign * cmp(a.familyName + a.givenName, b.familyName + b.givenName) || byId(a, b);
      case "bib": {
        if ((a.bib === null) !== (b.bib === null)) return a.bib === null ? 1 : -1;
        const numeric = (x: string | null) => x !== null && /^\d+$/.test(x);
        const kind = (x: string | null) => (x === null || numeric(x) ? 0 : 1);
        const len = (x: string | null) => (numeric(x) ? present(x).length : 0);
        return sign * (cmp(kind(a.bib), kind(b.bib)) || cmp(len(a.bib), len(b.bib)) || cmp(a.bib ?? "", b.bib ?? "")) || byId(a, b);
      }
      case "race":
        return sign * cmp(raceOrder.indexOf(a.race.slug), raceOrder.indexOf(b.race.slug)) || byCreatedDesc(a, b) || byId(a, b);
      case "status":
        return sign * cmp(statusRank.indexOf(a.status), statusRank.indexOf(b.status)) || byCreatedDesc(a, b) || byId(a, b);
      case "age":
        return -sign * cmp(a.birthDate, b.birthDate) || byId(a, b);
    }
    throw new Error(sort);
  };
  return [...items].sort(compare).map((r) => r.id);
}

describe(`participants table on ${process.env.TEST_ENGINE}`, () => {
  beforeAll(() => {
    process.env.RATE_LIMIT_REGISTRATIONS_PER_MINUTE = "0";
  });

  describe("filters, sorting, paging and exports", () => {
    const ids: Record<string, string> = {};
    let waves: Record<string, string>;

    beforeAll(async () => {
      await setup();
      const t = (m: number) => new Date(NOW.getTime() + m * 60_000);
      ids.zhang = await entry({ familyName: "张", givenName: "伟", gender: "M", birthDate: "1990-05-20" }, { at: t(1) });
      // 44 on race day (45 the day after), and 45 on race day: the edges of the 40-44 group.
      ids.li = await entry({ familyName: "李", givenName: "娜", latinName: "Li Na", gender: "F", birthDate: "1982-04-19" }, { at: t(2) });
      ids.wang = await entry({ familyName: "王", givenName: "芳", latinName: "Wang Fang", gender: "F", birthDate: "1982-04-18" }, { at: t(3) });
      ids.smith = await entry({ race: "fun-run", familyName: "Smith", givenName: "Alex", latinName: "Alex Smith", gender: "X", birthDate: "1960-01-01", nationality: "GB" }, { at: t(4) });
      ids.chen = await entry(
        { race: "fun-run", familyName: "陈", givenName: "静", latinName: "Chen Jing", gender: "F", birthDate: "2015-06-01", guardian: { name: "陈强", phone: "+86 139 1111 2222", idNumber: "330106198001011234", consent: true } },
        { at: t(5) },
      );
      ids.liu = await entry({ familyName: "刘", givenName: "洋", latinName: "Liu Yang", gender: "M", birthDate: "1999-12-31" }, { pay: false, at: t(6) });
      const { db, schema } = getConnection();
      const rows = await db.select({ id: schema.waves.id, name: schema.waves.name, race: schema.races.slug }).from(schema.waves)
        .innerJoin(schema.races, eq(schema.races.id, schema.waves.raceId))
        .innerJoin(schema.events, eq(schema.events.id, schema.races.eventId))
        .where(eq(schema.events.slug, EVENT));
      waves = Object.fromEntries(rows.map((w) => [`${w.race}/${w.name}`, w.id]));
      await setWave(organizer, EVENT, present(ids.zhang, "entry zhang"), present(waves["half/A"], "wave half/A"));
      await setWave(organizer, EVENT, present(ids.li, "entry li"), present(waves["half/A"], "wave half/A"));
      await setWave(organizer, EVENT, present(ids.wang, "entry wang"), present(waves["half/B"], "wave half/B"));
      await setWave(organizer, EVENT, present(ids.smith, "entry smith"), present(waves["fun-run/A"], "wave fun-run/A"));
      await setWave(organizer, EVENT, ids.chen, null);
      await setBib(organizer, EVENT, ids.smith, { bib: "F12", locked: true });
      await recordPickup(volunteer, EVENT, { registrationId: ids.zhang, desk: "A" }, { now: t(10) });
      await recordPickup(volunteer, EVENT, { registrationId: ids.smith, desk: "A" }, { now: t(10) });
    });

    it("filters by wave, gender, age group on race day and pickup, alone and together, with the counts following", async () => {
      expect(names((await list({ wave: "B" })).registrations)).toEqual(["王芳"]);
      // Without a race, wave A is every race's wave A; with one, that race's only.
      expect(names((await list({ wave: "A" })).registrations)).toEqual(["Smith" + "Alex", "张伟", "李娜"].sort());
      expect(names((await list({ wave: "A", race: "fun-run" })).registrations)).toEqual(["SmithAlex"]);
      expect(names((await list({ gender: "F" })).registrations)).toEqual(["李娜", "王芳", "陈静"].sort());
      expect(names((await list({ gender: "X" })).registrations)).toEqual(["SmithAlex"]);
      expect(names((await list({ ageGroup: "40-44" })).registrations)).toEqual(["李娜"]);
      expect(names((await list({ ageGroup: "45-49" })).registrations)).toEqual(["王芳"]);
      expect(names((await list({ ageGroup: "18-39" })).registrations)).toEqual(["刘洋", "张伟"].sort());
      expect(names((await list({ ageGroup: "60+" })).registrations)).toEqual(["SmithAlex"]);
      expect(names((await list({ ageGroup: "0-17" })).registrations)).toEqual(["陈静"]);
      expect(names((await list({ pickedUp: "yes" })).registrations)).toEqual(["SmithAlex", "张伟"].sort());
      expect((await list({ pickedUp: "no" })).total).toBe(4);
      const together = await list({ race: "half", gender: "F", pickedUp: "no", status: "confirmed" });
      expect(names(together.registrations)).toEqual(["李娜", "王芳"].sort());
      // The counts per status follow every filter but the status.
      expect((await list({ gender: "M" })).totalsByStatus).toMatchObject({ confirmed: 1, held: 1 });
      expect((await list({ gender: "M", pickedUp: "no" })).totalsByStatus).toMatchObject({ confirmed: 0, held: 1 });
      expect((await list({ gender: "F", ageGroup: "45+" })).total).toBe(1);
    });

    it("refuses filters that are not valid, naming the parameter", async () => {
      for (const [raw, path] of [
        [{ wave: "Z" }, "wave"],
        [{ wave: "B", race: "fun-run" }, "wave"],
        [{ gender: "Q" }, "gender"],
        [{ ageGroup: "forty" }, "ageGroup"],
        [{ ageGroup: "50-40" }, "ageGroup"],
        [{ pickedUp: "maybe" }, "pickedUp"],
        [{ sort: "email" }, "sort"],
        [{ order: "up" }, "order"],
      ] as const) {
        const error = await refusal(list(raw), "validation_failed");
        expect(error.issues.map((i) => i.path)).toEqual([path]);
      }
    });

    it("sorts by every column both ways, stable with the id, and pages through the same order", async () => {
      const everyone = (await list({})).registrations;
      expect(everyone).toHaveLength(6);
      for (const sort of REGISTRATION_SORTS) {
        for (const order of ["asc", "desc"] as const) {
          const page = await list({ sort, order });
          expect(page.registrations.map((r) => r.id), `${sort} ${order}`).toEqual(expectedOrder(everyone, sort, order, ["half", "fun-run"]));
          const pages = await Promise.all([1, 2, 3].map((p) => list({ sort, order, pageSize: "2", page: String(p) })));
          expect(pages.flatMap((p) => p.registrations.map((r) => r.id))).toEqual(page.registrations.map((r) => r.id));
        }
      }
      // Defaults: newest first; a sort without an order is ascending.
      expect((await list({})).query).toMatchObject({ sort: "created", order: "desc" });
      expect((await list({ sort: "age" })).query).toMatchObject({ sort: "age", order: "asc" });
      // Youngest first by age; entries without a bib last both ways; F12 after the numbers.
      expect(first((await list({ sort: "age" })).registrations).id).toBe(ids.chen);
      const bibs = (await list({ sort: "bib" })).registrations.map((r) => r.bib);
      expect(bibs.slice(-2)).toEqual(["F12", null]);
      expect(present((await list({ sort: "bib", order: "desc" })).registrations.at(-1)).bib).toBeNull();
    });

    it("exports exactly the filtered list in its order, as CSV and XLSX", async () => {
      const views: Record<string, string>[] = [{}, { gender: "F", sort: "name" }, { race: "half", pickedUp: "no", sort: "age", order: "desc" }, { wave: "A", sort: "bib" }];
      for (const raw of views) {
        const shown = (await list(raw)).registrations;
        expect((await exported({ ...raw, page: "2", pageSize: "1" })).map((r) => r.id)).toEqual(shown.map((r) => r.id));

        const csv = await (await registrationsCsvResponse(organizer, EVENT, raw)).text();
        const lines = csv.replace(/^\uFEFF/, "").trim().split("\r\n");
        expect(first(lines).split(",")[0]).toBe("id");
        expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(shown.map((r) => r.id));

        const { rows } = await exportRegistrations(organizer, EVENT, raw, { now: NOW });
        const workbook = new ExcelJS.Workbook();
        await workbook.xlsx.load((await registrationsXlsx(EVENT, rows)).buffer as ArrayBuffer);
        const sheet = present(workbook.getWorksheet("Registrations"));
        const cells: string[][] = [];
        sheet.eachRow((row) => cells.push((row.values as unknown[]).slice(1).map((v) => (v == null ? "" : String(v)))));
        expect(first(cells).slice(0, 3)).toEqual(["id", "orderCode", "status"]);
        expect(cells.slice(1).map((c) => c[0])).toEqual(shown.map((r) => r.id));
        // ID numbers masked, phone numbers as typed (a phone cannot run as a formula).
        const header = first(cells);
        for (const row of cells.slice(1)) {
          expect(row[header.indexOf("idNumber")]).toMatch(/^\*+\w{4}$/);
          if (row[header.indexOf("phone")]) expect(row[header.indexOf("phone")]).toMatch(/^\+86/);
        }
      }
    });

    it("lets volunteers read the filtered list but not export it", async () => {
      await refusal(list({ pickedUp: "no", sort: "name" }, volunteer), "forbidden");
      const staff = await listRegistrations(volunteer, EVENT, { pickedUp: "no", sort: "name" }, { audience: "staff", now: NOW });
      expect(staff.total).toBe(4);
      await refusal(exportRegistrations(volunteer, EVENT, {}), "forbidden");
      await refusal(exportRegistrations(otherOrganizer, EVENT, {}), "forbidden");
      expect((await exportRegistrations(admin, EVENT, {})).eventSlug).toBe(EVENT);
    });

    // Last: it adds an entry.
    it("neutralizes formula-looking names in the XLSX", async () => {
      const id = await entry({ familyName: "=HYPERLINK(\"x\")", givenName: "测", latinName: undefined, birthDate: "1991-01-01" });
      const { rows } = await exportRegistrations(organizer, EVENT, { q: "测" }, { now: NOW });
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await registrationsXlsx(EVENT, rows)).buffer as ArrayBuffer);
      const sheet = present(workbook.getWorksheet("Registrations"));
      const header = (sheet.getRow(1).values as string[]).slice(1);
      const row = (sheet.getRow(2).values as unknown[]).slice(1);
      expect(row[header.indexOf("id")]).toBe(id);
      expect(row[header.indexOf("familyName")]).toBe("'=HYPERLINK(\"x\")");
    });
  });

  describe("corrections and history", () => {
    let adultId: string;
    let residentEntry: string;
    const residentNumber = residentId("1988-03-03", 7);

    beforeEach(async () => {
      await setup();
      adultId = await entry({ familyName: "张", givenName: "伟", latinName: "Zhang Wei", birthDate: "1990-05-20" });
      residentEntry = await entry({ familyName: "周", givenName: "杰", idType: "cn_resident_id", idNumber: residentNumber, birthDate: "1988-03-03" });
    });

    async function stored(id: string) {
      const { db, schema } = getConnection();
      const row = first(await db.select().from(schema.registrations).where(eq(schema.registrations.id, id)));
      return row;
    }

    async function auditRows(id: string) {
      const { db, schema } = getConnection();
      return db.select().from(schema.auditLog).where(eq(schema.auditLog.entityId, id));
    }

    it("corrects the runner's details in one audited change holding only the changed fields, before and after", async () => {
      const original = await stored(adultId);
      const result = await updateEntry(organizer, EVENT, adultId, {
        familyName: " 章 ",
        givenName: "伟",
        latinName: "Zhang  Wei".replace("  ", " "),
        phone: "+86 138 0000 1111",
        email: "New.Address@Example.com",
        emergencyName: "王五",
        tshirtSize: "L",
        predictedFinishSeconds: 7200,
        nationality: "cn",
      }, { now: NOW });
      expect(result.changed.sort()).toEqual(["email", "emergencyName", "familyName", "phone", "predictedFinishSeconds", "tshirtSize"]);
      const row = await stored(adultId);
      expect(row).toMatchObject({ familyName: "章", phone: "+86 138 0000 1111", email: "new.address@example.com", emergencyName: "王五", tshirtSize: "L", predictedFinishSeconds: 7200, nationality: "CN" });
      const updates = (await auditRows(adultId)).filter((a) => a.action === "registration.update");
      expect(updates).toHaveLength(1);
      expect(first(updates).data).toEqual({
        orderId: row.orderId,
        before: { familyName: "张", phone: "+86 138 0013 8000", email: original.email, emergencyName: "李娜", tshirtSize: "M", predictedFinishSeconds: 6600 },
        after: { familyName: "章", phone: "+86 138 0000 1111", email: "new.address@example.com", emergencyName: "王五", tshirtSize: "L", predictedFinishSeconds: 7200 },
      });
      expect(first(updates).actorUserId).toBe((organizer as { userId: string }).userId);

      // The same values again change nothing and write nothing.
      expect((await updateEntry(admin, EVENT, adultId, { familyName: "章", tshirtSize: "L" })).changed).toEqual([]);
      expect((await auditRows(adultId)).filter((a) => a.action === "registration.update")).toHaveLength(1);
      // Optional fields can be cleared.
      await updateEntry(admin, EVENT, adultId, { latinName: null, tshirtSize: null, predictedFinishSeconds: null });
      expect(await stored(adultId)).toMatchObject({ latinName: null, tshirtSize: null, predictedFinishSeconds: null });
    });

    it("refuses a correction that breaks a registration rule, naming the field, with nothing changed", async () => {
      const before = await stored(adultId);
      const cases: [Record<string, unknown>, string, string][] = [
        [{ birthDate: "2015-01-01" }, "birthDate", "ageBelowMin"], // 12 on race day: too young for the half (18+)
        [{ birthDate: "1940-01-01" }, "birthDate", "ageAboveMax"],
        [{ birthDate: "2027-01-01" }, "birthDate", "birthDateFuture"],
        [{ birthDate: "1990-02-30" }, "birthDate", "dateFormat"],
        [{ email: "not-an-address" }, "email", "emailFormat"],
        [{ phone: "call me" }, "phone", "phoneFormat"],
        [{ emergencyPhone: "x" }, "emergencyPhone", "phoneFormat"],
        [{ familyName: "  " }, "familyName", "required"],
        [{ latinName: "张伟" }, "latinName", "latinFormat"],
        [{ gender: "Q" }, "gender", "oneOf"],
        [{ nationality: "China" }, "nationality", "countryFormat"],
        [{ tshirtSize: "XXXXL" }, "tshirtSize", "oneOf"],
        [{ predictedFinishSeconds: 10 }, "predictedFinishSeconds", "tooSmall"],
        [{ idNumber: "E99999999" }, "", "invalid"],
      ];
      for (const [patch, path, key] of cases) {
        const error = await refusal(updateEntry(organizer, EVENT, adultId, patch), "validation_failed");
        expect(error.issues[0], JSON.stringify(patch)).toMatchObject(path ? { path, key } : {});
      }
      // A resident ID carries the birth date: a different one is refused on the birth date.
      const mismatch = await refusal(updateEntry(organizer, EVENT, residentEntry, { birthDate: "1988-03-04" }), "validation_failed");
      expect(mismatch.issues).toEqual([{ path: "birthDate", key: "idBirthDateMismatch" }]);
      expect(await stored(adultId)).toEqual(before);
      expect((await auditRows(adultId)).filter((a) => a.action === "registration.update")).toEqual([]);
    });

    it("keeps a minor's guardian rule: a fun-run adult made a minor without a guardian is refused", async () => {
      const kid = await entry({ race: "fun-run", familyName: "孙", givenName: "悦", birthDate: "1995-01-01" });
      const error = await refusal(updateEntry(organizer, EVENT, kid, { birthDate: "2016-01-01" }), "validation_failed");
      expect(error.issues).toEqual([{ path: "birthDate", key: "guardianRequired" }]);
      const minor = await entry({ race: "fun-run", familyName: "孙", givenName: "小", birthDate: "2016-01-01", guardian: { name: "孙强", phone: "+86 139 1111 2222", idNumber: "330106198001011234", consent: true } });
      expect((await updateEntry(organizer, EVENT, minor, { birthDate: "2016-02-02" })).changed).toEqual(["birthDate"]);
    });

    it("lets only the event's organizers and admins correct an entry, of that event", async () => {
      await refusal(updateEntry(volunteer, EVENT, adultId, { familyName: "X" }), "forbidden");
      await refusal(updateEntry(otherOrganizer, EVENT, adultId, { familyName: "X" }), "forbidden");
      await refusal(updateEntry(organizer, "other-event", adultId, { familyName: "X" }), "not_found");
      await refusal(updateEntry(organizer, EVENT, "not-an-id", { familyName: "X" }), "not_found");
      expect((await stored(adultId)).familyName).toBe("张");
    });

    it("lists the entry's history newest first: its own rows, its order's, bib changes, pickup and corrections; no document numbers", async () => {
      const later = (m: number) => new Date(NOW.getTime() + m * 60_000);
      await setBib(organizer, EVENT, adultId, { bib: "77", locked: true });
      await recordPickup(volunteer, EVENT, { registrationId: adultId, desk: "B" }, { now: later(5) });
      await updateEntry(organizer, EVENT, adultId, { phone: "+86 138 0000 2222" }, { now: later(10) });
      const history = await listEntryHistory(organizer, EVENT, adultId);
      const actions = history.map((h) => h.action);
      expect(actions[0]).toBe("registration.update");
      expect(actions).toEqual(expect.arrayContaining(["registration.update", "registration.pickup", "registration.set_bib", "order.paid", "order.create"]));
      // The other entry (another order) is not in this history.
      expect(history.every((h) => h.data.registrationId === undefined || h.data.registrationId === adultId)).toBe(true);
      const times = history.map((h) => h.at);
      expect(times).toEqual([...times].sort().reverse());
      expect(history[0]).toMatchObject({ actorKind: "user", changes: [{ field: "phone", before: "+86 138 0013 8000", after: "+86 138 0000 2222" }] });
      expect(history.find((h) => h.action === "order.create")).toMatchObject({ actorKind: "system", actor: "registrant", changes: null });

      // No document number in any audit row about these entries, nor in any history.
      const { db, schema } = getConnection();
      const all = JSON.stringify(await db.select().from(schema.auditLog));
      const docs = await db.select({ n: schema.registrations.idNumber }).from(schema.registrations);
      for (const { n } of docs) expect(all).not.toContain(n);
      await updateEntry(organizer, EVENT, residentEntry, { familyName: "邹" });
      expect(JSON.stringify(await listEntryHistory(admin, EVENT, residentEntry))).not.toContain(residentNumber);

      await refusal(listEntryHistory(volunteer, EVENT, adultId), "forbidden");
      await refusal(listEntryHistory(otherOrganizer, EVENT, adultId), "forbidden");
      await refusal(listEntryHistory(organizer, "other-event", adultId), "not_found");
    });
  });

  describe("10,000 entries", () => {
    const N = 10_000;

    beforeAll(async () => {
      await setup();
      await insertSyntheticEntries(EVENT, "half", N, { now: NOW, prefix: "P" });
      const { db, schema } = getConnection();
      const r = schema.registrations;
      // Every fifth runner is 44 on race day, every seventh has collected their packet.
      await db.update(r).set({ birthDate: "1982-04-19" }).where(sql`cast(substr(${r.idNumber}, 2) as integer) % 5 = 0`);
      await db.update(r).set({ checkedInAt: NOW }).where(sql`cast(substr(${r.idNumber}, 2) as integer) % 7 = 0`);
      if (getConnection().engine === "postgres") await db.execute(sql`analyze`);
    }, 120_000);

    it("filters, sorts, pages and exports them", async () => {
      const count = (f: (i: number) => boolean) => Array.from({ length: N }, (_, i) => i).filter(f).length;
      const started = performance.now();
      const women40 = await list({ gender: "F", ageGroup: "40-44", pickedUp: "no", sort: "name", page: "3", pageSize: "50" });
      const firstTime = performance.now() - started;
      expect(women40.total).toBe(count((i) => i % 2 === 0 && i % 5 === 0 && i % 7 !== 0));
      expect(women40.registrations).toHaveLength(50);
      expect(women40.totalsByStatus.confirmed).toBe(women40.total);

      const t1 = performance.now();
      const deep = await list({ sort: "age", order: "desc", page: "40", pageSize: "200" });
      const deepTime = performance.now() - t1;
      expect(deep.registrations).toHaveLength(200);
      expect(deep.registrations.every((x) => x.birthDate === "1990-01-01")).toBe(true);

      const t2 = performance.now();
      const rows = await exported({ ageGroup: "18-39", sort: "name" });
      const exportTime = performance.now() - t2;
      expect(rows).toHaveLength(count((i) => i % 5 !== 0));
      expect(new Set(rows.map((x) => x.id)).size).toBe(rows.length);
      const keys = rows.map((x) => x.familyName + x.givenName);
      expect(keys).toEqual([...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));

      const t3 = performance.now();
      const all = await exported({});
      const { rows: again } = await exportRegistrations(organizer, EVENT, { sort: "bib" }, { now: NOW });
      const bytes = await registrationsXlsx(EVENT, again);
      const xlsxTime = performance.now() - t3;
      expect(all).toHaveLength(N);
      expect(bytes.length).toBeGreaterThan(0);
      console.log(
        `[participants ${process.env.TEST_ENGINE}] ${N} entries: filtered page ${firstTime.toFixed(0)} ms, page 40 by age ${deepTime.toFixed(0)} ms, ` +
          `export of ${rows.length} by name ${exportTime.toFixed(0)} ms, all + XLSX of all ${xlsxTime.toFixed(0)} ms`,
      );
    }, 120_000);
  });
});
