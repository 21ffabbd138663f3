/**
 * What the results pages show for one result (issue 5): times rounded up to the whole second (core/results/time.ts),
 * the race's official time first (gun, or net when the race ranks by net), and the addresses of the pages and the
 * API they read. Pure: used by server pages and client components alike.
 */
import { formatRaceTime } from "../../../core/results/time";
import type { RankBy } from "../../../core/domain";
import type { ResultsPage, ResultsQuery, ResultView } from "../../../server/results/types";

/** `2:09:18`, or an en dash when there is no time. */
export function showTime(ms: number | null): string {
  return ms === null ? "–" : formatRaceTime(ms);
}

/** The official time (on the race's basis) and the other one. */
export function officialTimes(result: Pick<ResultView, "gunTimeMs" | "netTimeMs">, rankBy: RankBy) {
  return rankBy === "net"
    ? { official: result.netTimeMs ?? result.gunTimeMs, other: result.gunTimeMs, otherKind: "gun" as const }
    : { official: result.gunTimeMs, other: result.netTimeMs, otherKind: "net" as const };
}

const segment = (s: string) => encodeURIComponent(s);

/** Public page paths (with the locale prefix). */
export const resultsPaths = {
  event: (locale: string, event: string) => `/${locale}/events/${segment(event)}/results`,
  race: (locale: string, event: string, race: string) => `/${locale}/events/${segment(event)}/results/${segment(race)}`,
  runner: (locale: string, event: string, race: string, bib: string) =>
    `/${locale}/events/${segment(event)}/results/${segment(race)}/${segment(bib)}`,
};

/** Public JSON API paths (docs/api.md). */
export const resultsApi = {
  list: (event: string, race: string) => `/api/v1/events/${segment(event)}/races/${segment(race)}/results`,
  runner: (event: string, race: string, bib: string) => `/api/v1/events/${segment(event)}/races/${segment(race)}/results/${segment(bib)}`,
  live: (event: string, race: string) => `/api/v1/events/${segment(event)}/races/${segment(race)}/results/live`,
  certificate: (event: string, race: string, bib: string, locale: string) =>
    `/api/v1/events/${segment(event)}/races/${segment(race)}/results/${segment(bib)}/certificate.pdf?locale=${locale}`,
};

/** The leaderboard's view as the address keeps it (`?gender=F&ageGroup=F40-44&q=zhang&page=2`). */
export interface LeaderboardView {
  gender: "" | "M" | "F" | "X";
  ageGroup: string;
  q: string;
  page: number;
}

/**
 * Rows per leaderboard page: a phone shows eight or so at a time, and the cached first page is what race-day traffic
 * downloads (half the bytes of the API's default 50).
 */
export const LEADERBOARD_PAGE_SIZE = 25;

export const DEFAULT_VIEW: LeaderboardView = { gender: "", ageGroup: "", q: "", page: 1 };

export function viewFromSearch(search: string): LeaderboardView {
  const params = new URLSearchParams(search);
  const gender = params.get("gender") ?? "";
  const page = Number(params.get("page"));
  return {
    gender: gender === "M" || gender === "F" || gender === "X" ? gender : "",
    ageGroup: params.get("ageGroup") ?? "",
    q: (params.get("q") ?? "").slice(0, 100),
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

/** The query string of a view, without the defaults (`""` for the default view). */
export function searchOfView(view: LeaderboardView): string {
  const params = new URLSearchParams();
  if (view.gender) params.set("gender", view.gender);
  if (view.ageGroup) params.set("ageGroup", view.ageGroup);
  if (view.q.trim()) params.set("q", view.q.trim());
  if (view.page > 1) params.set("page", String(view.page));
  const text = params.toString();
  return text ? `?${text}` : "";
}

export function isDefaultView(view: LeaderboardView): boolean {
  return searchOfView(view) === "";
}

export function queryOfView(view: LeaderboardView, pageSize: number): ResultsQuery {
  return {
    ...(view.gender ? { gender: view.gender } : {}),
    ...(view.ageGroup ? { ageGroup: view.ageGroup } : {}),
    ...(view.q.trim() ? { q: view.q.trim() } : {}),
    page: view.page,
    pageSize,
  };
}

/**
 * A leaderboard row as the cached page carries it to the browser: an array instead of an object with key names,
 * and only what the table shows (no splits, age or pace, which the table works out from the rank time). Fifty rows
 * take about a third of the bytes, and every race-day request pays for them. `unpackRow` gives back a ResultView.
 */
export type PackedRow = [
  bib: string,
  name: string | null,
  latinName: string | null,
  gender: ResultView["gender"],
  ageGroup: string | null,
  status: ResultView["status"],
  gunTimeMs: number | null,
  netTimeMs: number | null,
  rankTimeMs: number | null,
  overall: number | null,
  genderPlace: number | null,
  ageGroupPlace: number | null,
];

export interface PackedPage {
  total: number;
  page: number;
  pageSize: number;
  version: number;
  rows: PackedRow[];
}

export function packPage(page: ResultsPage): PackedPage {
  return {
    total: page.total,
    page: page.page,
    pageSize: page.pageSize,
    version: page.version,
    rows: page.results.map((r) => [
      r.bib,
      r.name,
      r.latinName,
      r.gender,
      r.ageGroup,
      r.status,
      r.gunTimeMs,
      r.netTimeMs,
      r.rankTimeMs,
      r.places.overall,
      r.places.gender,
      r.places.ageGroup,
    ]),
  };
}

export function unpackPage(packed: PackedPage): ResultsPage {
  return {
    total: packed.total,
    page: packed.page,
    pageSize: packed.pageSize,
    version: packed.version,
    results: packed.rows.map(([bib, name, latinName, gender, ageGroup, status, gunTimeMs, netTimeMs, rankTimeMs, overall, genderPlace, ageGroupPlace]) => ({
      bib,
      name,
      latinName,
      gender,
      age: null,
      ageGroup,
      status,
      gunTimeMs,
      netTimeMs,
      rankTimeMs,
      places: { overall, gender: genderPlace, ageGroup: ageGroupPlace },
      paceSecondsPerKm: null,
      splits: [],
    })),
  };
}
