/**
 * The organizer API for entries, on both engines, through the route handlers themselves:
 * GET /api/v1/events/{event}/registrations (JSON page) and GET …/registrations.csv (every match, UTF-8 with BOM,
 * formula-safe cells). Who may call them is in the authorization matrix (server/auth/authorization.test.ts).
 */
import path from "node:path";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getConnection } from "../db";
import { makeStaff, resetDatabase } from "../../test/db";
import { eventInput, participant, raceInput, registrationBody } from "../../test/factories";
import { CLI_ACTOR } from "../actor";
import { createApiToken } from "../auth/tokens";
import { createEvent } from "../events/manage-events";
import { confirmPayment } from "../payments/confirm-payment";
import { registerEntries } from "./register";
import { TEST_NOW } from "../../test/clock";
import { first } from "../../core/lists";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const API = path.resolve("app/api/v1/events/[event]");
const EVENT = "test-half-2027";
const NOW = TEST_NOW;

let token: string;
let list: Handler;
let csv: Handler;

function get(handler: Handler, url: string, bearer: string | null = token): Promise<Response> {
  const headers: Record<string, string> = bearer ? { authorization: `Bearer ${bearer}` } : {};
  return handler(new Request(`http://localhost/api/v1/events/${EVENT}/${url}`, { headers }), { params: Promise.resolve({ event: EVENT }) });
}

describe(`registrations API on ${process.env.TEST_ENGINE}`, () => {
  beforeAll(async () => {
    process.env.RATE_LIMIT_REGISTRATIONS_PER_MINUTE = "0";
    (await import("../env")).resetEnvForTests();
    await resetDatabase();
    const organizer = await makeStaff("organizer");
    await createEvent(organizer, eventInput({ races: [raceInput({ bibRanges: [] }), raceInput({ slug: "fun-run", name: { en: "Fun Run", zh: "欢乐跑" }, distanceMeters: 3500, minAge: 6, maxAge: 80, priceCents: 6000, bibRanges: [] })] }));
    const { db, schema } = getConnection();
    const user = first(await db.select().from(schema.users).where(eq(schema.users.id, (organizer as { userId: string }).userId)));
    token = (await createApiToken(CLI_ACTOR, { email: user.email })).token;
    list = ((await import(/* @vite-ignore */ path.join(API, "registrations/route.ts"))) as { GET: Handler }).GET;
    csv = ((await import(/* @vite-ignore */ path.join(API, "registrations.csv/route.ts"))) as { GET: Handler }).GET;

    const result = await registerEntries(
      EVENT,
      registrationBody([
        participant({ familyName: "张", givenName: "伟", latinName: "Zhang Wei", idNumber: "E10002000" }),
        participant({ familyName: "=1+2", givenName: "测试", latinName: "Test Person", idNumber: "E10003000", race: "fun-run", emergencyContact: { name: "@SUM(A1)", phone: "+86 139 0000 0000" } }),
      ]),
      { clientIp: "203.0.113.1", now: NOW },
    );
    const order = first(await db.select().from(schema.orders).where(eq(schema.orders.code, result.order.code)));
    await confirmPayment({ orderId: order.id, provider: "simulated", providerPaymentId: `sim_${order.id}`, amountCents: order.totalCents, currency: "CNY", now: NOW });
    await registerEntries(EVENT, registrationBody([participant({ familyName: "李", givenName: "娜", latinName: "Li Na", idNumber: "E10004000" })]), { clientIp: "203.0.113.1", now: NOW });
  });

  it("answers one page as { total, registrations } with masked ID numbers", async () => {
    const res = await get(list, "registrations?q=zhang&pageSize=10");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const body = (await res.json()) as { total: number; registrations: Record<string, unknown>[] };
    expect(Object.keys(body).sort()).toEqual(["registrations", "total"]);
    expect(body.total).toBe(1);
    expect(body.registrations[0]).toMatchObject({ familyName: "张", givenName: "伟", idNumber: "*****2000", status: "confirmed", race: { slug: "half" }, email: "runner@example.com" });
    expect(JSON.stringify(body)).not.toContain("E10002000");

    const page2 = (await (await get(list, "registrations?pageSize=2&page=2")).json()) as { total: number; registrations: unknown[] };
    expect(page2).toMatchObject({ total: 3 });
    expect(page2.registrations).toHaveLength(1);
    const confirmedFun = (await (await get(list, "registrations?race=fun-run&status=confirmed")).json()) as { total: number };
    expect(confirmedFun.total).toBe(1);
  });

  it("says which filter is wrong (422), and asks for a token (401)", async () => {
    const res = await get(list, "registrations?status=paid&pageSize=500&race=marathon");
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.fields).toEqual({ status: "must be one of: held, confirmed, cancelled, refunded, transferred, expired", pageSize: "must be at most 200" });
    const race = (await (await get(list, "registrations?race=marathon")).json()) as { error: { fields: Record<string, string> } };
    expect(race.error.fields).toEqual({ race: "is not a race of this event" });
    const csvBad = await get(csv, "registrations.csv?status=nope");
    expect(csvBad.status).toBe(422);
    expect(csvBad.headers.get("content-type")).toMatch(/json/);
    expect((await get(list, "registrations", null)).status).toBe(401);
    expect((await get(csv, "registrations.csv", "fl_not-a-token")).status).toBe(401);
  });

  it("exports every match as CSV: UTF-8 with BOM, a header, CRLF, masked IDs, formulas neutralized", async () => {
    const res = await get(csv, "registrations.csv?page=9&pageSize=1");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="test-half-2027-registrations-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.split("\r\n");
    expect(lines.at(-1)).toBe("");
    expect(first(lines).split(",").slice(0, 8)).toEqual(["id", "orderCode", "status", "race", "raceNameZh", "raceNameEn", "familyName", "givenName"]);
    expect(lines).toHaveLength(1 + 3 + 1); // header, three entries (page and pageSize ignored), final CRLF
    expect(text).toContain("张,伟,Zhang Wei");
    expect(text).toContain("*****2000");
    expect(text).not.toMatch(/E1000[234]000/);
    // Cells a spreadsheet would evaluate start with an apostrophe.
    expect(text).toContain("'=1+2,测试");
    expect(text).toContain("'@SUM(A1)");
    expect(text).toContain("'+86 139 0000 0000");
    expect(text).not.toMatch(/(^|,)[=+@-]/m);

    const held = new TextDecoder().decode(new Uint8Array(await (await get(csv, "registrations.csv?status=held")).arrayBuffer()).slice(3));
    expect(held.split("\r\n").filter(Boolean)).toHaveLength(2);
    expect(held).toContain("李,娜");
    const none = new TextDecoder("utf-8", { ignoreBOM: true }).decode(new Uint8Array(await (await get(csv, "registrations.csv?q=nobody@example.org")).arrayBuffer()));
    expect(none.startsWith("\uFEFFid,orderCode,")).toBe(true);
    expect(none.split("\r\n").filter(Boolean)).toHaveLength(1);
  });
});
