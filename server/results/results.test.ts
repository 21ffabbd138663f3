/**
 * Results on both engines (issue 5): a file imported all or nothing, re-imported without change, updated by bib;
 * an entry's details used for its bib; bibs of another race refused; filters, search (pinyin, accents) and paging;
 * one runner; the CSV (importable again); the API routes and who may import; the live version in this process and,
 * on PostgreSQL, from another process's notification.
 */
import { count, eq, sql } from "drizzle-orm";
import pg from "pg";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as getResults, POST as postResults } from "../../app/api/v1/events/[event]/races/[race]/results/route";
import { GET as getRunner } from "../../app/api/v1/events/[event]/races/[race]/results/[bib]/route";
import { GET as getCsv } from "../../app/api/v1/events/[event]/races/[race]/results.csv/route";
import { getConnection, withTransaction } from "../db";
import { runStatement } from "../../db/bulk";
import { makeStaff, resetDatabase } from "../../test/db";
import { eventInput, participant, raceInput, registrationBody } from "../../test/factories";
import { CLI_ACTOR, type Actor } from "../actor";
import { createApiToken } from "../auth/tokens";
import { DomainError } from "../errors";
import { createEvent, updateEvent, updateRace } from "../events/manage-events";
import { getPublicEvent } from "../events/queries";
import { confirmPayment } from "../payments/confirm-payment";
import { registerEntries } from "../registration/register";
import { importResultsFile, previewResultsFile } from "./import-results";
import { resetResultsLiveForTests, resultsVersion, subscribeToResults } from "./live";
import { getRaceResultsInfo, getRunnerResult, listEventResults, listRaceResults } from "./queries";
import { TEST_NOW } from "../../test/clock";
import { first, only, present } from "../../core/lists";

const EVENT = "test-half-2027";
const NOW = TEST_NOW;
const AGE_GROUPS = [18, 40, 45, 50, 55, 60, 65, 70, 75, 80];

let organizer: Actor & { kind: "user" };
let otherOrganizer: Actor & { kind: "user" };
let volunteer: Actor & { kind: "user" };
let organizerToken: string;
let volunteerToken: string;

/** The entry of bib 7 (half): 张伟, M, born 1990-05-20 (36 on race day 2027-04-18); bib 10001 a fun-run entry. */
async function setup() {
  await resetDatabase();
  await resetResultsLiveForTests();
  organizer = await makeStaff("organizer");
  await createEvent(
    organizer,
    eventInput({
      races: [
        raceInput({ rankBy: "net", ageGroupBounds: AGE_GROUPS, bibRanges: [] }),
        raceInput({ slug: "fun-run", name: { en: "Fun Run", zh: "欢乐跑" }, distanceMeters: 3500, minAge: 6, maxAge: 80, priceCents: 6000, bibRanges: [], waves: [] }),
      ],
    }),
  );
  const event = present(await getPublicEvent(EVENT));
  volunteer = await makeStaff("volunteer", [{ eventId: event.id, role: "volunteer" }]);
  otherOrganizer = await makeStaff("organizer");
  await createEvent(otherOrganizer, eventInput({ slug: "other-event", races: [raceInput({ bibRanges: [] })] }));
  organizerToken = (await createApiToken(CLI_ACTOR, { email: await emailOf(organizer), name: "timer" })).token;
  volunteerToken = (await createApiToken(CLI_ACTOR, { email: await emailOf(volunteer), name: "desk" })).token;

  const { db, schema } = getConnection();
  const entries = [
    { p: participant({ familyName: "张", givenName: "伟", latinName: "Zhang Wei", gender: "M", birthDate: "1990-05-20" }), bib: "7" },
    { p: participant({ race: "fun-run", familyName: "Ó Súilleabháin", givenName: "Zoë", latinName: "Zoe O Suilleabhain", gender: "F", birthDate: "2000-01-01", nationality: "IE", tshirtSize: "S" }), bib: "10001" },
  ];
  let ip = 0;
  for (const { p, bib } of entries) {
    const result = await registerEntries(EVENT, registrationBody([p]), { clientIp: `203.0.113.${++ip}`, now: NOW });
    const order = first(await db.select().from(schema.orders).where(eq(schema.orders.code, result.order.code)));
    await confirmPayment({ orderId: order.id, provider: "simulated", providerPaymentId: `sim_${order.id}`, amountCents: order.totalCents, currency: "CNY", now: NOW });
    await withTransaction((tx) => tx.update(schema.registrations).set({ bib }).where(eq(schema.registrations.id, first(result.registrations).id)));
  }
}

/**
 * Hand-computed (rank basis net; race day 2027-04-18):
 * - bib 7 (entry 张伟, M36 → M18-39): net 1:10:00.000 → place 2 overall (tied), M 2, M18-39 1
 * - bib 3 (file, F, 44 → F40-44): net 1:10:00.000 (gun 1:10:05) → place 2 overall (tie with bib 7), F 1, F40-44 1
 * - bib 11 (file, M, 81 → M80+): net 1:05:00.400 → place 1 overall, M 1, M80+ 1
 * - bib 12 (file, X, no age): no net time → ranked by gun 10:12:00.000 → place 4 (over ten hours), X 1, no group
 * - bib F12 (file, F): dnf → listed after finishers, no place
 * - bib 5: dq → after the dnf
 */
const FILE = [
  "Bib,Name,Gender,Age,Gun_Time,Net_Time,Status,split_5k,split_10k",
  "7,ignored for the entry,F,99,1:10:02,1:10:00.000,,16:40,33:20",
  "3,Anna Müller,F,44,1:10:05,1:10:00,,17:00,-",
  "11,Old Li,M,81,1:05:01,1:05:00.4,,15:00,31:00",
  "12,Night Owl,X,,10:12:00,-,,,",
  "F12,Fast Lady,F,30,-,-,dnf,15:30,",
  "5,Cheater,M,30,-,-,dq,,",
].join("\n");

async function emailOf(actor: Actor & { kind: "user" }): Promise<string> {
  const { db, schema } = getConnection();
  const user = first(await db.select({ email: schema.users.email }).from(schema.users).where(eq(schema.users.id, actor.userId)));
  return user.email;
}

async function resultCount(): Promise<number> {
  const { db, schema } = getConnection();
  const { n } = only(await db.select({ n: count() }).from(schema.results), "count");
  return Number(n);
}

async function expectRefusal(p: Promise<unknown>, code: string): Promise<DomainError> {
  const error = await p.then(() => null, (e: unknown) => e);
  expect(error, `expected ${code}`).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  return error as DomainError;
}

function csvRequest(body: string, token = organizerToken, type = "text/csv"): Request {
  return new Request(`http://localhost/api/v1/events/${EVENT}/races/half/results`, {
    method: "POST",
    headers: { "content-type": type, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
}

const params = (race = "half") => ({ params: Promise.resolve({ event: EVENT, race }) });

beforeAll(setup);

describe("results import and queries", () => {

  it("imports a file: the entry's details for its bib, places hand-computed, over ten hours, dnf and dq after", async () => {
    const progress: [number, number][] = [];
    const summary = await importResultsFile(organizer, EVENT, "half", FILE, { onProgress: (d, t) => progress.push([d, t]) });
    expect(summary).toEqual({ rows: 6, created: 6, updated: 0, unchanged: 0, version: 1 });
    expect(progress.at(-1)).toEqual([6, 6]);

    const page = await listRaceResults(EVENT, "half", {});
    expect(page.total).toBe(6);
    expect(page.results.map((r) => [r.bib, r.places.overall, r.places.gender, r.places.ageGroup, r.ageGroup, r.status])).toEqual([
      ["11", 1, 1, 1, "M80+", "finished"],
      ["3", 2, 1, 1, "F40-44", "finished"],
      ["7", 2, 2, 1, "M18-39", "finished"],
      ["12", 4, 1, null, null, "finished"],
      ["F12", null, null, null, "F18-39", "dnf"],
      ["5", null, null, null, "M18-39", "dq"],
    ]);
    const zhang = present(page.results.find((r) => r.bib === "7"));
    expect(zhang).toMatchObject({ name: "张伟", latinName: "Zhang Wei", gender: "M", age: 36, netTimeMs: 4_200_000, gunTimeMs: 4_202_000, rankTimeMs: 4_200_000 });
    expect(zhang.splits).toEqual([
      { label: "5k", elapsedMs: 1_000_000 },
      { label: "10k", elapsedMs: 2_000_000 },
    ]);
    expect(zhang.paceSecondsPerKm).toBeCloseTo(4200 / 21.0975, 3);
    const owl = present(page.results.find((r) => r.bib === "12"));
    expect(owl).toMatchObject({ gunTimeMs: 36_720_000, netTimeMs: null, rankTimeMs: 36_720_000 });

    const info = await getRaceResultsInfo(EVENT, "half");
    expect(info).toMatchObject({ total: 6, finishers: 4, version: 1, splitLabels: ["5k", "10k"], rankBy: "net", distanceMeters: 21097.5 });
    expect(info.ageGroups).toEqual(["F18-39", "F40-44", "M18-39", "M80+"]);
  });

  it("re-importing the same file changes nothing: no write, no new version, no audit row", async () => {
    const { db, schema } = getConnection();
    const audits = async () => Number(first(await db.select({ n: count() }).from(schema.auditLog).where(eq(schema.auditLog.action, "results.import"))).n);
    const before = await audits();
    const stamps = await db.select({ bib: schema.results.bib, updatedAt: schema.results.updatedAt }).from(schema.results);
    const summary = await importResultsFile(organizer, EVENT, "half", FILE);
    expect(summary).toEqual({ rows: 6, created: 0, updated: 0, unchanged: 6, version: 1 });
    expect(await audits()).toBe(before);
    expect(await db.select({ bib: schema.results.bib, updatedAt: schema.results.updatedAt }).from(schema.results)).toEqual(stamps);
  });

  it("an updated file replaces by bib and keeps the race's other results", async () => {
    const heard: number[] = [];
    const race = present(present(await getPublicEvent(EVENT)).races.find((r) => r.slug === "half"));
    const unsubscribe = subscribeToResults(race.id, (v) => heard.push(v));
    const summary = await importResultsFile(organizer, EVENT, "half", ["bib,net_time,gun_time,name,gender,age", "F12,1:09:59.999,1:10:03,Fast Lady,F,30", "99,2:00:00,2:00:00,New Runner,M,50"].join("\n"));
    unsubscribe();
    expect(summary).toEqual({ rows: 2, created: 1, updated: 1, unchanged: 0, version: 2 });
    expect(heard).toEqual([2]);
    const page = await listRaceResults(EVENT, "half", {});
    expect(page.version).toBe(2);
    expect(page.results.map((r) => [r.bib, r.places.overall])).toEqual([
      ["11", 1],
      ["F12", 2],
      ["3", 3],
      ["7", 3],
      ["99", 5],
      ["12", 6],
      ["5", null],
    ]);
    const fast = present(page.results.find((r) => r.bib === "F12"));
    expect(fast).toMatchObject({ status: "finished", places: { overall: 2, gender: 1, ageGroup: 1 }, splits: [] });
    expect(present(page.results.find((r) => r.bib === "3")).places).toEqual({ overall: 3, gender: 2, ageGroup: 1 });
  });

  it("rejects a bad file whole with lines and columns, and writes nothing", async () => {
    const before = await resultCount();
    const bad = ["bib,gun_time,net_time,status,split_5k", "1,1:00:00,0.1245,,", "2,1:00:00,,maybe,", "3,1:00:00,,,1:10:00", "6,1:00:00,,,", "6,0:59:00,,,"].join("\n");
    const error = await expectRefusal(importResultsFile(organizer, EVENT, "half", bad), "invalid_results_file");
    const errors = (error.details as { errors: { line: number; column: string | null; code: string }[] }).errors;
    expect(errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [2, "net_time", "badTime"],
      [3, "status", "badStatus"],
      [4, "split_5k", "splitAfterFinish"],
      [6, "bib", "duplicateBib"],
    ]);
    expect(await resultCount()).toBe(before);
    expect((await resultsVersion(first(present(await getPublicEvent(EVENT), "event").races).id)).version).toBe(2);
    const preview = await previewResultsFile(organizer, EVENT, "half", bad);
    expect(preview.ok).toBe(false);
  });

  it("refuses a bib that belongs to another race's entry or result", async () => {
    const error = await expectRefusal(importResultsFile(organizer, EVENT, "half", "bib,gun_time\n10001,1:00:00\n"), "invalid_results_file");
    expect((error.details as { errors: { line: number; code: string }[] }).errors).toEqual([
      expect.objectContaining({ line: 2, column: "bib", code: "bibInOtherRace" }),
    ]);
    await importResultsFile(organizer, EVENT, "fun-run", "bib,gun_time\n10001,0:20:00\n200,0:25:00\n");
    const again = await expectRefusal(importResultsFile(organizer, EVENT, "half", "bib,gun_time\n200,1:00:00\n"), "invalid_results_file");
    expect((again.details as { errors: { code: string }[] }).errors.map((e) => e.code)).toEqual(["bibInOtherRace"]);
    const zoe = await getRunnerResult(EVENT, "fun-run", "10001");
    expect(zoe.result).toMatchObject({ name: "Zoë Ó Súilleabháin", gender: "F", age: 27 });
  });

  it("previews a good file: mapping, first rows, entries matched", async () => {
    const preview = await previewResultsFile(organizer, EVENT, "half", FILE);
    expect(preview).toMatchObject({ ok: true, rowCount: 6, splitLabels: ["5k", "10k"], matchedEntries: 1 });
    if (!preview.ok) throw new Error("unreachable");
    expect(preview.columns.map((c) => c.field)).toEqual(["bib", "name", "gender", "age", "gun_time", "net_time", "status", "split", "split"]);
    expect(preview.rows[0]).toMatchObject({ line: 2, bib: "7" });
  });

  it("filters by gender and age group, searches by pinyin, accents and bib, and pages", async () => {
    const bibs = async (q: Parameters<typeof listRaceResults>[2]) => (await listRaceResults(EVENT, "half", q)).results.map((r) => r.bib);
    expect(await bibs({ gender: "F" })).toEqual(["F12", "3"]);
    expect(await bibs({ ageGroup: "M80+" })).toEqual(["11"]);
    for (const q of ["zhangwei", "Zhang Wei", "张伟", "wei zhang"]) expect(await bibs({ q }), q).toEqual(["7"]);
    expect(await bibs({ q: "muller" })).toEqual(["3"]);
    expect(await bibs({ q: "f12" })).toEqual(["F12"]);
    expect(await bibs({ q: "100%" })).toEqual([]);
    const second = await listRaceResults(EVENT, "half", { page: 2, pageSize: 3 });
    expect(second).toMatchObject({ total: 7, page: 2, pageSize: 3 });
    expect(second.results.map((r) => r.bib)).toEqual(["7", "99", "12"]);
    await expectRefusal(getRunnerResult(EVENT, "half", "404"), "not_found");
    expect((await getRunnerResult(EVENT, "half", "f12")).result.bib).toBe("F12");
  });

  it("serves the API: list, one runner, CSV that imports again unchanged, and validation", async () => {
    const list = await getResults(new Request(`http://localhost/api/v1/events/${EVENT}/races/half/results?gender=M&pageSize=2`), params());
    expect(list.status).toBe(200);
    const body = await list.json();
    expect(body.total).toBe(4);
    expect(Object.keys(body.results[0]).sort()).toEqual(
      ["ageGroup", "age", "bib", "gender", "gunTimeMs", "latinName", "name", "netTimeMs", "paceSecondsPerKm", "places", "rankTimeMs", "splits", "status"].sort(),
    );
    const badQuery = await getResults(new Request(`http://localhost/api/v1/events/${EVENT}/races/half/results?pageSize=1001`), params());
    expect(badQuery.status).toBe(422);
    const unknown = await getResults(new Request(`http://localhost/api/v1/events/${EVENT}/races/nope/results`), params("nope"));
    expect(unknown.status).toBe(404);

    const one = await getRunner(new Request("http://localhost/"), { params: Promise.resolve({ event: EVENT, race: "half", bib: "7" }) });
    expect((await one.json()).result).toMatchObject({ bib: "7", name: "张伟", places: { overall: 3 } });
    const missing = await getRunner(new Request("http://localhost/"), { params: Promise.resolve({ event: EVENT, race: "half", bib: "404" }) });
    expect(missing.status).toBe(404);

    const bytes = new Uint8Array(await (await getCsv(new Request("http://localhost/"), params())).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // a BOM, so spreadsheet programs read UTF-8
    const csv = new TextDecoder().decode(bytes);
    expect(csv.startsWith("place,bib,name")).toBe(true);
    expect(csv).toContain("\n3,7,张伟,Zhang Wei,M,36,M18-39,1:10:02,1:10:00,finished,2,1,0:16:40,0:33:20\n");
    const board = async () => (await listRaceResults(EVENT, "half", { pageSize: 1000 })).results.map((r) => [r.bib, r.name, r.status, r.gunTimeMs, r.netTimeMs, r.places, r.splits]);
    const before = await board();
    const again = await postResults(csvRequest(csv), params());
    expect(again.status).toBe(200);
    // Only bib 7's own file details differ (the export carries its entry's name, gender and age); nothing shown changes.
    expect(await again.json()).toMatchObject({ rows: 7, created: 0, updated: 1, unchanged: 6 });
    expect(await board()).toEqual(before);
  });

  it("lets only the event's organizers and admins import, as CSV", async () => {
    const before = await resultCount();
    expect((await postResults(csvRequest(FILE, ""), params())).status).toBe(401);
    expect((await postResults(csvRequest(FILE, volunteerToken), params())).status).toBe(403);
    const other = (await createApiToken(CLI_ACTOR, { email: await emailOf(otherOrganizer), name: "x" })).token;
    expect((await postResults(csvRequest(FILE, other), params())).status).toBe(403);
    const json = await postResults(csvRequest(JSON.stringify({ bib: 1 }), organizerToken, "application/json"), params());
    expect(json.status).toBe(415);
    expect((await json.json()).error.code).toBe("unsupported_media_type");
    const bad = await postResults(csvRequest("bib,gun_time\n1,0.1245\n"), params());
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.details.errors[0]).toMatchObject({ line: 2, column: "gun_time" });
    expect(await resultCount()).toBe(before);
  });

  it("shows an edit of the event's or the race's own fields at once, though the results version stays", async () => {
    const before = await getRaceResultsInfo(EVENT, "half");
    await updateEvent(organizer, EVENT, { name: { en: "Spring Half, renamed", zh: "春季半马（改名）" } });
    await updateRace(organizer, EVENT, "half", { name: { en: "Half, renamed", zh: "半程（改名）" }, distanceMeters: 21100 });
    const after = await getRaceResultsInfo(EVENT, "half");
    expect(after).toEqual({ ...before, eventName: { en: "Spring Half, renamed", zh: "春季半马（改名）" }, raceName: { en: "Half, renamed", zh: "半程（改名）" }, distanceMeters: 21100 });
    expect(after.version).toBe(before.version);
    const list = await listEventResults(EVENT);
    expect(list.eventName.en).toBe("Spring Half, renamed");
    expect(list.races.find((r) => r.raceSlug === "half")).toMatchObject({ raceName: { en: "Half, renamed" }, total: before.total });
    expect((await getRunnerResult(EVENT, "half", "7")).race).toMatchObject({ eventName: { en: "Spring Half, renamed" }, raceName: { en: "Half, renamed" } });
  });
});

describe("live results version across processes", () => {
  beforeEach(async () => {
    await resetResultsLiveForTests();
  });

  it("hears an import made by another process (PostgreSQL: NOTIFY; SQLite: the poll)", async () => {
    const race = present(present(await getPublicEvent(EVENT)).races.find((r) => r.slug === "fun-run"));
    await importResultsFile(organizer, EVENT, "fun-run", "bib,gun_time\n10001,0:20:00\n200,0:25:00\n301,0:26:00\n");
    await resetResultsLiveForTests();
    const start = (await resultsVersion(race.id)).version;
    const heard: number[] = [];
    const unsubscribe = subscribeToResults(race.id, (v) => heard.push(v));
    const { engine, url } = getConnection();
    if (engine === "postgres") {
      // Wait until this process's listener is connected, then notify from a separate client as another process would.
      await vi.waitFor(async () => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        const { rows } = await client.query("select count(*)::int as n from pg_stat_activity where query ilike 'LISTEN results_changed%' and datname = current_database()");
        await client.end();
        expect(rows[0].n).toBeGreaterThan(0);
      }, { timeout: 10_000, interval: 200 });
      const other = new pg.Client({ connectionString: url });
      await other.connect();
      await other.query("begin");
      await other.query("update result_versions set version = version + 1 where race_id = $1", [race.id]);
      await other.query("select pg_notify('results_changed', $1)", [`${race.id} ${start + 1}`]);
      await other.query("commit");
      await other.end();
    } else {
      // Another process (the CLI) writing the same file: only the poll can tell this one.
      await withTransaction((tx) => runStatement(tx, sql`update result_versions set version = version + 1 where race_id = ${race.id}`));
    }
    await vi.waitFor(() => expect(heard).toEqual([start + 1]), { timeout: 10_000, interval: 100 });
    unsubscribe();
    expect((await resultsVersion(race.id, Date.now() + 5_000)).version).toBe(start + 1);
  });
});
