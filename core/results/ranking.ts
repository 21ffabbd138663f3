/**
 * Places from results (issue 5; docs/architecture.md "Rules and where they live"). One pure function, called after every import, so derived
 * places can always be rebuilt from the stored results.
 *
 * - Only `finished` runners are placed: overall, within their gender, and within gender x age group.
 * - The rank time is the race's basis: `gun`, or `net` (chip). On the net basis a runner without a net time is
 *   ranked by the gun time (no start-mat read: they are taken to have started with the gun). On the gun basis a
 *   gun time is required; a net time is never used in its place, because it would be shorter.
 * - Times are compared to the millisecond; equal times share a place and the next place is skipped (1, 2, 2, 4).
 * - Order: finishers by rank time, ties by bib (compareBibs); then dnf, dq and dns, each by bib. The order does
 *   not depend on the order of the input.
 * - A finished runner without a rank time is a bug upstream (the import refuses such a row): it throws.
 */
import { ageGroupOf } from "./age-groups";
import { compareBibs } from "../bibs";
import type { Gender, RankBy, ResultStatus } from "./types";

export interface RankInput {
  bib: string;
  gender: Gender | null;
  /** Age on race day (ageOnRaceDay). */
  age: number | null;
  status: ResultStatus;
  gunTimeMs: number | null;
  netTimeMs: number | null;
}

export interface RankOptions {
  rankBy: RankBy;
  /** Lower bounds of the age groups, increasing (checkAgeGroupBounds). */
  ageGroupBounds: readonly number[];
}

/** Places among finishers; gender and age group are null when the runner has none (see age-groups.ts). */
export interface Places {
  overall: number;
  gender: number | null;
  ageGroup: number | null;
}

export interface RankedResult<T extends RankInput> {
  result: T;
  /** Age group label (`M40-44`), for every runner, finishers or not. */
  ageGroup: string | null;
  /** The time the finisher is ranked by; null for runners who are not placed. */
  rankTimeMs: number | null;
  /** Null for dnf, dns and dq. */
  places: Places | null;
}

/** The time a result is ranked by on `rankBy`, or null. */
export function rankTimeOf(result: Pick<RankInput, "gunTimeMs" | "netTimeMs">, rankBy: RankBy): number | null {
  return rankBy === "net" ? (result.netTimeMs ?? result.gunTimeMs) : result.gunTimeMs;
}

const UNPLACED_ORDER: Record<Exclude<ResultStatus, "finished">, number> = { dnf: 0, dq: 1, dns: 2 };

interface GroupPlace {
  count: number;
  lastTime: number;
  lastPlace: number;
}

/** Competition ranking within one group, fed in time order: a time equal to the previous one gets its place. */
function nextPlace(groups: Map<string, GroupPlace>, key: string, time: number): number {
  const g = groups.get(key);
  if (g === undefined) {
    groups.set(key, { count: 1, lastTime: time, lastPlace: 1 });
    return 1;
  }
  g.count += 1;
  if (time !== g.lastTime) {
    g.lastTime = time;
    g.lastPlace = g.count;
  }
  return g.lastPlace;
}

/**
 * Age group labels memoised per gender and age: a race has a few hundred distinct pairs, and building the label
 * string for each of 30,000 runners was a measurable part of a re-rank.
 */
function ageGroupLookup(bounds: readonly number[]): (gender: Gender | null, age: number | null) => string | null {
  const memo = new Map<string, string | null>();
  return (gender, age) => {
    if (gender === null || age === null) return null;
    const key = gender + age;
    let label = memo.get(key);
    if (label === undefined) {
      label = ageGroupOf(gender, age, bounds);
      memo.set(key, label);
    }
    return label;
  };
}

/** Every result with its age group and places, in listing order (see the module comment). */
export function rankResults<T extends RankInput>(results: readonly T[], options: RankOptions): RankedResult<T>[] {
  const ageGroupFor = ageGroupLookup(options.ageGroupBounds);
  const finishers: { result: T; ageGroup: string | null; time: number }[] = [];
  const others: RankedResult<T>[] = [];
  for (const result of results) {
    const ageGroup = ageGroupFor(result.gender, result.age);
    if (result.status !== "finished") {
      others.push({ result, ageGroup, rankTimeMs: null, places: null });
      continue;
    }
    const time = rankTimeOf(result, options.rankBy);
    if (time === null) throw new Error(`bib ${result.bib} finished without a ${options.rankBy} time`);
    finishers.push({ result, ageGroup, time });
  }

  // The comparator stays cheap: bibs are compared only on equal times.
  finishers.sort((a, b) => a.time - b.time || compareBibs(a.result.bib, b.result.bib));
  others.sort(
    (a, b) =>
      UNPLACED_ORDER[a.result.status as keyof typeof UNPLACED_ORDER] - UNPLACED_ORDER[b.result.status as keyof typeof UNPLACED_ORDER] ||
      compareBibs(a.result.bib, b.result.bib),
  );

  const genders = new Map<string, GroupPlace>();
  const ageGroups = new Map<string, GroupPlace>();
  const ranked: RankedResult<T>[] = [];
  let overall = 0;
  let lastTime = -1;
  for (const [k, { result, ageGroup, time }] of finishers.entries()) {
    if (time !== lastTime) {
      overall = k + 1;
      lastTime = time;
    }
    const places: Places = {
      overall,
      gender: result.gender === null ? null : nextPlace(genders, result.gender, time),
      ageGroup: ageGroup === null ? null : nextPlace(ageGroups, ageGroup, time),
    };
    ranked.push({ result, ageGroup, rankTimeMs: time, places });
  }
  for (const other of others) ranked.push(other);
  return ranked;
}
