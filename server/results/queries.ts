/**
 * What spectators read (issue 5): a race's results, filtered and paged, one runner, the CSV. Public for published
 * (and closed) events. Every answer is cached per process under the race's results version (cache.ts, live.ts), so
 * race-day traffic costs a map look-up, and an import is visible everywhere within a second at most.
 */
import { and, asc, count, eq, sql, type SQL } from "drizzle-orm";
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import { searchNeedle } from "../../core/results/search-text";
import { personText } from "../../core/text";
import { formatRaceTimeExact, paceSeconds } from "../../core/results/time";
import { neutralizeCsvCell } from "../exports/formula-guard";
import { isResultBib, resultBib } from "../../core/bibs";
import { fromZodIssues } from "../../core/validation";
import { getConnection } from "../db";
import { readyBody, type ReadyBody } from "../api/ready-body";
import { GENDERS } from "../../core/domain";
import { DomainError } from "../errors";
import { cachedPublicEvent } from "../events/public-cache";
import type { EventWithRaces, RaceWithWaves } from "../events/queries";
import { cachedResults } from "./cache";
import { resultsVersion } from "./live";
import type { ResultRow } from "../../core/results/race-rows";
import type { RaceResultsInfo, ResultsPage, ResultsQuery, ResultView } from "./types";
import { only } from "../../core/lists";

export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 50;

export async function publicRace(eventSlug: string, raceSlug: string): Promise<{ event: EventWithRaces; race: RaceWithWaves }> {
  const event = await cachedPublicEvent(eventSlug);
  if (!event) throw new DomainError("not_found", `No event "${eventSlug}".`);
  const race = event.races.find((r) => r.slug === raceSlug);
  if (!race) throw new DomainError("not_found", `No race "${raceSlug}" in this event.`);
  return { event, race };
}

export function toResultView(row: ResultRow, distanceMeters: number): ResultView {
  return {
    bib: row.bib,
    name: row.name,
    latinName: row.latinName,
    gender: row.gender,
    age: row.age,
    ageGroup: row.ageGroup,
    status: row.status,
    gunTimeMs: row.gunTimeMs,
    netTimeMs: row.netTimeMs,
    rankTimeMs: row.rankTimeMs,
    places: { overall: row.placeOverall, gender: row.placeGender, ageGroup: row.placeAgeGroup },
    paceSecondsPerKm: row.rankTimeMs === null || row.placeOverall === null ? null : Math.round(paceSeconds(row.rankTimeMs, distanceMeters, "km") * 1000) / 1000,
    splits: row.splits,
  };
}

/**
 * The race's results at a glance. Only what the results version decides (counts, age groups) is kept under it; the
 * event's and the race's own fields (names, date, distance, rank basis) come from the event as it was just read, so
 * an edit of them shows at once although it leaves the version as it was (docs/architecture.md "Caches").
 */
async function loadInfo(event: EventWithRaces, race: RaceWithWaves): Promise<RaceResultsInfo> {
  const v = await resultsVersion(race.id);
  const counts = await cachedResults(race.id, `info:${v.version}`, async () => {
    const { db, schema } = getConnection();
    const r = schema.results;
    const groups = await db
      .select({ ageGroup: r.ageGroup, status: r.status, n: count() })
      .from(r)
      .where(eq(r.raceId, race.id))
      .groupBy(r.ageGroup, r.status);
    const total = groups.reduce((sum, g) => sum + Number(g.n), 0);
    const finishers = groups.filter((g) => g.status === "finished").reduce((sum, g) => sum + Number(g.n), 0);
    const ageGroups = [...new Set(groups.map((g) => g.ageGroup).filter((g): g is string => g !== null))].sort((a, b) =>
      a.localeCompare(b, "en", { numeric: true }),
    );
    return { ageGroups, total, finishers };
  });
  return {
    eventSlug: event.slug,
    eventName: { zh: event.nameZh, en: event.nameEn },
    eventDate: event.date,
    timezone: event.timezone,
    raceSlug: race.slug,
    raceName: { zh: race.nameZh, en: race.nameEn },
    distanceMeters: race.distanceMeters,
    rankBy: race.rankBy,
    ageGroups: counts.ageGroups,
    splitLabels: v.splitLabels,
    total: counts.total,
    finishers: counts.finishers,
    version: v.version,
    updatedAt: v.updatedAt ? v.updatedAt.toISOString() : null,
  };
}

export async function getRaceResultsInfo(eventSlug: string, raceSlug: string): Promise<RaceResultsInfo> {
  const { event, race } = await publicRace(eventSlug, raceSlug);
  return loadInfo(event, race);
}

/** The event's races with their results (the event's results page). */
export async function listEventResults(eventSlug: string) {
  const event = await cachedPublicEvent(eventSlug);
  if (!event) throw new DomainError("not_found", `No event "${eventSlug}".`);
  return {
    eventSlug: event.slug,
    eventName: { zh: event.nameZh, en: event.nameEn },
    eventDate: event.date,
    timezone: event.timezone,
    races: await Promise.all(event.races.map((race) => loadInfo(event, race))),
  };
}

/** An age group as results label them (core/results/age-groups.ts): gender, then `40-44` or `80+`. */
const AGE_GROUP = /^[MFX](\d{1,3})(?:-(\d{1,3})|\+)$/;

function isAgeGroupLabel(value: string): boolean {
  const m = AGE_GROUP.exec(value);
  return m !== null && Number(m[1]) <= 120 && (m[2] === undefined || (Number(m[2]) >= Number(m[1]) && Number(m[2]) <= 120));
}

const querySchema = z
  .object({
    gender: z.enum(GENDERS).optional(),
    ageGroup: z.string().trim().toUpperCase().refine(isAgeGroupLabel, "ageGroupFormat").optional(),
    // The search box is typed text (core/text.ts): a control character is a 422 on `q`.
    q: personText({ max: 100, min: 0 }).optional(),
    page: z.coerce.number().int().min(1).max(1_000_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  })
  .strict();

/** The query string of `GET …/results` (422 validation_failed for a bad value or an unknown parameter). */
export function parseResultsQuery(params: URLSearchParams): ResultsQuery {
  // No query at all (the leaderboard's default view, most of race day's requests): what the schema gives for {}.
  if (params.size === 0) return { page: 1, pageSize: DEFAULT_PAGE_SIZE };
  const raw: Record<string, string> = {};
  for (const [key, value] of params) if (value !== "") raw[key] = value;
  const parsed = querySchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw new DomainError("validation_failed", "The query is not valid; see the fields.", fromZodIssues(parsed.error.issues));
  return parsed.data;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

async function loadPage(raceId: string, distanceMeters: number, version: number, query: ResultsQuery): Promise<ResultsPage> {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
  const needle = query.q ? searchNeedle(query.q) : null;
  const { db, schema } = getConnection();
  const r = schema.results;
  const where: SQL[] = [eq(r.raceId, raceId)];
  if (query.gender) where.push(eq(r.gender, query.gender));
  if (query.ageGroup) where.push(eq(r.ageGroup, query.ageGroup));
  if (needle) where.push(sql`${r.searchText} like ${`%${escapeLike(needle)}%`} escape '\\'`);
  const condition = and(...where);
  const { n } = only(await db.select({ n: count() }).from(r).where(condition), "count");
  const rows = await db
    .select()
    .from(r)
    .where(condition)
    .orderBy(asc(r.position))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { total: Number(n), page, pageSize, version, results: rows.map((row) => toResultView(row, distanceMeters)) };
}

function pageKey(version: number, query: ResultsQuery): string {
  const needle = query.q ? (searchNeedle(query.q) ?? "") : "";
  return `page:${version}:${query.gender ?? ""}:${query.ageGroup ?? ""}:${needle}:${query.page ?? 1}:${query.pageSize ?? DEFAULT_PAGE_SIZE}`;
}

export async function listRaceResults(eventSlug: string, raceSlug: string, query: ResultsQuery = {}): Promise<ResultsPage> {
  const { race } = await publicRace(eventSlug, raceSlug);
  const { version } = await resultsVersion(race.id);
  return cachedResults(race.id, pageKey(version, query), () => loadPage(race.id, race.distanceMeters, version, query));
}

/**
 * The same as listRaceResults, as the API's answer as ready bytes with their ETag (server/api/ready-body.ts), made once per results version and
 * query: a new version (an import here, or in another process once this one knows it: server/results/live.ts)
 * keys new bytes and a new ETag at once.
 */
export async function listRaceResultsBody(eventSlug: string, raceSlug: string, query: ResultsQuery = {}): Promise<ReadyBody> {
  const { race } = await publicRace(eventSlug, raceSlug);
  const { version } = await resultsVersion(race.id);
  return cachedResults(race.id, `json:${pageKey(version, query)}`, async () =>
    readyBody(JSON.stringify(await cachedResults(race.id, pageKey(version, query), () => loadPage(race.id, race.distanceMeters, version, query)))),
  );
}

export async function getRunnerResult(eventSlug: string, raceSlug: string, bib: string): Promise<{ race: RaceResultsInfo; result: ResultView }> {
  const { event, race } = await publicRace(eventSlug, raceSlug);
  // A value that cannot be a bib has no result: not looked up, not cached.
  if (!isResultBib(bib)) throw new DomainError("not_found", "No result for this bib in this race.");
  const info = await loadInfo(event, race);
  const wanted = resultBib(bib);
  const result = await cachedResults(race.id, `bib:${info.version}:${wanted}`, async () => {
    const { db, schema } = getConnection();
    const [row] = await db
      .select()
      .from(schema.results)
      .where(and(eq(schema.results.raceId, race.id), eq(schema.results.bib, wanted)))
      .limit(1);
    return row ? toResultView(row, race.distanceMeters) : null;
  });
  if (!result) throw new DomainError("not_found", `No result for bib ${wanted} in this race.`);
  return { race: info, result };
}

/**
 * The race's results as CSV, in leaderboard order, in the import's own format (bib, name, gender, age, gun_time,
 * net_time, status, split_<label>: times exact to the millisecond) plus the places, so the file can be imported again.
 */
export async function raceResultsCsv(eventSlug: string, raceSlug: string): Promise<string> {
  const { event, race } = await publicRace(eventSlug, raceSlug);
  const info = await loadInfo(event, race);
  return cachedResults(race.id, `csv:${info.version}`, async () => {
    const { db, schema } = getConnection();
    const rows = await db.select().from(schema.results).where(eq(schema.results.raceId, race.id)).orderBy(asc(schema.results.position));
    const labels = [...info.splitLabels];
    for (const row of rows) for (const s of row.splits) if (!labels.includes(s.label)) labels.push(s.label);
    const time = (ms: number | null) => (ms === null ? "" : formatRaceTimeExact(ms));
    const header = ["place", "bib", "name", "latin_name", "gender", "age", "age_group", "gun_time", "net_time", "status", "gender_place", "age_group_place", ...labels.map((l) => `split_${l}`)];
    const body = rows.map((row) => {
      const splits = new Map(row.splits.map((s) => [s.label, s.elapsedMs]));
      return [
        row.placeOverall ?? "",
        row.bib,
        neutralizeCsvCell(row.name ?? ""),
        neutralizeCsvCell(row.latinName ?? ""),
        row.gender ?? "",
        row.age ?? "",
        row.ageGroup ?? "",
        time(row.gunTimeMs),
        time(row.netTimeMs),
        row.status,
        row.placeGender ?? "",
        row.placeAgeGroup ?? "",
        ...labels.map((l) => time(splits.get(l) ?? null)),
      ];
    });
    return stringify([header, ...body]);
  });
}
