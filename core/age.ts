/**
 * Age on race day: whole years completed on the event's calendar date (docs/architecture.md "Rules and where they live").
 * Both dates are calendar dates `YYYY-MM-DD` (the race day is already in the event's timezone).
 * A person born on 29 February turns a year older on 1 March in common years.
 */

/**
 * Age on race day below which a runner is a minor: registration asks for a guardian (core/registration-input.ts),
 * and the pickup desk checks the guardian (server/pickup/runner.ts).
 */
export const ADULT_AGE = 18;

/** Whether someone of this age on race day is a minor. */
export function isMinor(age: number): boolean {
  return age < ADULT_AGE;
}

export function ageOnDate(birthDate: string, onDate: string): number {
  // A part a malformed date lacks is NaN, as Number(undefined) would be: the age comes out NaN, not a guess.
  const [by = NaN, bm = NaN, bd = NaN] = birthDate.split("-").map(Number);
  const [y = NaN, m = NaN, d = NaN] = onDate.split("-").map(Number);
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age -= 1;
  return age;
}
