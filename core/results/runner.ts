/**
 * Who a result belongs to (issue 5): when the bib belongs to an entry, the entry's name, gender and birth date
 * are used; otherwise the results file's. Results may be imported for runners who entered elsewhere.
 */
import { ageOnRaceDay } from "./age-groups";
import type { Gender } from "./types";

/** The entry's details; `name` as the pages show it (the caller composes family and given name). */
export interface EntryDetails {
  name: string;
  gender: Gender;
  birthDate: string;
}

export interface FileDetails {
  name: string | null;
  gender: Gender | null;
  age: number | null;
  birthDate: string | null;
}

export interface RunnerDetails {
  name: string | null;
  gender: Gender | null;
  /** Age on race day. */
  age: number | null;
  fromEntry: boolean;
}

/** `raceDate`: the race's calendar date `YYYY-MM-DD` in the event's timezone. */
export function resolveRunner(file: FileDetails, entry: EntryDetails | null, raceDate: string): RunnerDetails {
  if (entry !== null) return { name: entry.name, gender: entry.gender, age: ageOnRaceDay({ age: null, birthDate: entry.birthDate }, raceDate), fromEntry: true };
  return { name: file.name, gender: file.gender, age: ageOnRaceDay(file, raceDate), fromEntry: false };
}
