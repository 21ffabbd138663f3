/**
 * The authorization matrix (test/access-matrix.ts) against every role, on both engines: each organizer API
 * route is called as anonymous, volunteer, organizer of another event, organizer and admin. A route file under
 * app/api/v1 that the matrix does not list fails the test. Admin pages are checked in e2e/authorization.spec.ts.
 */
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getConnection } from "../db";
import { API_ROUTES, ROLES, SIGNED_OUT_OF_ADMIN, type Role } from "../../test/access-matrix";
import { makeStaff, resetDatabase } from "../../test/db";
import { eventInput, participant, raceInput, registrationBody } from "../../test/factories";
import { CLI_ACTOR } from "../actor";
import { createDiscountCode } from "../events/discount-codes";
import { createEvent } from "../events/manage-events";
import { paySimulatedCheckout } from "../registration/orders";
import { orderAccessToken } from "../registration/order-access";
import { registerEntries } from "../registration/register";
import { importResultsFile } from "../results/import-results";
import { createApiToken } from "./tokens";
import { first } from "../../core/lists";

const API_DIR = path.resolve("app/api/v1");
const EVENT = "matrix-event";

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return routeFiles(full);
    return d.name === "route.ts" ? [path.relative(API_DIR, full)] : [];
  });
}

const tokens = {} as Record<Role, string | undefined>;
let n = 0;

/** A pending order of the matrix event, made through the registration service. */
async function pendingOrder(): Promise<string> {
  const result = await registerEntries(EVENT, registrationBody([participant()]), { clientIp: `198.51.100.${n % 250}` });
  return result.order.code;
}

/** A paid order (simulated checkout), for refunds. */
async function paidOrder(): Promise<string> {
  const code = await pendingOrder();
  const { db, schema } = getConnection();
  const order = first(await db.select().from(schema.orders).where(eq(schema.orders.code, code)));
  await paySimulatedCheckout(code, await orderAccessToken(order.id));
  return code;
}

/** A request that succeeds for an allowed role: fresh slugs, harmless changes. */
async function requestFor(method: string, file: string): Promise<{ url: string; params: Record<string, string>; body?: unknown; csv?: string; stream?: boolean }> {
  n += 1;
  const key = `${method} ${file}`;
  switch (key) {
    case "GET events/route.ts":
      return { url: "/events", params: {} };
    case "POST events/route.ts":
      return { url: "/events", params: {}, body: eventInput({ slug: `created-${n}`, races: [raceInput({ bibRanges: [] })] }) };
    case "GET events/[event]/route.ts":
      return { url: `/events/${EVENT}`, params: { event: EVENT } };
    case "PATCH events/[event]/route.ts":
      return { url: `/events/${EVENT}`, params: { event: EVENT }, body: { description: { en: `Edited ${n}` } } };
    case "POST events/[event]/races/route.ts":
      return { url: `/events/${EVENT}/races`, params: { event: EVENT }, body: raceInput({ slug: `race-${n}`, bibRanges: [] }) };
    case "PATCH events/[event]/races/[race]/route.ts":
      return { url: `/events/${EVENT}/races/half`, params: { event: EVENT, race: "half" }, body: { capacity: 100 + n } };
    case "POST events/[event]/registrations/route.ts":
      return { url: `/events/${EVENT}/registrations`, params: { event: EVENT }, body: registrationBody([participant()]) };
    case "GET orders/[code]/route.ts": {
      const code = await pendingOrder();
      return { url: `/orders/${code}`, params: { code } };
    }
    case "POST orders/[code]/refunds/route.ts": {
      const code = await paidOrder();
      return { url: `/orders/${code}/refunds`, params: { code }, body: {} };
    }
    case "POST webhooks/stripe/route.ts":
      // No Stripe-Signature header: refused before anything is read.
      return { url: "/webhooks/stripe", params: {}, body: { id: `evt_matrix_${n}`, object: "event", type: "checkout.session.completed", data: { object: {} } } };
    case "GET events/[event]/registrations/route.ts":
      return { url: `/events/${EVENT}/registrations?q=zhang&status=held&pageSize=10`, params: { event: EVENT } };
    case "GET events/[event]/registrations.csv/route.ts":
      return { url: `/events/${EVENT}/registrations.csv?race=half`, params: { event: EVENT } };
    case "GET events/[event]/entries/route.ts":
      return { url: `/events/${EVENT}/entries?race=half&status=all`, params: { event: EVENT } };
    case "GET events/[event]/entries.csv/route.ts":
      return { url: `/events/${EVENT}/entries.csv?wave=A`, params: { event: EVENT } };
    case "GET events/[event]/dashboard/route.ts":
      return { url: `/events/${EVENT}/dashboard`, params: { event: EVENT } };
    case "GET events/[event]/discount-codes/route.ts":
      return { url: `/events/${EVENT}/discount-codes`, params: { event: EVENT } };
    case "POST events/[event]/discount-codes/route.ts":
      return { url: `/events/${EVENT}/discount-codes`, params: { event: EVENT }, body: { code: `MATRIX-${n}`, kind: "percent", value: 10 } };
    case "PATCH events/[event]/discount-codes/[code]/route.ts": {
      const { code } = await createDiscountCode(CLI_ACTOR, EVENT, { code: `PATCH-${n}`, kind: "percent", value: 10 });
      return { url: `/events/${EVENT}/discount-codes/${code}`, params: { event: EVENT, code }, body: { maxUses: 50 } };
    }
    case "POST events/[event]/pickups/route.ts": {
      // A confirmed entry's QR code (its pickup token): each allowed role hands over a packet of its own.
      const code = await paidOrder();
      const { db, schema } = getConnection();
      const entry = first(await db
        .select({ token: schema.registrations.pickupToken })
        .from(schema.registrations)
        .innerJoin(schema.orders, eq(schema.orders.id, schema.registrations.orderId))
        .where(eq(schema.orders.code, code)));
      return { url: `/events/${EVENT}/pickups`, params: { event: EVENT }, body: { code: entry.token, desk: "Matrix desk" } };
    }
    case "GET events/[event]/pickups/route.ts":
      return { url: `/events/${EVENT}/pickups?q=zhang`, params: { event: EVENT } };
    case "POST events/[event]/races/[race]/bibs/assign/route.ts":
      return { url: `/events/${EVENT}/races/half/bibs/assign`, params: { event: EVENT, race: "half" }, body: { dryRun: n % 2 === 0 } };
    case "PUT events/[event]/registrations/[id]/bib/route.ts": {
      // A bib of its own per request (letters: never a number of the ranges).
      const code = await pendingOrder();
      const { db, schema } = getConnection();
      const entry = first(await db
        .select({ id: schema.registrations.id })
        .from(schema.registrations)
        .innerJoin(schema.orders, eq(schema.orders.id, schema.registrations.orderId))
        .where(eq(schema.orders.code, code)));
      return { url: `/events/${EVENT}/registrations/${entry.id}/bib`, params: { event: EVENT, id: entry.id }, body: { bib: `M-${n}`, locked: true } };
    }
    case "POST events/[event]/races/[race]/results/route.ts":
      return { url: `/events/${EVENT}/races/half/results`, params: { event: EVENT, race: "half" }, csv: `bib,gun_time\nM${n},1:00:00\n` };
    case "POST events/[event]/reads/route.ts":
      return { url: `/events/${EVENT}/reads`, params: { event: EVENT }, csv: "bib,point,time\n99999,finish,08:00:00\n" };
    case "GET events/[event]/races/[race]/results/route.ts":
      return { url: `/events/${EVENT}/races/half/results?q=r1`, params: { event: EVENT, race: "half" } };
    case "GET events/[event]/races/[race]/results.csv/route.ts":
      return { url: `/events/${EVENT}/races/half/results.csv`, params: { event: EVENT, race: "half" } };
    case "GET events/[event]/races/[race]/results/live/route.ts":
      return { url: `/events/${EVENT}/races/half/results/live`, params: { event: EVENT, race: "half" }, stream: true };
    case "GET events/[event]/races/[race]/results/[bib]/route.ts":
    case "GET events/[event]/races/[race]/results/[bib]/certificate.pdf/route.ts":
      // A finisher of the race (imported once; the same file again changes nothing).
      await importResultsFile(CLI_ACTOR, EVENT, "half", "bib,name,gun_time\nR1,Matrix Runner,1:00:00\n");
      return { url: `/events/${EVENT}/races/half/results/R1${file.includes("certificate") ? "/certificate.pdf?locale=en" : ""}`, params: { event: EVENT, race: "half", bib: "R1" } };
    default:
      throw new Error(`No request recipe for ${key}: add one here and list the route in test/access-matrix.ts`);
  }
}

describe(`authorization matrix on ${process.env.TEST_ENGINE}`, () => {
  beforeAll(async () => {
    await resetDatabase();
    const organizer = await makeStaff("organizer");
    await createEvent(organizer, eventInput({ slug: EVENT }));
    const other = await makeStaff("organizer");
    await createEvent(other, eventInput({ slug: "someone-elses" }));
    const { db, schema } = getConnection();
    const event = first(await db.select().from(schema.events).where(eq(schema.events.slug, EVENT)));
    const volunteer = await makeStaff("volunteer", [{ eventId: event.id, role: "volunteer" }]);
    const admin = await makeStaff("admin");
    const actors = { organizer, otherOrganizer: other, volunteer, admin };
    for (const [role, actor] of Object.entries(actors)) {
      const user = first(await db.select().from(schema.users).where(eq(schema.users.id, actor.userId)));
      tokens[role as Role] = (await createApiToken(CLI_ACTOR, { email: user.email })).token;
    }
  });

  it("lists every API v1 route handler", () => {
    const found = routeFiles(API_DIR).flatMap((file) => {
      const source = fs.readFileSync(path.join(API_DIR, file), "utf8");
      return [...source.matchAll(/export const (GET|POST|PATCH|PUT|DELETE)\b/g)].map((m) => `${m[1]} ${file}`);
    });
    const listed = API_ROUTES.map((r) => `${r.method} ${r.file}`);
    expect(found.sort()).toEqual(listed.sort());
  });

  for (const entry of API_ROUTES) {
    for (const role of ROLES) {
      const allowed = entry.allowed.includes(role);
      it(`${entry.method} /api/v1/${entry.file.replace(/\/?route\.ts$/, "")} as ${role} → ${allowed ? "allowed" : "refused"}`, async () => {
        const mod = (await import(/* @vite-ignore */ path.join(API_DIR, entry.file))) as Record<string, (r: Request, c: unknown) => Promise<Response>>;
        const recipe = await requestFor(entry.method, entry.file);
        const headers: Record<string, string> = { "content-type": recipe.csv === undefined ? "application/json" : "text/csv" };
        if (tokens[role]) headers.authorization = `Bearer ${tokens[role]}`;
        const connection = new AbortController();
        const request = new Request(`http://localhost/api/v1${recipe.url}`, {
          method: entry.method,
          headers,
          body: recipe.csv ?? (recipe.body === undefined ? undefined : JSON.stringify(recipe.body)),
          signal: connection.signal,
        });
        const handler = mod[entry.method];
        if (!handler) throw new Error(`${entry.file} has no ${entry.method} handler`);
        const res = await handler(request, { params: Promise.resolve(recipe.params) });
        // An event stream stays open until the client leaves.
        if (recipe.stream) connection.abort();
        if (entry.everyoneGets !== undefined) expect(res.status, await res.clone().text()).toBe(entry.everyoneGets);
        else if (allowed) expect(res.status, await res.clone().text()).toBeLessThan(300);
        else expect(res.status).toBe(SIGNED_OUT_OF_ADMIN.includes(role) ? 401 : 403);
      });
    }
  }
});
