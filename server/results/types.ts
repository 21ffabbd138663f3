/**
 * What the results service answers (issue 5): the API's shapes (docs/api.md) and what the pages render.
 * Times are whole milliseconds; pages round them up to the whole second (core/results/time.ts formatRaceTime).
 */
import type { ColumnMapping, ImportError, ImportedResult } from "../../core/results/import-file";
import type { Gender, RankBy, ResultSplit, ResultStatus } from "../../core/domain";

export interface ResultPlaces {
  overall: number | null;
  gender: number | null;
  ageGroup: number | null;
}

/** One runner's result: an item of `GET …/results` and the body of `GET …/results/{bib}`. */
export interface ResultView {
  bib: string;
  /** Native script as entered (e.g. 张伟), or the file's name for a runner without an entry. */
  name: string | null;
  /** The entry's Latin spelling (e.g. ZHANG Wei), when there is one. */
  latinName: string | null;
  gender: Gender | null;
  /** Age on race day. */
  age: number | null;
  ageGroup: string | null;
  status: ResultStatus;
  gunTimeMs: number | null;
  netTimeMs: number | null;
  /** The time the runner is ranked by on the race's basis (null when not placed). */
  rankTimeMs: number | null;
  places: ResultPlaces;
  /** Of the rank time over the race's distance; null when not placed. */
  paceSecondsPerKm: number | null;
  splits: ResultSplit[];
}

export interface LocalizedName {
  zh: string;
  en: string;
}

/** A race's results as a whole: headings, filters and the version the live pages watch. */
export interface RaceResultsInfo {
  eventSlug: string;
  eventName: LocalizedName;
  /** `YYYY-MM-DD` in the event's timezone. */
  eventDate: string;
  timezone: string;
  raceSlug: string;
  raceName: LocalizedName;
  distanceMeters: number;
  rankBy: RankBy;
  /** Age-group labels that occur in this race's results, sorted (F18-39, F40-44, …, M18-39, …). */
  ageGroups: string[];
  /** Split labels in course order, as the results carry them. */
  splitLabels: string[];
  /** Results rows, and of them finishers. */
  total: number;
  finishers: number;
  /** Bumped by every import that changes the race's results; 0 before the first. */
  version: number;
  updatedAt: string | null;
}

export interface ResultsQuery {
  gender?: Gender;
  ageGroup?: string;
  /** Bib (exact, case-insensitive) or part of a name: any script, case- and accent-insensitive, pinyin for Chinese. */
  q?: string;
  /** From 1 (default 1). */
  page?: number;
  /** 1..1000 (default 50). */
  pageSize?: number;
}

export interface ResultsPage {
  total: number;
  page: number;
  pageSize: number;
  version: number;
  results: ResultView[];
}

/** What a valid file would do, before anything is written (the admin upload's preview). */
export type ResultsFilePreview =
  | {
      ok: true;
      columns: ColumnMapping[];
      splitLabels: string[];
      rowCount: number;
      /** The first rows as read (at most 10). */
      rows: ImportedResult[];
      /** Of all rows: bibs that belong to an entry of this race (their entry's name, gender and age are used). */
      matchedEntries: number;
    }
  | { ok: false; errors: ImportError[]; errorCount: number };

export interface ImportSummary {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  version: number;
}
