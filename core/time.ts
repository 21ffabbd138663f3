/** Instants and local times in an event's timezone (luxon does the calendar work). */
import { DateTime, IANAZone } from "luxon";

export function isValidTimezone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/**
 * Parses an ISO 8601 date-time. With an offset (`2026-04-19T07:30:00+08:00`, `…Z`) it is taken as is;
 * without one (`2026-04-19T07:30`) it is local time in `zone`. Returns null for anything else.
 */
export function parseInstant(value: string, zone: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const dt = DateTime.fromISO(value, { zone, setZone: true });
  return dt.isValid ? dt.toJSDate() : null;
}

/**
 * A calendar date `YYYY-MM-DD` that exists (proleptic Gregorian, as luxon and ISO 8601 count). Checked with a Date
 * rather than luxon: it runs for every participant of every registration, and luxon's parser was a measurable share
 * of a registration's CPU. A day past the month's end rolls over, so the date exists when it comes back unchanged.
 */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day); // not Date.UTC, which reads years 0-99 as 1900-1999
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** `2026-04-19T07:30:00+08:00`: the instant as local time in `zone`, with its offset. */
export function formatInZone(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISO({ suppressMilliseconds: true }) ?? instant.toISOString();
}

/** `07:30` local time in `zone`. */
export function localTimeOfDay(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat("HH:mm");
}

/** `2026-04-19T07:30` local time in `zone`, the value an <input type="datetime-local"> holds. */
export function toLocalInputValue(instant: Date | null, zone: string): string {
  return instant ? DateTime.fromJSDate(instant, { zone }).toFormat("yyyy-MM-dd'T'HH:mm") : "";
}
