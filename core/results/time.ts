/**
 * Race times: parsing what timing files hold and formatting what spectators see (issue 5).
 *
 * Accepted: `h:mm:ss`, `h:mm:ss.f` (1 to 3 fraction digits, so milliseconds at most), `mm:ss` and `mm:ss.f`
 * (under 60 minutes). Hours take 1 to 3 digits, so `12:03:04` and ultra times are fine. `-` or an empty cell
 * means "no time". Everything else is refused with a message that says why, never guessed: in particular a
 * spreadsheet day fraction such as `0.124548611` is refused, because a number without colons could as well be
 * seconds or minutes, and even read as a fraction of a day it need not be the right time.
 */

export type ParsedTime = { ok: true; ms: number | null } | { ok: false; message: string };

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;

// Patterns without nested repetition (no backtracking blow-up): the fraction is split off first.
const DIGITS = /^[0-9]+$/;
const HMS = /^([0-9]{1,3}):([0-5][0-9]):([0-5][0-9])$/;
const FRACTION = /^[0-9]{1,3}$/;
const PLAIN_NUMBER = /^[0-9]*\.?[0-9]*$/;
const EXPECTED = "write times as h:mm:ss, h:mm:ss.f or mm:ss";

/** Parses one time cell. `ms` is null for a missing time (`-` or empty). */
export function parseRaceTime(text: string): ParsedTime {
  const value = text.trim();
  if (value === "" || value === "-") return { ok: true, ms: null };
  const dot = value.indexOf(".");
  const clockText = dot === -1 ? value : value.slice(0, dot);
  const fraction = dot === -1 ? "" : value.slice(dot + 1);
  const hms = HMS.exec(clockText);
  if (hms !== null && (dot === -1 || FRACTION.test(fraction))) {
    const millis = fraction === "" ? 0 : Number(fraction.padEnd(3, "0"));
    return { ok: true, ms: Number(hms[1]) * MS_PER_HOUR + Number(hms[2]) * MS_PER_MINUTE + Number(hms[3]) * MS_PER_SECOND + millis };
  }

  // Not the common h:mm:ss(.f): mm:ss, or a refusal with its reason.
  const quoted = () => JSON.stringify(value);
  if (value.startsWith("-")) return fail(`${quoted()}: a time cannot be negative`);
  if (!value.includes(":")) {
    if (!PLAIN_NUMBER.test(value)) return fail(`${quoted()} is not a time; ${EXPECTED}`);
    const n = Number(value);
    if (Number.isNaN(n)) return fail(`${quoted()} is not a time; ${EXPECTED}`);
    // No guess at the time it stands for: in the Boston file it reads 2:59:21 as a clock, but the published
    // places put the runner at 2:59:00 (boston.test.ts).
    if (value.includes(".") && n > 0 && n < 1) return fail(`${quoted()} looks like a spreadsheet day fraction, not a time; ${EXPECTED}`);
    return fail(`${quoted()} is a number, not a time; ${EXPECTED}`);
  }

  const parts = clockText.split(":");
  if (parts.length > 3 || !parts.every((p) => DIGITS.test(p)) || (dot !== -1 && fraction !== "" && !DIGITS.test(fraction)))
    return fail(`${quoted()} is not a time; ${EXPECTED}`);
  if (dot !== -1 && (fraction.length === 0 || fraction.length > 3))
    return fail(`${quoted()}: give 1 to 3 digits after the point (milliseconds at most)`);
  const withHours = parts.length === 3;
  // Two or three parts here (the value has a colon, and no more than three parts): the defaults are never read.
  const [h = "", min = "", s = ""] = withHours ? parts : ["0", ...parts];
  if (withHours && h.length > 3) return fail(`${quoted()}: too many hours`);
  if (withHours && (min.length !== 2 || s.length !== 2)) return fail(`${quoted()}: minutes and seconds take two digits (h:mm:ss)`);
  const minutes = Number(min);
  const seconds = Number(s);
  if (!withHours && minutes >= 60 && s.length === 2) return fail(`${quoted()}: 60 minutes or more must be written as h:mm:ss`);
  if (!withHours && (min.length > 2 || s.length !== 2)) return fail(`${quoted()} is not a time; ${EXPECTED}`);
  if (minutes >= 60) return fail(`${quoted()}: minutes must be 00 to 59`);
  if (seconds >= 60) return fail(`${quoted()}: seconds must be 00 to 59`);
  const millis = fraction === "" ? 0 : Number(fraction.padEnd(3, "0"));
  return { ok: true, ms: Number(h) * MS_PER_HOUR + minutes * MS_PER_MINUTE + seconds * MS_PER_SECOND + millis };
}

function fail(message: string): ParsedTime {
  return { ok: false, message };
}

const pad2 = (n: number) => String(n).padStart(2, "0");

function clock(totalSeconds: number): string {
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  return `${h}:${pad2(m)}:${pad2(totalSeconds % 60)}`;
}

/**
 * A time as shown: `h:mm:ss`, rounded UP to the whole second (a runner timed 2:09:17.001 did not run 2:09:17),
 * always with hours so `1:05` can never be read as either 1 h 5 min or 1 min 5 s.
 */
export function formatRaceTime(ms: number): string {
  return clock(Math.ceil(ms / MS_PER_SECOND));
}

/** The exact time, `h:mm:ss.fff` (or `h:mm:ss` on a whole second), for files: `parseRaceTime` reads it back exactly. */
export function formatRaceTimeExact(ms: number): string {
  const millis = ms % MS_PER_SECOND;
  const base = clock((ms - millis) / MS_PER_SECOND);
  return millis === 0 ? base : `${base}.${String(millis).padStart(3, "0")}`;
}

export type PaceUnit = "km" | "mi";
export const METERS_PER_MILE = 1609.344;

/** Seconds per kilometre or per mile, unrounded (API field `paceSecondsPerKm`). */
export function paceSeconds(timeMs: number, distanceMeters: number, unit: PaceUnit): number {
  const units = distanceMeters / (unit === "km" ? 1000 : METERS_PER_MILE);
  return timeMs / MS_PER_SECOND / units;
}

/**
 * Pace as shown, `4:59 /km` or `8:01 /mi`, rounded UP to the whole second like the times (the Boston
 * Marathon's published pace column is rounded the same way). Over an hour per unit it reads `1:02:03 /km`.
 */
export function formatPace(timeMs: number, distanceMeters: number, unit: PaceUnit): string {
  // Rounded to a microsecond first, so float noise (299.00000000000006) does not add a second.
  const seconds = Math.ceil(Math.round(paceSeconds(timeMs, distanceMeters, unit) * 1e6) / 1e6);
  const text = seconds >= 3600 ? clock(seconds) : `${Math.floor(seconds / 60)}:${pad2(seconds % 60)}`;
  return `${text} /${unit}`;
}
