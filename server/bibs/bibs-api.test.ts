/**
 * The bib routes of API v1 through their handlers, on both engines: POST …/races/{race}/bibs/assign (preview with
 * dryRun, apply without) and PUT …/registrations/{id}/bib, with every error status; and the event and race JSON's
 * bib and wave fields.
 */
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { POST as assign } from "../../app/api/v1/events/[event]/races/[race]/bibs/assign/route";
import { PUT as putBib } from "../../app/api/v1/events/[event]/registrations/[id]/bib/route";
import { GET as getEvent, PATCH as patchEvent } from "../../app/api/v1/events/[event]/route";
import { PATCH as patchRace } from "../../app/api/v1/events/[event]/races/[race]/route";
import { getConnection } from "../db";
import { makeStaff, resetDatabase } from "../../test/db";
import { eventInput, raceInput } from "../../test/factories";
import { CLI_ACTOR } from "../actor";
import { createApiToken } from "../auth/tokens";
import { createEvent } from "../events/manage-events";
import { insertSyntheticEntries } from "../../test/synthetic-entries";
import { first, nth } from "../../core/lists";

const SLUG = "api-bibs";
const BASE = "http://localhost/api/v1";

function req(method: string, path: string, token?: string, body?: unknown) {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  return new Request(`${BASE}${path}`, { method, headers, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });
}

const params = <T extends Record<string, string>>(p: T) => ({ params: Promise.resolve(p) });

async function tokenOf(actor: { userId: string }) {
  const { db, schema } = getConnection();
  const user = first(await db.select().from(schema.users).where(eq(schema.users.id, actor.userId)));
  return (await createApiToken(CLI_ACTOR, { email: user.email })).token;
}

async function setup() {
  const organizer = await makeStaff("organizer");
  await createEvent(
    organizer,
    eventInput({
      slug: SLUG,
      reuseCancelledBibs: true,
      races: [
        raceInput({
          bibStrategy: "batch",
          bibRanges: [{ from: 1, to: 3, reserved: true }, { from: 100, to: 104 }],
          waves: [
            { name: "A", startTime: "2027-04-18T07:30", maxPredictedSeconds: 6000, maxSize: 2 },
            { name: "B", startTime: "2027-04-18T07:40", minPredictedSeconds: 6000 },
          ],
        }),
      ],
    }),
  );
  const { registrationIds } = await insertSyntheticEntries(SLUG, "half", 6);
  return { organizer, token: await tokenOf(organizer), ids: registrationIds };
}

describe(`bib routes of API v1 on ${process.env.TEST_ENGINE}`, () => {
  beforeEach(resetDatabase);

  it("previews with dryRun (nothing written), applies without it, and reports entries left without a bib", async () => {
    const { token } = await setup();
    const path = `/events/${SLUG}/races/half/bibs/assign`;
    const preview = await assign(req("POST", path, token, { dryRun: true }), params({ event: SLUG, race: "half" }));
    expect(preview.status).toBe(200);
    const body = await preview.json();
    expect(body).toMatchObject({ race: "half", applied: false, kept: 0, total: 6 });
    expect(body.assignments.map((a: { bib: string }) => a.bib)).toEqual(["100", "101", "102", "103", "104"]);
    expect(body.assignments[0]).toEqual({ registrationId: expect.any(String), bib: "100", previousBib: null, wave: "B", name: expect.any(String) });
    expect(body.withoutBib).toHaveLength(1);
    const { db, schema } = getConnection();
    expect((await db.select().from(schema.registrations)).every((r) => r.bib === null && r.waveId === null)).toBe(true);

    // No body at all applies, as does { "dryRun": false }.
    const applied = await assign(req("POST", path, token), params({ event: SLUG, race: "half" }));
    expect(applied.status).toBe(200);
    const appliedBody = await applied.json();
    expect(appliedBody).toEqual({ ...body, applied: true });
    expect((await db.select().from(schema.registrations)).filter((r) => r.bib !== null)).toHaveLength(5);
    const again = await assign(req("POST", path, token, { dryRun: false }), params({ event: SLUG, race: "half" }));
    expect((await again.json()).applied).toBe(true);
  });

  it("answers 401, 403, 404, 400 and 422 for the assignment", async () => {
    const { token } = await setup();
    const path = `/events/${SLUG}/races/half/bibs/assign`;
    const call = (t: string | undefined, body: unknown, p = { event: SLUG, race: "half" }) => assign(req("POST", path, t, body), params(p));
    expect((await call(undefined, { dryRun: true })).status).toBe(401);
    const stranger = await tokenOf(await makeStaff("organizer"));
    const forbidden = await call(stranger, { dryRun: true });
    expect(forbidden.status).toBe(403);
    expect((await forbidden.json()).error.code).toBe("forbidden");
    expect((await call(token, { dryRun: true }, { event: SLUG, race: "nope" })).status).toBe(404);
    expect((await call(token, { dryRun: true }, { event: "nope", race: "half" })).status).toBe(404);
    const bad = await call(token, { dryRun: "yes" });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error).toMatchObject({ code: "validation_failed", fields: { dryRun: expect.any(String) } });
    expect((await call(token, { dryRun: true, extra: 1 })).status).toBe(422);
    expect((await call(token, "{not json")).status).toBe(400);
    const { db, schema } = getConnection();
    expect((await db.select().from(schema.registrations)).every((r) => r.bib === null)).toBe(true);
  });

  it("sets a bib by hand (locked, normalized), and answers 409 bib_taken, 422 and 404", async () => {
    const { token, ids } = await setup();
    const put = (id: string, body: unknown, t: string | null = token) => putBib(req("PUT", `/events/${SLUG}/registrations/${id}/bib`, t ?? undefined, body), params({ event: SLUG, id }));
    const ok = await put(first(ids), { bib: "0002", locked: true });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ registrationId: ids[0], bib: "2", locked: true });

    const taken = await put(nth(ids, 1), { bib: "2", locked: true });
    expect(taken.status).toBe(409);
    const error = (await taken.json()).error;
    expect(error).toMatchObject({ code: "bib_taken", fields: { bib: `is already the bib of entry ${ids[0]}` }, details: { registrationId: ids[0] } });
    expect(error.message).toContain(ids[0]);

    const bad = await put(nth(ids, 1), { bib: "no spaces", locked: "yes" });
    expect(bad.status).toBe(422);
    expect(Object.keys((await bad.json()).error.fields).sort()).toEqual(["locked"]);
    const badBib = await put(nth(ids, 1), { bib: "no spaces", locked: true });
    expect((await badBib.json()).error.fields).toEqual({ bib: "must be 1–12 letters, digits or hyphens (e.g. 1234 or F12)" });
    expect((await put(nth(ids, 1), { locked: true })).status).toBe(422);
    expect((await put("nope", { bib: "9", locked: true })).status).toBe(404);
    expect((await put(nth(ids, 1), { bib: "9", locked: true }, null)).status).toBe(401);
    const volunteer = await tokenOf(await makeStaff("volunteer"));
    expect((await put(nth(ids, 1), { bib: "9", locked: true }, volunteer)).status).toBe(403);

    // Taking the bib away, unlocked.
    const cleared = await put(first(ids), { bib: null, locked: false });
    expect(await cleared.json()).toEqual({ registrationId: ids[0], bib: null, locked: false });
    const { db, schema } = getConnection();
    const [row] = await db.select().from(schema.registrations).where(eq(schema.registrations.id, first(ids)));
    expect(row).toMatchObject({ bib: null, bibLocked: false });
  });

  it("serves and takes bibStrategy, wave bounds and size, and reuseCancelledBibs in the event JSON", async () => {
    const { token } = await setup();
    const res = await getEvent(req("GET", `/events/${SLUG}`), params({ event: SLUG }));
    const { event } = await res.json();
    expect(event.reuseCancelledBibs).toBe(true);
    expect(event.races[0].bibStrategy).toBe("batch");
    expect(event.races[0].waves).toEqual([
      { name: "A", startTime: "2027-04-18T07:30:00+08:00", minPredictedSeconds: null, maxPredictedSeconds: 6000, maxSize: 2 },
      { name: "B", startTime: "2027-04-18T07:40:00+08:00", minPredictedSeconds: 6000, maxPredictedSeconds: null, maxSize: null },
    ]);

    const patched = await patchRace(
      req("PATCH", `/events/${SLUG}/races/half`, token, { bibStrategy: "on_confirmation", waves: [{ name: "A", startTime: "2027-04-18T07:30", minPredictedSeconds: 0, maxPredictedSeconds: 7000, maxSize: 500 }] }),
      params({ event: SLUG, race: "half" }),
    );
    expect(patched.status).toBe(200);
    const { race } = await patched.json();
    expect(race).toMatchObject({ bibStrategy: "on_confirmation", waves: [{ name: "A", minPredictedSeconds: 0, maxPredictedSeconds: 7000, maxSize: 500 }] });
    const off = await patchEvent(req("PATCH", `/events/${SLUG}`, token, { reuseCancelledBibs: false }), params({ event: SLUG }));
    expect((await off.json()).event.reuseCancelledBibs).toBe(false);

    const bad = await patchRace(
      req("PATCH", `/events/${SLUG}/races/half`, token, {
        bibStrategy: "whenever",
        waves: [{ name: "A", startTime: "2027-04-18T07:30", minPredictedSeconds: 7000, maxPredictedSeconds: 7000, maxSize: 0 }],
      }),
      params({ event: SLUG, race: "half" }),
    );
    expect(bad.status).toBe(422);
    expect(Object.keys((await bad.json()).error.fields).sort()).toEqual(["bibStrategy", "waves.0.maxSize"]);
    const order = await patchRace(
      req("PATCH", `/events/${SLUG}/races/half`, token, { waves: [{ name: "A", startTime: "2027-04-18T07:30", minPredictedSeconds: 7000, maxPredictedSeconds: 7000 }] }),
      params({ event: SLUG, race: "half" }),
    );
    expect((await order.json()).error.fields).toEqual({ "waves.0.maxPredictedSeconds": "must be more than the wave's fastest time (7000 s)" });
    const negative = await patchRace(
      req("PATCH", `/events/${SLUG}/races/half`, token, { waves: [{ name: "A", startTime: "2027-04-18T07:30", minPredictedSeconds: -1, maxPredictedSeconds: 1.5 }] }),
      params({ event: SLUG, race: "half" }),
    );
    expect(Object.keys((await negative.json()).error.fields).sort()).toEqual(["waves.0.maxPredictedSeconds", "waves.0.minPredictedSeconds"]);
  });
});
