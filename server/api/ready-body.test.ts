/**
 * Ready bytes with an ETag (issue 14; server/api/ready-body.ts) on both engines: `GET /api/v1/events/{event}` and
 * the results API send an ETag, answer a matching If-None-Match with 304 and no body, and change body and ETag
 * together at once after an edit or an import in this process, and within the caches' bounds after a change made by
 * another process (the event: TTL_MS; results: VERSION_TTL_MS, or at once on PostgreSQL's notification).
 */
import { and, eq, sql } from "drizzle-orm";
import { first as firstOf } from "../../core/lists";
import { beforeEach, describe, expect, it } from "vitest";
import { GET as getEvent } from "../../app/api/v1/events/[event]/route";
import { GET as getResults } from "../../app/api/v1/events/[event]/races/[race]/results/route";
import { runStatement } from "../../db/bulk";
import { setTestClock } from "../../test/clock";
import { makeStaff, resetDatabase } from "../../test/db";
import { eventInput, raceInput } from "../../test/factories";
import { getConnection, withTransaction } from "../db";
import { createEvent, updateEvent } from "../events/manage-events";
import { TTL_MS } from "../events/public-cache";
import { importResultsFile } from "../results/import-results";
import { VERSION_TTL_MS } from "../results/live";
import { parseResultsQuery } from "../results/queries";
import { noneMatchHits, readyBody } from "./ready-body";

const EVENT = "etag-event";
const ETAG = /^"[A-Za-z0-9_-]{22}"$/;

const eventParams = () => ({ params: Promise.resolve({ event: EVENT }) });
const resultsParams = () => ({ params: Promise.resolve({ event: EVENT, race: "half" }) });
const eventRequest = (headers: Record<string, string> = {}) => new Request(`http://localhost/api/v1/events/${EVENT}`, { headers });
const resultsRequest = (headers: Record<string, string> = {}) => new Request(`http://localhost/api/v1/events/${EVENT}/races/half/results?pageSize=10`, { headers });

describe("If-None-Match against a ready body", () => {
  it("matches the same ETag, weak or in a list, and *; nothing else", () => {
    const { etag } = readyBody('{"a":1}');
    expect(etag).toMatch(ETAG);
    expect(readyBody('{"a":1}').etag).toBe(etag);
    expect(readyBody('{"a":2}').etag).not.toBe(etag);
    expect(noneMatchHits(etag, etag)).toBe(true);
    expect(noneMatchHits(`W/${etag}`, etag)).toBe(true);
    expect(noneMatchHits(`"other", ${etag}`, etag)).toBe(true);
    expect(noneMatchHits("*", etag)).toBe(true);
    expect(noneMatchHits(null, etag)).toBe(false);
    expect(noneMatchHits('"other"', etag)).toBe(false);
    expect(noneMatchHits(etag.slice(1, -1), etag)).toBe(false);
  });

  it("reads an empty results query as the schema reads its defaults (the default view's short path)", () => {
    expect(parseResultsQuery(new URLSearchParams())).toEqual(parseResultsQuery(new URLSearchParams("page=")));
    expect(parseResultsQuery(new URLSearchParams())).toEqual({ page: 1, pageSize: 50 });
  });
});

describe(`ETag and 304 on ${process.env.TEST_ENGINE}`, () => {
  let organizer: Awaited<ReturnType<typeof makeStaff>>;

  beforeEach(async () => {
    await resetDatabase();
    organizer = await makeStaff("organizer");
    await createEvent(organizer, eventInput({ slug: EVENT, races: [raceInput({ capacity: 100, bibRanges: [] })] }));
  });

  it("GET event: ETag, 304 on a match, an edit changes body and ETag at once", async () => {
    const first = await getEvent(eventRequest(), eventParams());
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("application/json");
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(ETAG);
    const body = await first.text();
    expect(JSON.parse(body).event.name.en).toBe("Test Half 2027");

    const again = await getEvent(eventRequest(), eventParams());
    expect(again.headers.get("etag")).toBe(etag);
    expect(await again.text()).toBe(body);

    const notModified = await getEvent(eventRequest({ "if-none-match": etag }), eventParams());
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get("etag")).toBe(etag);
    expect(await notModified.text()).toBe("");
    expect((await getEvent(eventRequest({ "if-none-match": '"something-else"' }), eventParams())).status).toBe(200);

    await updateEvent(organizer, EVENT, { name: { en: "Renamed", zh: "改名" } });
    const edited = await getEvent(eventRequest({ "if-none-match": etag }), eventParams());
    expect(edited.status).toBe(200);
    expect(edited.headers.get("etag")).toMatch(ETAG);
    expect(edited.headers.get("etag")).not.toBe(etag);
    expect(JSON.parse(await edited.text()).event.name.en).toBe("Renamed");
  });

  it("GET event: a change by another process (places taken) shows with a new ETag within TTL_MS", async () => {
    const start = Date.now();
    const first = await getEvent(eventRequest(), eventParams());
    const etag = first.headers.get("etag")!;
    expect(JSON.parse(await first.text()).event.races[0].placesLeft).toBe(100);
    // Behind this process's back: another process took 40 places.
    const { schema } = getConnection();
    await withTransaction((tx) => tx.update(schema.races).set({ capacity: 60 }).where(eq(schema.races.slug, "half")));
    setTestClock(start + TTL_MS - 200);
    expect((await getEvent(eventRequest({ "if-none-match": etag }), eventParams())).status).toBe(304);
    setTestClock(start + TTL_MS + 1);
    const later = await getEvent(eventRequest({ "if-none-match": etag }), eventParams());
    expect(later.status).toBe(200);
    expect(later.headers.get("etag")).not.toBe(etag);
    expect(JSON.parse(await later.text()).event.races[0].placesLeft).toBe(60);
  });

  it("results API: ETag with its Cache-Control, 304 on a match, a new import changes body and ETag at once", async () => {
    await importResultsFile(organizer, EVENT, "half", "bib,name,gun_time\n1,Ann,1:30:00\n2,Bo,1:40:00\n");
    const first = await getResults(resultsRequest(), resultsParams());
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("application/json");
    expect(first.headers.get("cache-control")).toBe("public, max-age=1");
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(ETAG);
    expect(JSON.parse(await first.text()).results.map((r: { bib: string }) => r.bib)).toEqual(["1", "2"]);

    const notModified = await getResults(resultsRequest({ "if-none-match": etag }), resultsParams());
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get("etag")).toBe(etag);
    expect(notModified.headers.get("cache-control")).toBe("public, max-age=1");
    expect(await notModified.text()).toBe("");

    // Another query is other bytes under another ETag.
    const other = await getResults(new Request(`http://localhost/api/v1/events/${EVENT}/races/half/results?pageSize=1`), resultsParams());
    expect(other.headers.get("etag")).not.toBe(etag);

    await importResultsFile(organizer, EVENT, "half", "bib,name,gun_time\n1,Ann,1:30:00\n2,Bo,1:40:00\n3,Cy,1:20:00\n");
    const imported = await getResults(resultsRequest({ "if-none-match": etag }), resultsParams());
    expect(imported.status).toBe(200);
    expect(imported.headers.get("etag")).not.toBe(etag);
    expect(JSON.parse(await imported.text()).results.map((r: { bib: string }) => r.bib)).toEqual(["3", "1", "2"]);
  });

  it("results API: a new version written by another process changes body and ETag within VERSION_TTL_MS", async () => {
    await importResultsFile(organizer, EVENT, "half", "bib,name,gun_time\n1,Ann,1:30:00\n");
    const start = Date.now();
    const first = await getResults(resultsRequest(), resultsParams());
    const etag = first.headers.get("etag")!;
    // Another process changes a row and bumps the race's version (without a notification this process hears).
    const { db, schema } = getConnection();
    const race = firstOf(await db.select({ id: schema.races.id }).from(schema.races).where(eq(schema.races.slug, "half")));
    await withTransaction(async (tx) => {
      await tx.update(schema.results).set({ name: "Ann Other" }).where(and(eq(schema.results.raceId, race.id), eq(schema.results.bib, "1")));
      await runStatement(tx, sql`update result_versions set version = version + 1 where race_id = ${race.id}`);
    });
    setTestClock(start + VERSION_TTL_MS + 1);
    const later = await getResults(resultsRequest({ "if-none-match": etag }), resultsParams());
    expect(later.status).toBe(200);
    expect(later.headers.get("etag")).not.toBe(etag);
    expect(JSON.parse(await later.text()).results[0].name).toBe("Ann Other");
  });
});
