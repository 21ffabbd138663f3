/**
 * The dashboard's figures on both engines (issue 6), from entries made through the real services with known
 * totals: registration (holds, a family, discount codes, two currencies), payment, cancellation, full and partial
 * refunds and pickups, on days chosen around midnight in the event's timezone. Every figure is checked exactly,
 * and `GET /api/v1/events/{event}/dashboard` answers the same object; who may see it.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getDashboard } from "../../app/api/v1/events/[event]/dashboard/route";
import { getConnection } from "../db";
import { makeStaff, resetDatabase } from "../../test/db";
import { eventInput, participant, raceInput, registrationBody, residentId } from "../../test/factories";
import { CLI_ACTOR, type Actor } from "../actor";
import { createApiToken } from "../auth/tokens";
import { DomainError } from "../errors";
import { createDiscountCode } from "../events/discount-codes";
import { createEvent } from "../events/manage-events";
import { getPublicEvent } from "../events/queries";
import { confirmPayment } from "../payments/confirm-payment";
import { recordPickup } from "../pickup/record-pickup";
import { cancelEntry, refundEntry } from "../registration/manage-entries";
import { registerEntries } from "../registration/register";
import { dashboardFigures, type DashboardFigures } from "./figures";
import { first, nth, present } from "../../core/lists";

const EVENT = "test-half-2027";
const at = (iso: string) => new Date(iso);
/** Days in Asia/Shanghai (UTC+8). */
const D1 = "2026-12-01";
const D2 = "2026-12-02";
const D3 = "2026-12-03";
const D4 = "2026-12-04";
/** The dashboard is read one minute after the last registration, whose hold still runs. */
const READ_AT = at("2026-12-04T04:01:00Z");

let organizer: Actor & { kind: "user" };
let admin: Actor & { kind: "user" };
let volunteer: Actor & { kind: "user" };
let otherOrganizer: Actor & { kind: "user" };

let ip = 0;
async function register(participants: unknown[], now: Date, extra: Record<string, unknown> = {}) {
  return registerEntries(EVENT, registrationBody(participants, extra), { clientIp: `203.0.113.${(ip++ % 250) + 1}`, now });
}

async function pay(code: string, now: Date) {
  const { db, schema } = getConnection();
  const order = first(await db.select().from(schema.orders).where(eq(schema.orders.code, code)));
  const outcome = await confirmPayment({ orderId: order.id, provider: "simulated", providerPaymentId: `sim_${order.id}`, amountCents: order.totalCents, currency: order.currency, now });
  expect(outcome).toBe("confirmed");
}

async function pickupTokenOf(registrationId: string): Promise<string> {
  const { db, schema } = getConnection();
  const reg = first(await db.select({ t: schema.registrations.pickupToken }).from(schema.registrations).where(eq(schema.registrations.id, registrationId)));
  return reg.t;
}

async function tokenOf(actor: Actor & { kind: "user" }) {
  const { db, schema } = getConnection();
  const user = first(await db.select().from(schema.users).where(eq(schema.users.id, actor.userId)));
  return (await createApiToken(CLI_ACTOR, { email: user.email })).token;
}

async function refusal(p: Promise<unknown>): Promise<string> {
  const error = await p.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(DomainError);
  return (error as DomainError).code;
}

/**
 * The fixtures, with what each contributes (races half CNY 120.00, fun-run CNY 60.00, mile USD 25.00):
 * A  half, F 36, CN, S; SPRING-10 (−12.00): paid D1, packet collected.
 * B  family at 23:50 on D1, paid 00:02 on D2: half M 42 CN L + fun-run child F 10 CN 130 (packet collected).
 * C  half, M 57, HK, L; FIXED-20 (−20.00): paid D2, refunded in full (100.00).
 * H  fun-run, registered D2, never paid: its hold runs out.
 * D  half, F 31, US, M: paid D3.
 * E  half, paid D3, then cancelled without refund.
 * F  mile (USD), X 47, JP, XL: paid D3.
 * I  half, FR: paid D3, refunded 30.00 of 120.00.
 * G  half, SPRING-10, registered D4: held while the dashboard is read.
 */
async function buildFixtures() {
  await resetDatabase();
  organizer = await makeStaff("organizer");
  await createEvent(
    organizer,
    eventInput({
      races: [
        raceInput({ capacity: 10, bibRanges: [] }),
        raceInput({ slug: "fun-run", name: { en: "Fun Run", zh: "欢乐跑" }, distanceMeters: 3500, minAge: 6, maxAge: 80, priceCents: 6000, capacity: 5, bibRanges: [], waves: [] }),
        raceInput({ slug: "mile", name: { en: "Mile", zh: "一英里" }, distanceMeters: 1609.344, currency: "USD", priceCents: 2500, capacity: 4, bibRanges: [], waves: [] }),
      ],
    }),
  );
  otherOrganizer = await makeStaff("organizer");
  await createEvent(otherOrganizer, eventInput({ slug: "other-event", races: [raceInput({ bibRanges: [] })] }));
  const event = present(await getPublicEvent(EVENT));
  volunteer = await makeStaff("volunteer", [{ eventId: event.id, role: "volunteer" }]);
  admin = await makeStaff("admin");
  await createDiscountCode(organizer, EVENT, { code: "SPRING-10", kind: "percent", value: 10 });
  await createDiscountCode(organizer, EVENT, { code: "FIXED-20", kind: "fixed", value: 2000, race: "half" });
  await createDiscountCode(organizer, EVENT, { code: "LATE-5", kind: "percent", value: 5 });

  const a = await register([participant({ gender: "F", birthDate: "1990-05-20", nationality: "CN", tshirtSize: "S" })], at(`${D1}T04:00:00Z`), { discountCode: "spring-10" });
  await pay(a.order.code, at(`${D1}T04:05:00Z`));

  const b = await register(
    [
      participant({ gender: "M", birthDate: "1985-01-01", nationality: "CN", tshirtSize: "L" }),
      participant({
        race: "fun-run",
        gender: "F",
        birthDate: "2016-06-01",
        idType: "cn_resident_id",
        idNumber: residentId("2016-06-01", 4, true),
        tshirtSize: "130",
        guardian: { name: "王芳", phone: "+86 138 0013 8000", idNumber: "E77776666", consent: true },
      }),
    ],
    at(`${D1}T15:50:00Z`),
  );
  await pay(b.order.code, at(`${D1}T16:02:00Z`));

  const c = await register([participant({ gender: "M", birthDate: "1970-03-03", nationality: "HK", tshirtSize: "L" })], at(`${D2}T03:00:00Z`), { discountCode: "FIXED-20" });
  await pay(c.order.code, at(`${D2}T03:01:00Z`));
  await register([participant({ race: "fun-run" })], at(`${D2}T05:00:00Z`)); // H: never paid

  const d = await register([participant({ gender: "F", birthDate: "1995-07-07", nationality: "US", tshirtSize: "M" })], at(`${D3}T01:00:00Z`));
  await pay(d.order.code, at(`${D3}T01:01:00Z`));
  const e = await register([participant({ nationality: "DE" })], at(`${D3}T02:00:00Z`));
  await pay(e.order.code, at(`${D3}T02:01:00Z`));
  const f = await register([participant({ race: "mile", gender: "X", birthDate: "1980-02-02", nationality: "JP", tshirtSize: "XL" })], at(`${D3}T03:00:00Z`));
  await pay(f.order.code, at(`${D3}T03:01:00Z`));
  const i = await register([participant({ nationality: "FR" })], at(`${D3}T04:00:00Z`));
  await pay(i.order.code, at(`${D3}T04:01:00Z`));

  await register([participant({ nationality: "GB" })], at(`${D4}T04:00:00Z`), { discountCode: "SPRING-10" }); // G: held

  await refundEntry(organizer, EVENT, first(c.registrations).id, { scope: "entry" });
  await refundEntry(organizer, EVENT, first(i.registrations).id, { scope: "entry", amountCents: 3000 });
  await cancelEntry(organizer, EVENT, first(e.registrations).id, { notify: false, now: at(`${D3}T06:00:00Z`) });
  await recordPickup(volunteer, EVENT, { code: await pickupTokenOf(first(a.registrations).id), desk: "Desk 1" }, { now: READ_AT });
  await recordPickup(volunteer, EVENT, { code: await pickupTokenOf(nth(b.registrations, 1).id), desk: "Desk 2" }, { now: READ_AT });
}

const names = {
  half: { en: "Half Marathon", zh: "半程马拉松" },
  fun: { en: "Fun Run", zh: "欢乐跑" },
  mile: { en: "Mile", zh: "一英里" },
};

describe(`dashboard figures on ${process.env.TEST_ENGINE}`, () => {
  let figures: DashboardFigures;

  beforeAll(async () => {
    process.env.RATE_LIMIT_REGISTRATIONS_PER_MINUTE = "0";
    (await import("../env")).resetEnvForTests();
    await buildFixtures();
    figures = await dashboardFigures(organizer, EVENT, READ_AT);
  });

  it("counts places per race: confirmed, running holds, cancelled, refunded and places left", () => {
    expect(figures.event).toEqual({ slug: EVENT, name: { en: "Test Half 2027", zh: "测试半程马拉松" }, timezone: "Asia/Shanghai", date: "2027-04-18" });
    expect(figures.at).toBe(READ_AT.toISOString());
    expect(figures.races).toEqual([
      { slug: "half", name: names.half, capacity: 10, confirmed: 3, held: 1, cancelled: 1, refunded: 2, placesLeft: 6 },
      { slug: "fun-run", name: names.fun, capacity: 5, confirmed: 1, held: 0, cancelled: 0, refunded: 0, placesLeft: 4 },
      { slug: "mile", name: names.mile, capacity: 4, confirmed: 1, held: 0, cancelled: 0, refunded: 0, placesLeft: 3 },
    ]);
    expect(figures.totals).toEqual({ capacity: 19, confirmed: 5, held: 1, cancelled: 1, refunded: 2, placesLeft: 13 });
  });

  it("counts entries per day in the event's timezone: all made, and confirmed by the day they were confirmed", () => {
    expect(figures.registrationsPerDay).toEqual([
      { date: D1, created: 3, confirmed: 1 },
      { date: D2, created: 2, confirmed: 2 },
      { date: D3, created: 4, confirmed: 2 },
      { date: D4, created: 1, confirmed: 0 },
    ]);
  });

  it("adds money per currency in minor units: gross paid, refunded, net", () => {
    // CNY paid: A 108.00 + B 180.00 + C 100.00 + D, E, I 120.00 each; refunded: C 100.00 + I 30.00.
    expect(figures.revenue).toEqual([
      { currency: "CNY", gross: 74800, refunded: 13000, net: 61800 },
      { currency: "USD", gross: 2500, refunded: 0, net: 2500 },
    ]);
  });

  it("lists discount codes with their uses, paid uses and what they took off paid orders", () => {
    expect(figures.discountCodes).toEqual([
      { code: "SPRING-10", uses: 2, paidUses: 1, discountTotal: [{ currency: "CNY", amount: 1200 }] },
      // C's order was refunded: the use stays counted, but no paid order carries the discount any more.
      { code: "FIXED-20", uses: 1, paidUses: 0, discountTotal: [] },
      { code: "LATE-5", uses: 0, paidUses: 0, discountTotal: [] },
    ]);
  });

  it("counts shirt sizes, the age and gender pyramid and nationalities among confirmed entries", () => {
    expect(figures.shirtSizes).toEqual([
      { slug: "half", name: names.half, sizes: [{ size: "S", count: 1 }, { size: "M", count: 1 }, { size: "L", count: 1 }], total: 3 },
      { slug: "fun-run", name: names.fun, sizes: [{ size: "130", count: 1 }], total: 1 },
      { slug: "mile", name: names.mile, sizes: [{ size: "XL", count: 1 }], total: 1 },
    ]);
    expect(figures.pyramid).toEqual([
      { band: "10-19", from: 10, M: 0, F: 1, X: 0 },
      { band: "20-29", from: 20, M: 0, F: 0, X: 0 },
      { band: "30-39", from: 30, M: 0, F: 2, X: 0 },
      { band: "40-49", from: 40, M: 1, F: 0, X: 1 },
    ]);
    expect(figures.nationalities).toEqual([
      { nationality: "CN", count: 3 },
      { nationality: "JP", count: 1 },
      { nationality: "US", count: 1 },
    ]);
  });

  it("shows pickup progress per race: collected of confirmed", () => {
    expect(figures.pickup).toEqual({
      races: [
        { slug: "half", name: names.half, confirmed: 3, collected: 1 },
        { slug: "fun-run", name: names.fun, confirmed: 1, collected: 1 },
        { slug: "mile", name: names.mile, confirmed: 1, collected: 0 },
      ],
      total: { confirmed: 5, collected: 2 },
    });
  });

  it("frees the seat of a hold that ran out", async () => {
    const later = await dashboardFigures(organizer, EVENT, new Date(READ_AT.getTime() + 15 * 60_000));
    expect(later.races[0]).toMatchObject({ held: 0, placesLeft: 7 });
  });

  it("answers admins the same, and refuses volunteers and organizers of other events; 404 for an unknown event", async () => {
    expect(await dashboardFigures(admin, EVENT, READ_AT)).toEqual(figures);
    expect(await refusal(dashboardFigures(volunteer, EVENT, READ_AT))).toBe("forbidden");
    expect(await refusal(dashboardFigures(otherOrganizer, EVENT, READ_AT))).toBe("forbidden");
    expect(await refusal(dashboardFigures(organizer, "no-such-event", READ_AT))).toBe("not_found");
  });

  it("GET /api/v1/events/{event}/dashboard answers the same figures, and 401, 403, 404 like other routes", async () => {
    const get = (token: string | null, event = EVENT) =>
      getDashboard(new Request(`http://localhost/api/v1/events/${event}/dashboard`, { headers: token ? { authorization: `Bearer ${token}` } : {} }), {
        params: Promise.resolve({ event }),
      });
    const res = await get(await tokenOf(organizer));
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const body = (await res.json()) as DashboardFigures;
    // The route reads the figures now: the same as the service reads them now (only the reading time differs).
    const now = await dashboardFigures(organizer, EVENT);
    expect({ ...body, at: null }).toEqual({ ...now, at: null });
    expect(body.revenue).toEqual(figures.revenue);
    expect(body.registrationsPerDay).toEqual(figures.registrationsPerDay);
    expect(body.discountCodes).toEqual(figures.discountCodes);

    expect((await get(null)).status).toBe(401);
    expect((await get(await tokenOf(volunteer))).status).toBe(403);
    expect((await get(await tokenOf(otherOrganizer))).status).toBe(403);
    const missing = await get(await tokenOf(admin), "no-such-event");
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });
});
