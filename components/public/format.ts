/**
 * Display formatting for the public pages: dates and times in the event's timezone, in the page language.
 * Pure functions over Intl; the values come from server/events/present.ts (ISO strings with offsets).
 */
import { minorToMajorString } from "../../core/pricing";
import { LANGUAGE_TAG, type Locale } from "../../i18n/routing";

/** A calendar date `YYYY-MM-DD`, e.g. "Sunday, April 18, 2027" / "2027年4月18日星期日". */
export function formatEventDate(date: string, locale: Locale, style: "full" | "long" = "full"): string {
  const [y = NaN, m = NaN, d = NaN] = date.split("-").map(Number); // a part missing is NaN, as Number(undefined)
  // A calendar date has no zone: format it as midnight UTC in UTC so it never shifts a day.
  return new Intl.DateTimeFormat(LANGUAGE_TAG[locale], { dateStyle: style, timeZone: "UTC" }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

/** Date and time of an instant, local to `timeZone`. */
export function formatDateTime(instant: string, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(LANGUAGE_TAG[locale], { dateStyle: "long", timeStyle: "short", timeZone }).format(
    new Date(instant),
  );
}

/** Time of day of an instant, local to `timeZone`, e.g. "7:30 AM" / "07:30". */
export function formatTime(instant: string, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(LANGUAGE_TAG[locale], { timeStyle: "short", timeZone }).format(new Date(instant));
}

/** The zone's name in the page language, e.g. "China Standard Time" / "中国标准时间", at `instant`. */
export function formatZoneName(timeZone: string, locale: Locale, instant: Date): string {
  const parts = new Intl.DateTimeFormat(LANGUAGE_TAG[locale], { timeZone, timeZoneName: "long" }).formatToParts(instant);
  return parts.find((p) => p.type === "timeZoneName")?.value ?? timeZone;
}

/** Metres as kilometres with up to four decimals: 21097.5 → "21.0975", 3500 → "3.5". */
export function formatKilometres(distanceMeters: number, locale: Locale): string {
  return new Intl.NumberFormat(LANGUAGE_TAG[locale], { maximumFractionDigits: 4 }).format(distanceMeters / 1000);
}

/**
 * An amount in minor units as currency, e.g. 12000 CNY → "¥120.00" (zh) / "CN¥120.00" (en).
 * The amount goes to Intl as an exact decimal string: no float arithmetic on money.
 */
export function formatMoney(amountMinor: number, currency: string, locale: Locale): string {
  const decimal = minorToMajorString(amountMinor, currency) as `${number}`;
  return new Intl.NumberFormat(LANGUAGE_TAG[locale], { style: "currency", currency }).format(decimal);
}

/** Today's calendar date `YYYY-MM-DD` in `timeZone`. */
export function todayInZone(timeZone: string, now: Date): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}
