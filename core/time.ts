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

/** A calendar date `YYYY-MM-DD` that exists. */
export function isCalendarDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value, { zone: "UTC" }).isValid;
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
