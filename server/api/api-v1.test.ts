/**
 * API v1 through its route handlers (the same functions Next.js calls), on both engines: the contract's
 * fields, every error status, and that a rejected request changes nothing.
 */
import { count, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { GET as getEvents, POST as postEvents } from "../../app/api/v1/events/route";
import { GET as getEvent, PATCH as patchEvent } from "../../app/api/v1/events/[event]/route";
import { POST as postRace } from "../../app/api/v1/events/[event]/races/route";
import { PATCH as patchRace } from "../../app/api/v1/events/[event]/races/[race]/route";
import { getConnection } from "../db";
import { eventInput, raceInput } from "../../test/factories";
import { makeStaff, resetDatabase } from "../../test/db";
import { createApiToken, revokeApiToken } from "../auth/tokens";
import { CLI_ACTOR } from "../actor";
import { first, only } from "../../core/lists";

const BASE = "http://localhost/api/v1";

function req(method: string, path: string, token?: string, body?: unknown, contentType = "application/json") {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = contentType;
  return new Request(`${BASE}${path}`, { method, headers, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });
}

const params = <T extends Record<string, string>>(p: T) => ({ params: Promise.resolve(p) });

async function tokenFor(role: "admin" | "organizer" | "volunteer") {
  const actor = await makeStaff(role);
  const { db, schema } = getConnection();
  const user = first(await db.select().from(schema.users).where(eq(schema.users.id, actor.userId)));
  const { token } = await createApiToken(CLI_ACTOR, { email: user.email });
  return { actor, token, email: user.email };
}

async function snapshot() {
  const { db, schema } = getConnection();
  const [e, r, a] = await Promise.all([
    db.select({ n: count() }).from(schema.events).then((rows) => only(rows, "count")),
    db.select({ n: count() }).from(schema.races).then((rows) => only(rows, "count")),
    db.select({ n: count() }).from(schema.auditLog).then((rows) => only(rows, "count")),
  ]);
  const races = await db.select().from(schema.races);
  return { events: e.n, races: r.n, audit: a.n, raceRows: JSON.stringify(races.map((x) => ({ ...x, updatedAt: 0 }))) };
}

describe(`API v1 on ${process.env.TEST_ENGINE}`, () => {
  beforeEach(resetDatabase);

  it("creates an event in one call and serves it with the contract's race fields", async () => {
    const { token } = await tokenFor("organizer");
    const created = await postEvents(req("POST", "/events", token, eventInput()));
    expect(created.status).toBe(201);
    const res = await getEvent(req("GET", "/events/test-half-2027"), params({ event: "test-half-2027" }));
    expect(res.status).toBe(200);
    const { event } = await res.json();
    expect(event).toMatchObject({ slug: "test-half-2027", name: { en: "Test Half 2027", zh: "测试半程马拉松" }, date: "2027-04-18", timezone: "Asia/Shanghai" });
    expect(event.races[0]).toEqual(
      expect.objectContaining({
        slug: "half",
        name: { en: "Half Marathon", zh: "半程马拉松" },
        distanceMeters: 21097.5,
        capacity: 100,
        placesLeft: 100,
        priceCents: 12000,
        currency: "CNY",
        minAge: 18,
        maxAge: 75,
        rankBy: "gun",
        ageGroupBounds: [18, 40, 45, 50, 55, 60, 65, 70, 75, 80],
        bibRanges: [{ from: 1, to: 100, reserved: false, label: null }],
        startTime: "2027-04-18T07:30:00+08:00",
      }),
    );
    const list = await (await getEvents()).json();
    expect(list.events.map((e: { slug: string }) => e.slug)).toEqual(["test-half-2027"]);
  });

  it("answers 401 without a token, with a bad one and with a revoked one", async () => {
    const { token } = await tokenFor("admin");
    for (const t of [undefined, "fl_not-a-token"]) {
      const res = await postEvents(req("POST", "/events", t, eventInput()));
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe("unauthorized");
    }
    await revokeApiToken(CLI_ACTOR, token);
    expect((await postEvents(req("POST", "/events", token, eventInput()))).status).toBe(401);
    expect((await snapshot()).events).toBe(0);
  });

  it("answers 403 to a volunteer and to an organizer of another event, and changes nothing", async () => {
    const { token: owner } = await tokenFor("organizer");
    await postEvents(req("POST", "/events", owner, eventInput()));
    const { token: other } = await tokenFor("organizer");
    const { token: volunteer } = await tokenFor("volunteer");
    const before = await snapshot();
    for (const t of [other, volunteer]) {
      const r1 = await patchEvent(req("PATCH", "/events/test-half-2027", t, { status: "draft" }), params({ event: "test-half-2027" }));
      expect(r1.status).toBe(403);
      expect((await r1.json()).error.code).toBe("forbidden");
      const r2 = await patchRace(req("PATCH", "/events/test-half-2027/races/half", t, { capacity: 1 }), params({ event: "test-half-2027", race: "half" }));
      expect(r2.status).toBe(403);
    }
    expect((await postEvents(req("POST", "/events", volunteer, eventInput({ slug: "vol-event" })))).status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it("answers 404 for unknown slugs and for drafts without access", async () => {
    const { token } = await tokenFor("organizer");
    await postEvents(req("POST", "/events", token, eventInput({ status: "draft" })));
    expect((await getEvent(req("GET", "/events/nope"), params({ event: "nope" }))).status).toBe(404);
    expect((await getEvent(req("GET", "/events/test-half-2027"), params({ event: "test-half-2027" }))).status).toBe(404);
    expect((await getEvent(req("GET", "/events/test-half-2027", token), params({ event: "test-half-2027" }))).status).toBe(200);
    const r = await patchRace(req("PATCH", "/events/test-half-2027/races/nope", token, { capacity: 1 }), params({ event: "test-half-2027", race: "nope" }));
    expect(r.status).toBe(404);
    expect((await r.json()).error.code).toBe("not_found");
  });

  it("answers 409 for a duplicate slug and for overlapping bib ranges, with fields", async () => {
    const { token } = await tokenFor("admin");
    await postEvents(req("POST", "/events", token, eventInput()));
    const before = await snapshot();
    const dup = await postEvents(req("POST", "/events", token, eventInput()));
    expect(dup.status).toBe(409);
    expect((await dup.json()).error).toMatchObject({ code: "duplicate_slug", fields: { slug: "is already taken" } });
    const overlap = await postRace(
      req("POST", "/events/test-half-2027/races", token, raceInput({ slug: "ten-k", bibRanges: [{ from: 90, to: 150 }] })),
      params({ event: "test-half-2027" }),
    );
    expect(overlap.status).toBe(409);
    const body = await overlap.json();
    expect(body.error.code).toBe("bib_ranges_overlap");
    expect(body.error.fields["bibRanges.0"]).toBe('overlaps bibs 1–100 of race "half"');
    expect(await snapshot()).toEqual(before);
  });

  it("answers 422 with a message per field for bad input, and changes nothing", async () => {
    const { token } = await tokenFor("admin");
    const res = await postEvents(
      req("POST", "/events", token, eventInput({ timezone: "Nowhere/City", races: [raceInput({ capacity: -5, minAge: 60, maxAge: 20, distanceMeters: "abc" })] })),
    );
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error.code).toBe("validation_failed");
    expect(error.fields).toMatchObject({
      "races.0.capacity": "must be at least 0",
      "races.0.distanceMeters": "must be a number",
    });
    expect((await snapshot()).events).toBe(0);

    await postEvents(req("POST", "/events", token, eventInput()));
    const before = await snapshot();
    const patch = await patchRace(req("PATCH", "/events/test-half-2027/races/half", token, { minAge: 60, maxAge: 20 }), params({ event: "test-half-2027", race: "half" }));
    expect(patch.status).toBe(422);
    expect((await patch.json()).error.fields).toEqual({ minAge: "must not be above the maximum age (20)" });
    const tz = await patchEvent(req("PATCH", "/events/test-half-2027", token, { timezone: "Mars/Olympus" }), params({ event: "test-half-2027" }));
    expect((await tz.json()).error.fields).toEqual({ timezone: "is not a known time zone (e.g. Asia/Shanghai)" });
    expect(await snapshot()).toEqual(before);
  });

  it("answers 400 for a body that is not JSON", async () => {
    const { token } = await tokenFor("admin");
    const res = await postEvents(req("POST", "/events", token, "{not json"));
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("invalid_json");
    expect((await postEvents(req("POST", "/events", token, "slug=x", "application/x-www-form-urlencoded"))).status).toBe(400);
  });

  it("patches an event and a race and returns the new state", async () => {
    const { token } = await tokenFor("organizer");
    await postEvents(req("POST", "/events", token, eventInput({ status: "draft" })));
    const pub = await patchEvent(req("PATCH", "/events/test-half-2027", token, { status: "published", name: { en: "New Name" } }), params({ event: "test-half-2027" }));
    expect(pub.status).toBe(200);
    expect((await pub.json()).event).toMatchObject({ status: "published", name: { en: "New Name", zh: "测试半程马拉松" } });
    const race = await patchRace(req("PATCH", "/events/test-half-2027/races/half", token, { capacity: 6000, distanceMeters: 21097.5 }), params({ event: "test-half-2027", race: "half" }));
    expect((await race.json()).race).toMatchObject({ capacity: 6000, placesLeft: 6000, distanceMeters: 21097.5 });
    const added = await postRace(req("POST", "/events/test-half-2027/races", token, raceInput({ slug: "ten-k", bibRanges: [{ from: 20001, to: 21000 }] })), params({ event: "test-half-2027" }));
    expect(added.status).toBe(201);
    expect((await added.json()).race.slug).toBe("ten-k");
  });
});
