/** The public event cache: one load per TTL, shared by concurrent readers, cleared by edits, drafts never served. */
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { getConnection, withTransaction } from "../db";
import { makeStaff, resetDatabase } from "../../test/db";
import { eventInput, raceInput } from "../../test/factories";
import { createEvent, updateEvent, updateRace } from "./manage-events";
import { cachedPublicEvent, invalidatePublicEvents, publicEventJson, TTL_MS } from "./public-cache";
import { first, present } from "../../core/lists";

const SLUG = "cache-event";

describe(`public event cache on ${process.env.TEST_ENGINE}`, () => {
  beforeEach(async () => {
    await resetDatabase();
    invalidatePublicEvents();
  });

  it("serves one load to concurrent readers within the TTL, and reloads after it", async () => {
    const organizer = await makeStaff("organizer");
    await createEvent(organizer, eventInput({ slug: SLUG, races: [raceInput({ capacity: 100, bibRanges: [] })] }));
    const t0 = Date.now();
    const [a, b] = await Promise.all([publicEventJson(SLUG, t0), publicEventJson(SLUG, t0 + 10)]);
    expect(JSON.parse(present(a)).event.races[0].capacity).toBe(100);
    expect(b).toBe(a);

    // A change made behind the cache's back (another app process) shows after the TTL.
    const { schema } = getConnection();
    await withTransaction((tx) => tx.update(schema.races).set({ capacity: 90 }).where(eq(schema.races.slug, "half")));
    expect(JSON.parse(present(await publicEventJson(SLUG, t0 + TTL_MS - 1))).event.races[0].capacity).toBe(100);
    expect(first(present(await cachedPublicEvent(SLUG, t0 + TTL_MS - 1), "event").races).capacity).toBe(100);
    expect(JSON.parse(present(await publicEventJson(SLUG, t0 + TTL_MS))).event.races[0].capacity).toBe(90);
    expect(first(present(await cachedPublicEvent(SLUG, t0 + TTL_MS), "event").races).capacity).toBe(90);
  });

  it("is cleared by an edit in this process, and never serves a draft", async () => {
    const organizer = await makeStaff("organizer");
    await createEvent(organizer, eventInput({ slug: SLUG, races: [raceInput({ capacity: 100, bibRanges: [] })] }));
    expect(JSON.parse(present(await publicEventJson(SLUG))).event.name.en).not.toBe("Renamed");
    await updateEvent(organizer, SLUG, { name: { en: "Renamed", zh: "改名" } });
    expect(JSON.parse(present(await publicEventJson(SLUG))).event.name.en).toBe("Renamed");
    await updateRace(organizer, SLUG, "half", { capacity: 80 });
    expect(JSON.parse(present(await publicEventJson(SLUG))).event.races[0].capacity).toBe(80);
    await updateEvent(organizer, SLUG, { status: "draft" });
    expect(await publicEventJson(SLUG)).toBeNull();
    expect(await publicEventJson("no-such-event")).toBeNull();
  });
});
