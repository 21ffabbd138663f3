/**
 * The clock every test runs at (docs/testing.md "Time"): the system clock is set to TEST_NOW when each test
 * starts, and runs on from there at its real pace. Code that reads `new Date()` or `Date.now()` and a test that
 * passes `now: TEST_NOW` then agree, whatever day the suite runs on; the fixtures' dates (test/factories.ts:
 * registration open from 2026-11-01 to 2027-03-15, race day 2027-04-18) are written against this moment.
 *
 * Only the wall clock moves: timers, `performance.now()` and durations are untouched, and a Date made from a
 * value (`new Date("2027-01-01")`) is that value. Every Date is still a real Date (`instanceof` holds both ways).
 */

/** The moment each test starts at: registration of the factories' event is open, before the early-bird tier ends. */
export const TEST_NOW = new Date("2026-12-01T04:00:00Z");

const RealDate = globalThis.Date;
let offsetMs = 0;

type DateArgs = [] | [string | number | Date] | [number, number, ...number[]];

function ShiftedDate(this: unknown, ...args: DateArgs): Date | string {
  // Called without `new`, Date() gives the current time as a string.
  if (!new.target) return new RealDate(RealDate.now() + offsetMs).toString();
  if (args.length === 0) return new RealDate(RealDate.now() + offsetMs);
  return new (RealDate as unknown as new (...a: DateArgs) => Date)(...args);
}
ShiftedDate.prototype = RealDate.prototype;
ShiftedDate.now = () => RealDate.now() + offsetMs;
ShiftedDate.parse = RealDate.parse;
ShiftedDate.UTC = RealDate.UTC;

let installed = false;

/** Sets the system clock to `at` (it runs on from there). Installs the shifted clock on first use. */
export function setTestClock(at: Date | number): void {
  if (!installed) {
    globalThis.Date = ShiftedDate as unknown as DateConstructor;
    installed = true;
  }
  offsetMs = (typeof at === "number" ? at : at.getTime()) - RealDate.now();
}

/** The real time, whatever the test clock says (for a test about the day it actually runs on). */
export function realNow(): number {
  return RealDate.now();
}

/**
 * For a process a test starts (test/register-worker.ts): the parent passes its clock as FINISHLINE_TEST_CLOCK
 * (`Date.now()` at spawn, with the real time beside it) so both processes read the same time.
 */
export function clockEnvForChild(): Record<string, string> {
  return { FINISHLINE_TEST_CLOCK: `${Date.now()}@${RealDate.now()}` };
}

export function setTestClockFromEnv(): void {
  const value = process.env.FINISHLINE_TEST_CLOCK;
  if (!value) return;
  const [shifted, real] = value.split("@").map(Number);
  if (shifted === undefined || real === undefined) throw new Error(`FINISHLINE_TEST_CLOCK is not <shifted ms>@<real ms>: ${value}`);
  setTestClock(shifted + (RealDate.now() - real));
}
