/**
 * The one function that turns a race's stored results into what the pages show (issue 5, "Derived results are
 * recomputed by one function after each import"): who each bib is (the entry's details when the bib belongs to
 * one, otherwise the file's), age on race day, age group, places, leaderboard position and search text.
 * Pure over its inputs; the import and the rebuild from chip reads (server/results/) both call it with the whole race.
 */
import type { Gender, RankBy, ResultSource, ResultSplit, ResultStatus } from "../domain";
import { nativeName } from "../names";
import { ageGroupOf } from "./age-groups";
import { rankResults } from "./ranking";
import { resolveRunner } from "./runner";
import { searchTextOf } from "./search-text";

/**
 * A stored result, as the `results` table holds it (db/schema.*.ts; race-rows.test.ts checks that the schema's row
 * type and this one are the same type).
 */
export interface ResultRow {
  id: string;
  eventId: string;
  raceId: string;
  bib: string;
  registrationId: string | null;
  source: ResultSource;
  fileName: string | null;
  fileGender: Gender | null;
  fileAge: number | null;
  fileBirthDate: string | null;
  status: ResultStatus;
  gunTimeMs: number | null;
  netTimeMs: number | null;
  splits: ResultSplit[];
  name: string | null;
  latinName: string | null;
  gender: Gender | null;
  age: number | null;
  ageGroup: string | null;
  rankTimeMs: number | null;
  placeOverall: number | null;
  placeGender: number | null;
  placeAgeGroup: number | null;
  position: number;
  searchText: string;
  createdAt: Date;
  updatedAt: Date;
}

/** What an import or a rebuild decides about a bib; the rest of a row is derived. */
export type RawResult = Pick<
  ResultRow,
  "id" | "bib" | "source" | "fileName" | "fileGender" | "fileAge" | "fileBirthDate" | "status" | "gunTimeMs" | "netTimeMs" | "splits" | "createdAt" | "updatedAt"
>;

/** A confirmed entry that holds a bib of the event. */
export interface EntryForResult {
  id: string;
  raceId: string;
  bib: string;
  familyName: string;
  givenName: string;
  latinName: string | null;
  gender: Gender;
  birthDate: string;
}

export interface RaceForRows {
  id: string;
  eventId: string;
  rankBy: RankBy;
  ageGroupBounds: number[];
  /** `YYYY-MM-DD`: the event's date (age on race day). */
  raceDate: string;
}

/** Every row of the race, in leaderboard order (position 1..n). `entries` by normalized bib. */
export function buildRaceRows(race: RaceForRows, raw: readonly RawResult[], entries: ReadonlyMap<string, EntryForResult>): ResultRow[] {
  const resolved = raw.map((r) => {
    const entry = entries.get(r.bib);
    const inRace = entry && entry.raceId === race.id ? entry : null;
    const runner = resolveRunner(
      { name: r.fileName, gender: r.fileGender, age: r.fileAge, birthDate: r.fileBirthDate },
      inRace ? { name: nativeName(inRace), gender: inRace.gender, birthDate: inRace.birthDate } : null,
      race.raceDate,
    );
    return { raw: r, entry: inRace, runner, bib: r.bib, gender: runner.gender, age: runner.age, status: r.status, gunTimeMs: r.gunTimeMs, netTimeMs: r.netTimeMs };
  });
  const ranked = rankResults(resolved, { rankBy: race.rankBy, ageGroupBounds: race.ageGroupBounds });
  return ranked.map(({ result, ageGroup, rankTimeMs, places }, index) => {
    const latinName = result.entry?.latinName ?? null;
    return {
      ...result.raw,
      eventId: race.eventId,
      raceId: race.id,
      registrationId: result.entry?.id ?? null,
      name: result.runner.name,
      latinName,
      gender: result.runner.gender,
      age: result.runner.age,
      ageGroup: ageGroup ?? ageGroupOf(result.runner.gender, result.runner.age, race.ageGroupBounds),
      rankTimeMs,
      placeOverall: places?.overall ?? null,
      placeGender: places?.gender ?? null,
      placeAgeGroup: places?.ageGroup ?? null,
      position: index + 1,
      searchText: searchTextOf({ bib: result.raw.bib, name: result.runner.name, latinName }),
    };
  });
}

const COMPARED: (keyof ResultRow)[] = [
  "raceId",
  "registrationId",
  "source",
  "fileName",
  "fileGender",
  "fileAge",
  "fileBirthDate",
  "status",
  "gunTimeMs",
  "netTimeMs",
  "name",
  "latinName",
  "gender",
  "age",
  "ageGroup",
  "rankTimeMs",
  "placeOverall",
  "placeGender",
  "placeAgeGroup",
  "position",
  "searchText",
];

/** Whether a stored row differs from a rebuilt one in anything but its timestamps. */
export function rowChanged(stored: ResultRow, next: ResultRow): boolean {
  for (const key of COMPARED) if ((stored[key] ?? null) !== (next[key] ?? null)) return true;
  return JSON.stringify(stored.splits) !== JSON.stringify(next.splits);
}

/** Whether the file (or the reads) say something new about a bib: the raw fields only. */
export function rawChanged(stored: RawResult, next: Omit<RawResult, "id" | "createdAt" | "updatedAt">): boolean {
  return (
    stored.source !== next.source ||
    stored.fileName !== next.fileName ||
    stored.fileGender !== next.fileGender ||
    stored.fileAge !== next.fileAge ||
    stored.fileBirthDate !== next.fileBirthDate ||
    stored.status !== next.status ||
    stored.gunTimeMs !== next.gunTimeMs ||
    stored.netTimeMs !== next.netTimeMs ||
    JSON.stringify(stored.splits) !== JSON.stringify(next.splits)
  );
}
