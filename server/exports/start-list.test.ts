/**
 * The timing start list on both engines, through the route handlers: GET /api/v1/events/{event}/entries (JSON)
 * and entries.csv. Confirmed entries by default, age on race day, no ID numbers, the stable order (race, bib
 * numeric then text, name), the status/race/wave filters, who may call it, and 8,000 entries in one go.
 */
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { participant } from "../../test/factories";
import { getStartList, type StartList } from "./start-list";
import { bulkConfirmedEntries, EVENT, registerOrder, setBibAndWave, setStatus, setupExportEvent, updateEntry, type Staff } from "../../test/entries";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const API = path.resolve("app/api/v1/events/[event]");

let staff: Staff;
let json: Handler;
let csv: Handler;

function get(handler: Handler, url: string, bearer: string | null = staff.tokens.organizer, event = EVENT): Promise<Response> {
  const headers: Record<string, string> = bearer ? { authorization: `Bearer ${bearer}` } : {};
  return handler(new Request(`http://localhost/api/v1/events/${event}/${url}`, { headers }), { params: Promise.resolve({ event }) });
}

async function list(url: string): Promise<StartList> {
  const res = await get(json, url);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as StartList;
}

async function csvText(url: string): Promise<string> {
  const res = await get(csv, url);
  expect(res.status, await res.clone().text()).toBe(200);
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return new TextDecoder().decode(bytes.slice(3));
}

const ID_NUMBERS = ["E20000001", "E20000002", "E20000003", "E20000004", "E20000005", "E20000006", "E20000007", "E20000008"];

describe(`start list on ${process.env.TEST_ENGINE}`, () => {
  beforeAll(async () => {
    process.env.RATE_LIMIT_REGISTRATIONS_PER_MINUTE = "0";
    (await import("../env")).resetEnvForTests();
    staff = await setupExportEvent();
    json = ((await import(/* @vite-ignore */ path.join(API, "entries/route.ts"))) as { GET: Handler }).GET;
    csv = ((await import(/* @vite-ignore */ path.join(API, "entries.csv/route.ts"))) as { GET: Handler }).GET;

    // Race day is 2027-04-18: born 1990-04-18 is 37 that day, born 1990-04-19 still 36.
    const [zhang, li, none1, none2] = await registerOrder([
      participant({ familyName: "张", givenName: "伟", latinName: "Zhang Wei", birthDate: "1990-04-18", idNumber: ID_NUMBERS[0] }),
      participant({ familyName: "李", givenName: "娜", latinName: "Li Na", gender: "F", birthDate: "1990-04-19", idNumber: ID_NUMBERS[1], nationality: "HK" }),
      participant({ familyName: "王", givenName: "芳", latinName: "Wang Fang", gender: "F", idNumber: ID_NUMBERS[2] }),
      participant({ familyName: "白", givenName: "雪", latinName: "Bai Xue", gender: "F", idNumber: ID_NUMBERS[3] }),
    ]);
    const [elite, fun, injected] = await registerOrder([
      participant({ familyName: "欧阳", givenName: "娜娜", latinName: "Ouyang Nana", gender: "F", idNumber: ID_NUMBERS[4] }),
      participant({ race: "fun-run", familyName: "陈", givenName: "小明", latinName: "Chen Xiaoming", birthDate: "2015-06-01", idNumber: ID_NUMBERS[5], guardian: { name: "陈大明", phone: "+86 138 0000 0001", idNumber: "E99999999", consent: true } }),
      participant({ race: "fun-run", familyName: "=1+2", givenName: "测试", latinName: "Ceshi", idNumber: ID_NUMBERS[6] }),
    ]);
    const [held] = await registerOrder([participant({ familyName: "赵", givenName: "云", latinName: "Zhao Yun", idNumber: ID_NUMBERS[7] })], { pay: false });
    await setBibAndWave(zhang, "10", "A");
    await setBibAndWave(li, "2", "B");
    await setBibAndWave(elite, "F12", "A");
    await setBibAndWave(none1, null, "B");
    await setBibAndWave(fun, "10001", "A");
    await setBibAndWave(injected, "10002", null);
    await setBibAndWave(held, "99");
    await setBibAndWave(none2, null, null);
    await updateEntry(none2, { latinName: null });
    await updateEntry(injected, { latinName: "@SUM(A1)" }); // registration would refuse it; an import might not
    // A cancelled entry keeps its bib but does not start.
    const [gone] = await registerOrder([participant({ familyName: "孙", givenName: "悟空", latinName: "Sun Wukong", idNumber: "E20000009" })]);
    await setBibAndWave(gone, "5", "A");
    await setStatus(gone, "cancelled");
  });

  it("lists confirmed entries by race, then bib (numbers by value, then text, then none), then name", async () => {
    const body = await list("entries");
    expect(Object.keys(body).sort()).toEqual(["entries", "event", "filters", "total"]);
    expect(body.event).toEqual({ slug: EVENT, date: "2027-04-18", timezone: "Asia/Shanghai" });
    expect(body.filters).toEqual({ race: null, wave: null, status: "confirmed" });
    expect(body.total).toBe(7);
    expect(body.entries.map((e) => [e.race, e.bib, `${e.familyName}${e.givenName}`])).toEqual([
      ["half", "2", "李娜"],
      ["half", "10", "张伟"],
      ["half", "F12", "欧阳娜娜"],
      ["half", null, "王芳"],
      ["half", null, "白雪"],
      ["fun-run", "10001", "陈小明"],
      ["fun-run", "10002", "=1+2测试"],
    ]);
  });

  it("gives each entry its age on race day, wave and start time, and never an ID number", async () => {
    const body = await list("entries");
    const byName = new Map(body.entries.map((e) => [e.latinName, e]));
    expect(byName.get("Zhang Wei")).toEqual({
      id: expect.any(String),
      bib: "10",
      familyName: "张",
      givenName: "伟",
      latinName: "Zhang Wei",
      gender: "M",
      birthDate: "1990-04-18",
      ageOnRaceDay: 37,
      nationality: "CN",
      race: "half",
      wave: "A",
      startTime: "2027-04-18T07:30:00+08:00",
      status: "confirmed",
    });
    expect(byName.get("Li Na")).toMatchObject({ ageOnRaceDay: 36, gender: "F", nationality: "HK", wave: "B", startTime: "2027-04-18T07:45:00+08:00" });
    expect(byName.get("Chen Xiaoming")).toMatchObject({ ageOnRaceDay: 11, wave: "A", startTime: "2027-04-18T09:00:00+08:00" });
    // No wave: the race's gun start.
    expect(byName.get("@SUM(A1)")).toMatchObject({ wave: null, startTime: "2027-04-18T09:00:00+08:00" });
    expect(body.entries.find((e) => e.familyName === "白")).toMatchObject({ latinName: null, bib: null, wave: null });
    const text = JSON.stringify(body);
    for (const id of [...ID_NUMBERS, "E99999999"]) expect(text).not.toContain(id);
    expect(text).not.toMatch(/idNumber|phone|email|emergency/i);
  });

  it("filters by status (a status or all), race and wave", async () => {
    const all = await list("entries?status=all");
    expect(all.total).toBe(9);
    expect(all.entries.filter((e) => e.status !== "confirmed").map((e) => [e.bib, e.status])).toEqual([
      ["5", "cancelled"],
      ["99", "held"],
    ]);
    expect((await list("entries?status=held")).entries.map((e) => e.latinName)).toEqual(["Zhao Yun"]);
    expect((await list("entries?status=cancelled")).entries.map((e) => e.latinName)).toEqual(["Sun Wukong"]);
    expect((await list("entries?race=fun-run")).entries.map((e) => e.bib)).toEqual(["10001", "10002"]);
    expect((await list("entries?race=half&wave=A")).entries.map((e) => e.bib)).toEqual(["10", "F12"]);
    // A wave name without a race: that wave in every race.
    expect((await list("entries?wave=A")).entries.map((e) => e.bib)).toEqual(["10", "F12", "10001"]);
    expect((await list("entries?wave=B&status=all")).entries.map((e) => e.latinName)).toEqual(["Li Na", "Wang Fang"]);
  });

  it("answers a bad filter with 422 and the parameter as the field", async () => {
    const res = await get(json, "entries?status=paid&race=marathon");
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.fields).toEqual({ status: "must be one of: held, confirmed, cancelled, refunded, transferred, expired, all" });
    const race = (await (await get(json, "entries?race=marathon")).json()) as { error: { fields: Record<string, string> } };
    expect(race.error.fields).toEqual({ race: "is not a race of this event" });
    const wave = await get(csv, "entries.csv?race=fun-run&wave=B");
    expect(wave.status).toBe(422);
    expect(wave.headers.get("content-type")).toMatch(/json/);
    expect(((await wave.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({ wave: "is not a wave of this race (or, without a race, of this event)" });
  });

  it("is for the event's organizers and admins: 401 without a token, 403 for volunteers and other organizers, 404 for no event", async () => {
    for (const handler of [json, csv]) {
      const file = handler === json ? "entries" : "entries.csv";
      expect((await get(handler, file, null)).status).toBe(401);
      expect((await get(handler, file, "fl_not-a-token")).status).toBe(401);
      expect((await get(handler, file, staff.tokens.volunteer)).status).toBe(403);
      expect((await get(handler, file, staff.tokens.otherOrganizer)).status).toBe(403);
      expect((await get(handler, file, staff.tokens.admin)).status).toBe(200);
      const missing = await get(handler, file, staff.tokens.organizer, "no-such-event");
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("not_found");
    }
  });

  it("gives the same list as CSV: BOM, header, CRLF, the JSON's order, formula-looking cells neutralized", async () => {
    const res = await get(csv, "entries.csv");
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="test-half-2027-start-list-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = await csvText("entries.csv");
    const lines = text.split("\r\n");
    expect(lines.at(-1)).toBe("");
    expect(lines[0]).toBe("bib,familyName,givenName,latinName,gender,birthDate,ageOnRaceDay,nationality,race,wave,startTime,status,id");
    expect(lines).toHaveLength(1 + 7 + 1);
    expect(lines[1]).toMatch(/^2,李,娜,Li Na,F,1990-04-19,36,HK,half,B,2027-04-18T07:45:00\+08:00,confirmed,[0-9a-f-]{36}$/);
    expect(lines[4]).toMatch(/^,王,芳,Wang Fang,F,1990-05-20,36,CN,half,B,/);
    expect(lines[7]).toMatch(/^10002,'=1\+2,测试,'@SUM\(A1\),M,/);
    for (const id of ID_NUMBERS) expect(text).not.toContain(id);
    const json = await list("entries");
    expect(lines.slice(1, -1).map((l) => l.split(",").at(-1))).toEqual(json.entries.map((e) => e.id));

    const fun = await csvText("entries.csv?race=fun-run&wave=A");
    expect(fun.split("\r\n").filter(Boolean)).toHaveLength(2);
  });

  describe("at scale", () => {
    beforeAll(async () => {
      await bulkConfirmedEntries(staff.eventId, 8_000);
    }, 120_000);

    it("lists 8,000 entries in one query, in order", async () => {
      const body = await getStartList(staff.organizer, EVENT, {});
      const text = await csvText("entries.csv");
      expect(body.total).toBe(8_000 + 7);
      const half = body.entries.filter((e) => e.race === "half" && e.bib !== null && /^\d+$/.test(e.bib)).map((e) => Number(e.bib));
      expect(half).toEqual([...half].sort((a, b) => a - b));
      expect(body.entries.findIndex((e) => e.race === "fun-run")).toBeGreaterThan(body.entries.findLastIndex((e) => e.race === "half"));
      expect(text.split("\r\n").filter(Boolean)).toHaveLength(1 + 8_000 + 7);
    }, 60_000);
  });
});
