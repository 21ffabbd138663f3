/**
 * Property-based fuzzing of every API route, in process and on both engines (issue 13, docs/api.md "Errors"): each
 * route handler of app/api/** is called with generated path segments, query strings, bodies and credentials (NUL,
 * lone surrogates, control and invisible characters, huge numbers, wrong types, valid bodies with values spoiled)
 * and must never answer 5xx; an answer of 4xx must leave every table as it was. fast-check prints the seed and the
 * shrunk counterexample of a failure (re-run it with `seed` and `path` in fc.assert's options).
 */
import fc from "fast-check";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as catchAll from "../../app/api/[[...path]]/route";
import * as badAddress from "../../app/api/bad-address/route";
import * as health from "../../app/api/health/route";
import * as events from "../../app/api/v1/events/route";
import * as event from "../../app/api/v1/events/[event]/route";
import * as dashboard from "../../app/api/v1/events/[event]/dashboard/route";
import * as discountCodes from "../../app/api/v1/events/[event]/discount-codes/route";
import * as discountCode from "../../app/api/v1/events/[event]/discount-codes/[code]/route";
import * as entriesCsv from "../../app/api/v1/events/[event]/entries.csv/route";
import * as entries from "../../app/api/v1/events/[event]/entries/route";
import * as pickups from "../../app/api/v1/events/[event]/pickups/route";
import * as races from "../../app/api/v1/events/[event]/races/route";
import * as race from "../../app/api/v1/events/[event]/races/[race]/route";
import * as bibsAssign from "../../app/api/v1/events/[event]/races/[race]/bibs/assign/route";
import * as resultsCsv from "../../app/api/v1/events/[event]/races/[race]/results.csv/route";
import * as results from "../../app/api/v1/events/[event]/races/[race]/results/route";
import * as runner from "../../app/api/v1/events/[event]/races/[race]/results/[bib]/route";
import * as certificate from "../../app/api/v1/events/[event]/races/[race]/results/[bib]/certificate.pdf/route";
import * as live from "../../app/api/v1/events/[event]/races/[race]/results/live/route";
import * as reads from "../../app/api/v1/events/[event]/reads/route";
import * as registrationsCsv from "../../app/api/v1/events/[event]/registrations.csv/route";
import * as registrations from "../../app/api/v1/events/[event]/registrations/route";
import * as bib from "../../app/api/v1/events/[event]/registrations/[id]/bib/route";
import * as order from "../../app/api/v1/orders/[code]/route";
import * as refunds from "../../app/api/v1/orders/[code]/refunds/route";
import * as stripeWebhook from "../../app/api/v1/webhooks/stripe/route";
import { getConnection } from "../db";
import { TEST_NOW } from "../../test/clock";
import { dataSnapshot, makeStaff, resetDatabase } from "../../test/db";
import { eventInput, participant, raceInput, registrationBody } from "../../test/factories";
import { CLI_ACTOR } from "../actor";
import { createApiToken } from "../auth/tokens";
import { outboxDeliverySettled } from "../email/outbox";
import { createDiscountCode } from "../events/discount-codes";
import { createEvent } from "../events/manage-events";
import { resetEnvForTests } from "../env";
import { confirmPayment } from "../payments/confirm-payment";
import { registerEntries } from "../registration/register";
import { importResultsFile } from "../results/import-results";
import { resetResultsLiveForTests } from "../results/live";
import { first, nth, present } from "../../core/lists";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Method = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";
type BodyKind = "json" | "csv" | "json-or-csv" | "raw";

interface Route {
  path: string;
  module: Partial<Record<Method, unknown>>;
  params: string[];
  /** Parameters the route reads from its query string. */
  query?: string[];
  /** A valid body per method, spoiled by the generator. */
  body?: Partial<Record<Method, () => unknown>>;
  bodyKind?: BodyKind;
}

const EVENT = "test-half-2027";
const METHODS: Method[] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
/** How many requests each route and method gets per engine: the whole file stays within seconds. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 20);

// Filled by beforeAll: real values, so a generated request can also reach the code behind the look-ups.
const fixture = { organizerToken: "", volunteerToken: "", orderCode: "", orderToken: "", registrationId: "", bib: "", discountCode: "SPRING" };

const RESULTS_CSV = "bib,name,gender,age,gun_time,net_time,split_10k\n1,Zhang Wei,M,36,1:30:00,1:29:40,0:42:00\n2,Li Na,F,38,1:35:12.5,1:35:00,0:45:10\n";

const ROUTES: Route[] = [
  { path: "/api/[...path]", module: catchAll, params: ["path"] },
  { path: "/api/health", module: health, params: [] },
  { path: "/api/bad-address", module: badAddress, params: [], query: ["page"] },
  { path: "/api/v1/events", module: events, params: [], body: { POST: () => eventInput({ slug: "fuzz-event" }) } },
  { path: "/api/v1/events/{event}", module: event, params: ["event"], body: { PATCH: () => ({ name: { en: "Renamed" }, venue: { zh: "西湖" }, description: { en: "Line one\nLine two" } }) } },
  { path: "/api/v1/events/{event}/dashboard", module: dashboard, params: ["event"] },
  { path: "/api/v1/events/{event}/discount-codes", module: discountCodes, params: ["event"], body: { POST: () => ({ code: "fuzz-10", kind: "percent", value: 10, race: "half", validUntil: "2027-01-01T00:00", maxUses: 20 }) } },
  { path: "/api/v1/events/{event}/discount-codes/{code}", module: discountCode, params: ["event", "code"], body: { PATCH: () => ({ maxUses: 50, validUntil: "2027-02-01T00:00" }) } },
  { path: "/api/v1/events/{event}/entries", module: entries, params: ["event"], query: ["race", "wave", "status"] },
  { path: "/api/v1/events/{event}/entries.csv", module: entriesCsv, params: ["event"], query: ["race", "wave", "status"] },
  {
    path: "/api/v1/events/{event}/pickups",
    module: pickups,
    params: ["event"],
    query: ["q", "bib", "code", "registrationId", "desk"],
    body: { POST: () => ({ bib: fixture.bib, desk: "Desk 1" }) },
  },
  { path: "/api/v1/events/{event}/races", module: races, params: ["event"], body: { POST: () => raceInput({ slug: "fuzz-race", bibRanges: [{ from: 500, to: 600 }] }) } },
  { path: "/api/v1/events/{event}/races/{race}", module: race, params: ["event", "race"], body: { PATCH: () => ({ name: { en: "Half" }, capacity: 120, waves: [{ name: "A", startTime: "2027-04-18T07:30" }] }) } },
  { path: "/api/v1/events/{event}/races/{race}/bibs/assign", module: bibsAssign, params: ["event", "race"], body: { POST: () => ({ dryRun: true }) } },
  { path: "/api/v1/events/{event}/races/{race}/results", module: results, params: ["event", "race"], query: ["gender", "ageGroup", "q", "page", "pageSize"], body: { POST: () => RESULTS_CSV }, bodyKind: "csv" },
  { path: "/api/v1/events/{event}/races/{race}/results.csv", module: resultsCsv, params: ["event", "race"] },
  { path: "/api/v1/events/{event}/races/{race}/results/live", module: live, params: ["event", "race"] },
  { path: "/api/v1/events/{event}/races/{race}/results/{bib}", module: runner, params: ["event", "race", "bib"] },
  { path: "/api/v1/events/{event}/races/{race}/results/{bib}/certificate.pdf", module: certificate, params: ["event", "race", "bib"], query: ["locale"] },
  {
    path: "/api/v1/events/{event}/reads",
    module: reads,
    params: ["event"],
    body: { POST: () => ({ reads: [{ bib: fixture.bib, point: "finish", time: "09:31:02.5", source: "mat", device: "A1" }] }) },
    bodyKind: "json-or-csv",
  },
  { path: "/api/v1/events/{event}/registrations", module: registrations, params: ["event"], query: ["race", "status", "q", "wave", "gender", "ageGroup", "pickedUp", "sort", "order", "page", "pageSize"], body: { POST: () => registrationBody([participant()]) } },
  { path: "/api/v1/events/{event}/registrations.csv", module: registrationsCsv, params: ["event"], query: ["race", "status", "q", "wave", "sort", "order"] },
  { path: "/api/v1/events/{event}/registrations/{id}/bib", module: bib, params: ["event", "id"], body: { PUT: () => ({ bib: "77", locked: true }) } },
  { path: "/api/v1/orders/{code}", module: order, params: ["code"], query: ["token"] },
  { path: "/api/v1/orders/{code}/refunds", module: refunds, params: ["code"], body: { POST: () => ({ registrationId: fixture.registrationId, amountCents: 100 }) } },
  { path: "/api/v1/webhooks/stripe", module: stripeWebhook, params: [], body: { POST: () => ({ id: "evt_1", type: "checkout.session.completed", data: { object: { id: "cs_1" } } }) }, bodyKind: "raw" },
];

// ---- Generators --------------------------------------------------------------------------------------------

/** Any UTF-16 code unit: lone surrogates included, which a string of code points never has. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));
const NASTY = [
  "\u0000", "a\u0000b", "\uD800", "a\uDC00b", "\uDBFF", "𠮷", "😀", "\u200B", "\u200B \u200D\uFEFF", "\u2060", "\r\n", "\n", "\t",
  "\u001B[31m", "\u0007", "\u007F", "\u0085", "\u009B", "%", "%00", "%ZZ", "..", "../..", "", " ", "-1", "0", "1e308", "NaN", "null",
  "FL-00000000", "Ⅻ", "ＡＢＣ", "'; drop table events; --", "a".repeat(5000), "𠮷".repeat(300),
];
/** Ordinary text with one character no typed text may hold (core/text.ts). */
const poisoned = fc
  .tuple(fc.string({ maxLength: 6 }), fc.constantFrom("\u0000", "\uD800", "\uDFFF", "\u001B", "\u0007", "\r\n", "\u0085", "\u200B", "\u2028"), fc.string({ maxLength: 6 }))
  .map(([a, c, b]) => a + c + b);
const nastyString = fc.oneof(
  { weight: 3, arbitrary: poisoned },
  { weight: 2, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 1, arbitrary: fc.string({ unit: codeUnit, maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
);
const nastyNumber = fc.oneof(
  fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -(2 ** 63), 2 ** 64, 0.5, -1, -0, 1e-320),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: nastyString },
  { weight: 2, arbitrary: nastyNumber },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null, [], {}, [null], { "": 1 }) },
  { weight: 1, arbitrary: fc.array(nastyString, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(nastyString, nastyString, { maxKeys: 3 }) },
);

function validParam(name: string): string[] {
  switch (name) {
    case "event":
      return [EVENT];
    case "race":
      return ["half", "fun-run"];
    case "bib":
      return ["1", "2", fixture.bib];
    case "code":
      return [fixture.orderCode, fixture.discountCode, fixture.discountCode.toLowerCase()];
    case "id":
      return [fixture.registrationId];
    default:
      return ["v1", "x"];
  }
}

const paramValue = (name: string) => fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...validParam(name)) }, { weight: 2, arbitrary: nastyString });

function validQuery(name: string): string[] {
  const values: Record<string, string[]> = {
    race: ["half"],
    wave: ["A"],
    status: ["confirmed", "all"],
    q: ["zhang", "1"],
    gender: ["M", "F"],
    ageGroup: ["M18-39", "40-44"],
    pickedUp: ["yes"],
    sort: ["name", "bib"],
    order: ["asc"],
    page: ["1", "2"],
    pageSize: ["10"],
    bib: [fixture.bib],
    code: ["nope"],
    registrationId: [fixture.registrationId],
    desk: ["Desk 1"],
    locale: ["en"],
    token: [fixture.orderToken],
  };
  return values[name] ?? ["1"];
}

const queryString = (names: string[]) =>
  fc
    .array(
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...(names.length ? names : ["x"])).chain((k) => fc.tuple(fc.constant(k), fc.oneof(fc.constantFrom(...validQuery(k)), nastyString))) },
        { weight: 1, arbitrary: fc.tuple(nastyString, nastyString) },
      ),
      { maxLength: 4 },
    )
    .map((pairs) => {
      const search = new URLSearchParams();
      for (const [k, v] of pairs) search.append(k, v as string);
      return search.toString();
    });

/** Every path into a JSON value (objects and arrays), the value itself included as []. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...prefix, i])));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]));
  return out;
}

/** `value` with the node at `path` replaced; unchanged when an earlier spoil already took that path away. */
function setAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node: unknown = copy;
  for (const key of path.slice(0, -1)) {
    if (node === null || typeof node !== "object") return value;
    node = (node as Record<string | number, unknown>)[key];
  }
  if (node === null || typeof node !== "object") return value;
  (node as Record<string | number, unknown>)[present(path.at(-1))] = replacement;
  return copy;
}

/** A valid body with one to three of its values (a leaf, or a whole object or array) replaced by something nasty. */
const spoiled = (base: unknown) =>
  fc.array(fc.tuple(fc.nat(), nastyValue), { minLength: 1, maxLength: 3 }).map((spoils) => {
    const paths = pathsOf(base);
    let body = base;
    for (const [i, v] of spoils) body = setAt(body, nth(paths, i % paths.length, "path"), v); // a body has at least one path
    return body;
  });

interface Body {
  text: string | undefined;
  contentType: string | undefined;
}

function bodyFor(route: Route, method: Method): fc.Arbitrary<Body> {
  const base = route.body?.[method]?.();
  const json = (v: unknown): Body => ({ text: JSON.stringify(v), contentType: "application/json" });
  const options: fc.Arbitrary<Body>[] = [
    fc.constant({ text: undefined, contentType: undefined }),
    fc.jsonValue().map(json),
    nastyString.map((text) => ({ text, contentType: "application/json" })),
    fc.tuple(nastyString, fc.constantFrom("text/plain", "text/csv", "application/x-www-form-urlencoded", "", "application/json; charset=utf-8")).map(([text, contentType]) => ({ text, contentType })),
  ];
  // Mostly a valid body spoiled: the generated request then reaches the rules behind the shape checks.
  if (base !== undefined && typeof base !== "string") options.push(...Array.from({ length: 5 }, () => spoiled(base).map(json)), fc.constant(json(base)));
  if (typeof base === "string" || route.bodyKind === "csv" || route.bodyKind === "json-or-csv") {
    const csv = typeof base === "string" ? base : "bib,point,time\n1,finish,09:31:02\n";
    options.push(
      fc.tuple(fc.nat(), nastyString).map(([i, s]) => ({ text: csv.slice(0, i % csv.length) + String(s).replace(/[",\n]/g, "") + csv.slice(i % csv.length), contentType: "text/csv" })),
      fc.tuple(fc.nat(), nastyString).map(([i, s]) => ({ text: csv.slice(0, i % csv.length) + s + csv.slice(i % csv.length), contentType: "text/csv" })),
    );
  }
  if (route.bodyKind === "raw" && base !== undefined) options.push(spoiled(base).map(json));
  return fc.oneof(...options);
}

const credential = fc.constantFrom<"organizer" | "volunteer" | "none" | "bogus">("organizer", "organizer", "volunteer", "none", "bogus");

function authHeader(who: "organizer" | "volunteer" | "none" | "bogus"): Record<string, string> {
  if (who === "organizer") return { authorization: `Bearer ${fixture.organizerToken}` };
  if (who === "volunteer") return { authorization: `Bearer ${fixture.volunteerToken}` };
  if (who === "bogus") return { authorization: "Bearer fl_not-a-token" };
  return {};
}

// ---- Fixture -----------------------------------------------------------------------------------------------

async function emailOf(userId: string): Promise<string> {
  const { db, schema } = getConnection();
  const user = first(await db.select().from(schema.users).where(eq(schema.users.id, userId)));
  return user.email;
}

async function setup() {
  await resetDatabase();
  const organizer = await makeStaff("organizer");
  await createEvent(organizer, eventInput());
  const { db, schema } = getConnection();
  const row = first(await db.select().from(schema.events).where(eq(schema.events.slug, EVENT)));
  const volunteer = await makeStaff("volunteer", [{ eventId: row.id, role: "volunteer" }]);
  fixture.organizerToken = (await createApiToken(CLI_ACTOR, { email: await emailOf(organizer.userId) })).token;
  fixture.volunteerToken = (await createApiToken(CLI_ACTOR, { email: await emailOf(volunteer.userId) })).token;
  const placed = await registerEntries(EVENT, registrationBody([participant(), participant({ familyName: "李", givenName: "娜", latinName: "Li Na", gender: "F" })]), { clientIp: "203.0.113.9", now: TEST_NOW });
  const orderRow = first(await db.select().from(schema.orders).where(eq(schema.orders.code, placed.order.code)));
  await confirmPayment({ orderId: orderRow.id, provider: "simulated", providerPaymentId: `sim_${orderRow.id}`, amountCents: orderRow.totalCents, currency: "CNY", now: TEST_NOW });
  const entry = first(await db.select().from(schema.registrations).where(eq(schema.registrations.id, first(placed.registrations).id)));
  fixture.orderCode = placed.order.code;
  fixture.orderToken = present(new URL(placed.order.manageUrl).searchParams.get("token"));
  fixture.registrationId = entry.id;
  fixture.bib = entry.bib ?? "1";
  await createDiscountCode(organizer, EVENT, { code: fixture.discountCode, kind: "percent", value: 10 });
  await importResultsFile(organizer, EVENT, "half", RESULTS_CSV);
}

// ---- The property -----------------------------------------------------------------------------------------

function buildRequest(route: Route, method: Method, params: Record<string, string>, query: string, body: Body, who: Parameters<typeof authHeader>[0]): Request {
  let path = route.path;
  for (const [k, v] of Object.entries(params)) path = path.replace(`{${k}}`, encodeURIComponent(v.replace(/[\uD800-\uDFFF]/g, "_")));
  const headers: Record<string, string> = { ...authHeader(who), "x-forwarded-for": "198.51.100.7" };
  if (body.contentType !== undefined) headers["content-type"] = body.contentType;
  const hasBody = body.text !== undefined && method !== "GET" && method !== "HEAD";
  return new Request(`http://localhost${path.replace("[...path]", "nowhere")}${query ? `?${query}` : ""}`, { method, headers, body: hasBody ? body.text : undefined });
}

async function drain(response: Response): Promise<string> {
  if ((response.headers.get("content-type") ?? "").startsWith("text/event-stream")) {
    await response.body?.cancel();
    return "";
  }
  return response.text();
}

describe(`every API route under generated input on ${process.env.TEST_ENGINE}`, () => {
  let known = "";

  beforeAll(async () => {
    process.env.RATE_LIMIT_REGISTRATIONS_PER_MINUTE = "0";
    resetEnvForTests();
    await setup();
    known = await dataSnapshot();
  });

  // Each route starts from the tables as they are (a failed property leaves its last answer's changes behind).
  beforeEach(async () => {
    known = await dataSnapshot();
  });

  afterAll(async () => {
    await outboxDeliverySettled();
    // The live route's LISTEN connection closes before the database is dropped under it.
    await resetResultsLiveForTests();
  });

  for (const route of ROUTES) {
    for (const method of METHODS) {
      const handler = route.module[method] as Handler | undefined;
      if (!handler) continue;
      it(`${method} ${route.path}: never 5xx, and a 4xx changes nothing`, async () => {
        const paramArbs = Object.fromEntries(route.params.map((p) => [p, p === "path" ? fc.array(paramValue(p), { minLength: 1, maxLength: 3 }) : paramValue(p)]));
        await fc.assert(
          fc.asyncProperty(fc.record(paramArbs), queryString(route.query ?? []), bodyFor(route, method), credential, async (params, query, body, who) => {
            const flat = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : (v as string)]));
            const request = buildRequest(route, method, flat, query, body, who);
            const response = await handler(request, { params: Promise.resolve(params as Record<string, string>) });
            const text = await drain(response);
            expect(response.status, `${method} ${request.url} answered ${response.status}: ${text.slice(0, 300)}`).toBeLessThan(500);
            const after = await dataSnapshot();
            if (response.status >= 400) expect(after, `${method} ${request.url} answered ${response.status} and changed data`).toBe(known);
            known = after;
          }),
          { numRuns: RUNS },
        );
      });
    }
  }
});
