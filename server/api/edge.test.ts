/**
 * Bad input never answers 500 (issue 13), on both engines, through the route handlers: the cases the issue names
 * (a NUL or a lone surrogate in names, paths, queries and files; the registration gaps; ageGroup; bodies over the
 * limit; unknown API paths), each answered 4xx with its field and nothing changed. server/api/fuzz.test.ts tries
 * the same on generated input.
 */
import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as catchAll from "../../app/api/[[...path]]/route";
import * as badAddress from "../../app/api/bad-address/route";
import * as event from "../../app/api/v1/events/[event]/route";
import * as discountCode from "../../app/api/v1/events/[event]/discount-codes/[code]/route";
import * as pickups from "../../app/api/v1/events/[event]/pickups/route";
import * as results from "../../app/api/v1/events/[event]/races/[race]/results/route";
import * as runner from "../../app/api/v1/events/[event]/races/[race]/results/[bib]/route";
import * as reads from "../../app/api/v1/events/[event]/reads/route";
import * as registrations from "../../app/api/v1/events/[event]/registrations/route";
import * as bib from "../../app/api/v1/events/[event]/registrations/[id]/bib/route";
import * as order from "../../app/api/v1/orders/[code]/route";
import * as stripeWebhook from "../../app/api/v1/webhooks/stripe/route";
import { getConnection } from "../db";
import { TEST_NOW } from "../../test/clock";
import { dataSnapshot, makeStaff, resetDatabase } from "../../test/db";
import { eventInput, participant, registrationBody } from "../../test/factories";
import { CLI_ACTOR } from "../actor";
import { createApiToken } from "../auth/tokens";
import { createDiscountCode } from "../events/discount-codes";
import { createEvent } from "../events/manage-events";
import { resetEnvForTests } from "../env";
import { importResultsFile } from "../results/import-results";
import { MAX_RESULTS_FILE_BYTES as MAX_CSV_BYTES } from "../results/intake";
import { registerEntries } from "../registration/register";
import { MAX_JSON_BYTES } from "./http";
import { first, present } from "../../core/lists";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string>; details?: Record<string, unknown> } };

const EVENT = "test-half-2027";
let token = "";
let registrationId = "";

function call(handler: unknown, params: Record<string, string>, init: { method?: string; url?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...init.headers };
  let body: BodyInit | undefined;
  if (init.body !== undefined) {
    body = typeof init.body === "string" ? init.body : JSON.stringify(init.body);
    headers["content-type"] ??= "application/json";
  }
  const request = new Request(`http://localhost${init.url ?? "/api/v1/x"}`, { method: init.method ?? (body === undefined ? "GET" : "POST"), headers, body });
  return (handler as Handler)(request, { params: Promise.resolve(params) });
}

/** Answers `status` with `code`, and the field's message when a field is named; the tables are as they were. */
async function expectRefused(answer: Promise<Response>, status: number, code: string, field?: string): Promise<ErrorBody> {
  const before = await dataSnapshot();
  const response = await answer;
  const body = (await response.json()) as ErrorBody;
  expect(response.status, JSON.stringify(body)).toBe(status);
  expect(body.error.code).toBe(code);
  if (field) expect(Object.keys(body.error.fields ?? {}), JSON.stringify(body)).toContain(field);
  expect(await dataSnapshot(), "a refused request changes nothing").toBe(before);
  return body;
}

const register = (body: unknown) => call(registrations.POST, { event: EVENT }, { body, headers: { authorization: "" } });

describe(`bad input never answers 500, on ${process.env.TEST_ENGINE}`, () => {
  beforeAll(async () => {
    process.env.RATE_LIMIT_REGISTRATIONS_PER_MINUTE = "0";
    resetEnvForTests();
    await resetDatabase();
    const organizer = await makeStaff("organizer");
    await createEvent(organizer, eventInput());
    const { db, schema } = getConnection();
    const user = first(await db.select().from(schema.users).where(eq(schema.users.id, organizer.userId)));
    token = (await createApiToken(CLI_ACTOR, { email: user.email })).token;
    const placed = await registerEntries(EVENT, registrationBody([participant()]), { clientIp: "203.0.113.9", now: TEST_NOW });
    registrationId = first(placed.registrations).id;
    await createDiscountCode(organizer, EVENT, { code: "SPRING", kind: "percent", value: 10 });
    await importResultsFile(organizer, EVENT, "half", "bib,name,gender,age,gun_time\n1,Zhang Wei,M,36,1:30:00\n2,Li Na,F,38,1:35:00\n");
  });

  describe("a registration's typed text", () => {
    const name = (value: string, field = "familyName") => registrationBody([participant({ [field]: value })]);

    it("refuses NUL, a lone surrogate, control characters and invisible-only names with the field's path", async () => {
      const cases: [string, string, string][] = [
        ["张\u0000", "familyName", "must not contain control characters"],
        ["\uD800伟", "givenName", "broken character"],
        ["\u200B\u200B", "familyName", "visible characters"],
        ["\u200B \u200C\u200D\u2060", "givenName", "visible characters"],
        ["王\r\n芳", "familyName", "control characters"],
        ["Li\u001B[31mNa", "latinName", "control characters"],
        ["娜\u0007", "givenName", "control characters"],
        ["李\u0085娜", "familyName", "control characters"],
      ];
      for (const [value, field, message] of cases) {
        const body = await expectRefused(register(name(value, field)), 422, "validation_failed", `participants.0.${field}`);
        expect(present(body.error.fields)[`participants.0.${field}`], JSON.stringify(value)).toContain(message);
      }
      await expectRefused(register(registrationBody([participant({ emergencyContact: { name: "\u0000", phone: "+86 139 0000 0000" } })])), 422, "validation_failed", "participants.0.emergencyContact.name");
      await expectRefused(register(registrationBody([participant()], { discountCode: "SPR\u0000NG" })), 422, "validation_failed", "discountCode");
    });

    it("refuses an email over 254 characters (RFC 5321) and a nationality that is no ISO 3166 code", async () => {
      const long = `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(58)}.com`;
      expect(long).toHaveLength(255);
      const tooLong = await expectRefused(register(registrationBody([participant()], { email: long })), 422, "validation_failed", "email");
      expect(present(tooLong.error.fields).email).toBe("must be at most 254 characters");
      const xx = await expectRefused(register(registrationBody([participant({ nationality: "XX" })])), 422, "validation_failed", "participants.0.nationality");
      expect(present(xx.error.fields)["participants.0.nationality"]).toContain("ISO 3166");
    });

    it("accepts Hong Kong, Macao and Taiwan, astral characters, and an email of exactly 254 characters", async () => {
      const email = `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(57)}.com`;
      expect(email).toHaveLength(254);
      const body = registrationBody(
        [participant({ nationality: "HK", familyName: "𠮷", givenName: "野家" }), participant({ nationality: "mo" }), participant({ nationality: "TW", latinName: "Chen Yi" })],
        { email },
      );
      const response = await register(body);
      expect(response.status, await response.clone().text()).toBe(201);
      const { db, schema } = getConnection();
      const rows = await db.select().from(schema.registrations).where(eq(schema.registrations.email, email));
      expect(rows.map((r) => r.nationality).sort()).toEqual(["HK", "MO", "TW"]);
      expect(rows.find((r) => r.nationality === "HK")?.familyName).toBe("𠮷");
    });
  });

  describe("path segments that cannot exist answer 404 before any query", () => {
    it("for events, orders, results, discount codes and entries", async () => {
      await expectRefused(call(event.GET, { event: "a\u0000b" }, { headers: { authorization: "" } }), 404, "not_found");
      await expectRefused(call(event.GET, { event: "\uD800" }, { headers: { authorization: "" } }), 404, "not_found");
      await expectRefused(call(order.GET, { code: "\u0000" }, { url: "/api/v1/orders/%00?token=x", headers: { authorization: "" } }), 404, "not_found");
      await expectRefused(call(runner.GET, { event: EVENT, race: "half", bib: "\u0000" }), 404, "not_found");
      await expectRefused(call(runner.GET, { event: EVENT, race: "half", bib: "%" }), 404, "not_found");
      await expectRefused(call(discountCode.PATCH, { event: EVENT, code: "SPR\u0000NG" }, { method: "PATCH", body: { maxUses: 3 } }), 404, "not_found");
      await expectRefused(call(bib.PUT, { event: EVENT, id: "\u0000" }, { method: "PUT", body: { bib: "7", locked: true } }), 404, "not_found");
      await expectRefused(call(bib.PUT, { event: EVENT, id: "not-an-id" }, { method: "PUT", body: { bib: "7", locked: true } }), 404, "not_found");
      await expectRefused(call(bib.PUT, { event: EVENT, id: registrationId }, { method: "PUT", body: { bib: "7\u0000", locked: true } }), 422, "validation_failed", "bib");
      // Well-shaped values still reach their rows.
      expect((await call(runner.GET, { event: EVENT, race: "half", bib: "1" })).status).toBe(200);
      expect((await call(discountCode.PATCH, { event: EVENT, code: "spring" }, { method: "PATCH", body: { maxUses: 30 } })).status).toBe(200);
    });
  });

  describe("query values and bodies of typed text are 422 on their field", () => {
    it("for results q, list q and wave, pickup desk and code, event names and a results file's names", async () => {
      await expectRefused(call(results.GET, { event: EVENT, race: "half" }, { url: "/api/v1/x?q=a%00b" }), 422, "validation_failed", "q");
      await expectRefused(call(registrations.GET, { event: EVENT }, { url: "/api/v1/x?q=a%00b" }), 422, "validation_failed", "q");
      await expectRefused(call(registrations.GET, { event: EVENT }, { url: "/api/v1/x?wave=%00" }), 422, "validation_failed", "wave");
      await expectRefused(call(pickups.POST, { event: EVENT }, { body: { bib: "1", desk: "Desk\u00001" } }), 422, "validation_failed", "desk");
      await expectRefused(call(pickups.POST, { event: EVENT }, { body: { code: "abc\u0000", desk: "Desk 1" } }), 422, "validation_failed", "code");
      await expectRefused(call(pickups.GET, { event: EVENT }, { url: "/api/v1/x?q=%00" }), 422, "validation_failed", "q");
      await expectRefused(call(event.PATCH, { event: EVENT }, { method: "PATCH", body: { name: { en: "Half\u0000" } } }), 422, "validation_failed", "name.en");
      await expectRefused(call(event.PATCH, { event: EVENT }, { method: "PATCH", body: { venue: { zh: "\uDC00" } } }), 422, "validation_failed", "venue.zh");
      const csv = await expectRefused(
        call(results.POST, { event: EVENT, race: "half" }, { body: "bib,name,gun_time\n3,Wang\u0000Fang,1:40:00\n", headers: { "content-type": "text/csv" } }),
        422,
        "invalid_results_file",
      );
      expect(csv.error.details?.errors).toEqual([expect.objectContaining({ line: 2, column: "name", code: "badName" })]);
      const json = await expectRefused(call(reads.POST, { event: EVENT }, { body: { reads: [{ bib: "1", point: "finish", time: "09:31:00", device: "A\u00001" }] } }), 422, "invalid_results_file");
      expect(json.error.details?.errors).toEqual([expect.objectContaining({ line: 1, column: "device", code: "badName" })]);
    });

    it("a description keeps its lines; a name may not have any", async () => {
      const response = await call(event.PATCH, { event: EVENT }, { method: "PATCH", body: { description: { en: "Line one\r\nLine two" } } });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { event: { description: { en: string } } }).event.description.en).toBe("Line one\nLine two");
      await expectRefused(call(event.PATCH, { event: EVENT }, { method: "PATCH", body: { city: { en: "Hang\nzhou" } } }), 422, "validation_failed", "city.en");
    });
  });

  describe("ageGroup is checked as docs/api.md says", () => {
    it("answers 422 for a value that is no age group, and filters by a real one", async () => {
      const bad = await expectRefused(call(results.GET, { event: EVENT, race: "half" }, { url: "/api/v1/x?ageGroup=bad" }), 422, "validation_failed", "ageGroup");
      expect(present(bad.error.fields).ageGroup).toContain("M40-44");
      await expectRefused(call(results.GET, { event: EVENT, race: "half" }, { url: "/api/v1/x?ageGroup=M44-40" }), 422, "validation_failed", "ageGroup");
      const good = (await (await call(results.GET, { event: EVENT, race: "half" }, { url: "/api/v1/x?ageGroup=m18-39" })).json()) as { total: number; results: { bib: string }[] };
      expect(good.results.map((r) => r.bib)).toEqual(["1"]);
    });
  });

  describe("unknown API paths and undecodable addresses", () => {
    it("answer the JSON error format for any method", async () => {
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"] as const) {
        const response = await call(catchAll[method], { path: ["v1", "nope"] } as never, { method, url: "/api/v1/nope" });
        expect(response.status).toBe(404);
        expect(response.headers.get("content-type")).toContain("application/json");
        if (method !== "HEAD") expect(((await response.json()) as ErrorBody).error.code).toBe("not_found");
      }
      const api = await call(badAddress.GET, {}, { url: "/api/bad-address" });
      expect(api.status).toBe(400);
      expect(((await api.json()) as ErrorBody).error.code).toBe("bad_request");
      const page = await call(badAddress.GET, {}, { url: "/api/bad-address?page=1" });
      expect(page.status).toBe(400);
      expect(page.headers.get("content-type")).toContain("text/html");
    });
  });

  describe(`bodies over the limit answer 413 payload_too_large without being read (${MAX_JSON_BYTES} bytes for JSON)`, () => {
    /** A body of `total` bytes in 64 KB chunks, made only as it is pulled; `pulled` counts what was read. */
    function streamed(total: number, first = '{"email":"') {
      const counter = { pulled: 0 };
      const chunk = new Uint8Array(64 * 1024).fill(0x61);
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (counter.pulled >= total) return controller.close();
          const next = counter.pulled === 0 ? new TextEncoder().encode(first) : chunk;
          counter.pulled += next.byteLength;
          controller.enqueue(next);
        },
      });
      return { stream, counter };
    }

    function post(handler: unknown, params: Record<string, string>, body: ReadableStream<Uint8Array>, headers: Record<string, string>) {
      const request = new Request("http://localhost/api/v1/x", { method: "POST", headers: { authorization: `Bearer ${token}`, ...headers }, body, duplex: "half" } as RequestInit);
      return (handler as Handler)(request, { params: Promise.resolve(params) });
    }

    let before = "";
    beforeEach(async () => {
      before = await dataSnapshot();
    });

    it("a chunked body without Content-Length stops at the limit", async () => {
      const { stream, counter } = streamed(100 * 1024 * 1024);
      const response = await post(registrations.POST, { event: EVENT }, stream, { "content-type": "application/json" });
      expect(response.status).toBe(413);
      expect(await response.json()).toEqual({ error: { code: "payload_too_large", message: "The body is larger than 1 MB.", details: { maxBytes: MAX_JSON_BYTES } } });
      expect(counter.pulled, "read no more than the limit and the chunk that passed it (and one in flight)").toBeLessThanOrEqual(MAX_JSON_BYTES + 3 * 64 * 1024);
      expect(await dataSnapshot()).toBe(before);
    });

    it("a Content-Length over the limit is refused before a byte is read", async () => {
      const { stream, counter } = streamed(100 * 1024 * 1024);
      const response = await post(registrations.POST, { event: EVENT }, stream, { "content-type": "application/json", "content-length": String(100 * 1024 * 1024) });
      expect(response.status).toBe(413);
      expect(counter.pulled).toBeLessThanOrEqual(64 * 1024);
      expect(await dataSnapshot()).toBe(before);
    });

    it("a body just under the limit is read (and refused for what it says, not its size)", async () => {
      const text = JSON.stringify(registrationBody([participant({ familyName: "x".repeat(100) })], { padding: "p".repeat(MAX_JSON_BYTES - 2000) }));
      expect(text.length).toBeLessThan(MAX_JSON_BYTES);
      await expectRefused(register(JSON.parse(text)), 422, "validation_failed", "participants.0.familyName");
    });

    it("the webhook and the uploads have their limits too: 1 MB, and 64 MB for results files and chip reads", async () => {
      const hook = streamed(5 * 1024 * 1024, "{");
      const webhook = await post(stripeWebhook.POST, {}, hook.stream, { "content-type": "application/json", "stripe-signature": "t=1,v1=00" });
      expect(webhook.status).toBe(413);
      expect(hook.counter.pulled).toBeLessThanOrEqual(MAX_JSON_BYTES + 3 * 64 * 1024);
      const file = streamed(MAX_CSV_BYTES + 1, "bib,name\n");
      const upload = await post(results.POST, { event: EVENT, race: "half" }, file.stream, { "content-type": "text/csv", "content-length": String(MAX_CSV_BYTES + 1) });
      expect(upload.status).toBe(413);
      expect(((await upload.json()) as ErrorBody).error).toMatchObject({ code: "payload_too_large", message: "The body is larger than 64 MB." });
      expect(file.counter.pulled).toBeLessThanOrEqual(64 * 1024);
      expect(await dataSnapshot()).toBe(before);
    });
  });
});
