/**
 * Age groups from a race's lower bounds (issue 5; docs/api.md "Race": `ageGroupBounds`, e.g. 18,40,45,…,80).
 * Bounds [18, 40, 45, 80] make the groups 18-39, 40-44, 45-79 and 80+; the label puts the gender first:
 * `M18-39`, `F40-44`, `X80+`.
 *
 * A runner younger than the first bound, or without an age or a gender, is in no age group (null): placed
 * overall and by gender but not in an age group. A race that wants a junior group says so with a lower first
 * bound (bounds [0, 18, 40] give `M0-17`).
 */
import { ageOnDate } from "../age";
import type { Gender } from "./types";

/** Null when the bounds are usable (whole numbers from 0 to 120, strictly increasing), otherwise why not. */
export function checkAgeGroupBounds(bounds: readonly number[]): string | null {
  for (const [i, b] of bounds.entries()) {
    if (!Number.isInteger(b) || b < 0 || b > 120) return `age group bound ${b} is not a whole number from 0 to 120`;
    const previous = bounds[i - 1];
    if (previous !== undefined && b <= previous) return `age group bounds must increase (${previous} then ${b})`;
  }
  return null;
}

/** `18-39`, `80+`, or null when `age` is below the first bound. Bounds are assumed valid (checkAgeGroupBounds). */
export function ageBand(age: number, bounds: readonly number[]): string | null {
  for (const [i, from] of [...bounds.entries()].reverse()) {
    if (age < from) continue;
    const next = bounds[i + 1];
    return next === undefined ? `${from}+` : `${from}-${next - 1}`;
  }
  return null;
}

/** `M40-44`, `F80+`, `X18-39`; null without a gender or an age, or below the first bound. */
export function ageGroupOf(gender: Gender | null, age: number | null, bounds: readonly number[]): string | null {
  if (gender === null || age === null) return null;
  const band = ageBand(age, bounds);
  return band === null ? null : `${gender}${band}`;
}

/** Every label of a race, youngest first for each gender (filters on the results pages). */
export function ageGroupLabels(bounds: readonly number[], genders: readonly Gender[] = ["F", "M", "X"]): string[] {
  return genders.flatMap((g) => bounds.map((from) => ageGroupOf(g, from, bounds) as string));
}

/**
 * Age on race day for ranking: from the birth date when there is one (an entry's, or the file's `birth_date`),
 * otherwise the age given in the file. `raceDate` is the race's calendar date `YYYY-MM-DD` in its timezone.
 */
export function ageOnRaceDay(runner: { age: number | null; birthDate: string | null }, raceDate: string): number | null {
  return runner.birthDate !== null ? ageOnDate(runner.birthDate, raceDate) : runner.age;
}
