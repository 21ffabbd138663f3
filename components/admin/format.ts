import { LANGUAGE_TAG, type Locale } from "@/i18n/routing";

/** "2027-04-18" as a date in the reader's language (a calendar date: no time zone shift). */
export function formatCalendarDate(date: string, locale: Locale): string {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return new Intl.DateTimeFormat(LANGUAGE_TAG[locale], { dateStyle: "medium", timeZone: "UTC" }).format(d);
}

export function formatInstant(instant: Date, zone: string, locale: Locale): string {
  return new Intl.DateTimeFormat(LANGUAGE_TAG[locale], { dateStyle: "medium", timeStyle: "short", timeZone: zone }).format(instant);
}

export function formatMoney(cents: number, currency: string, locale: Locale): string {
  try {
    return new Intl.NumberFormat(LANGUAGE_TAG[locale], { style: "currency", currency }).format(cents / 100);
  } catch {
    return `${(cents / 100).toFixed(2)} ${currency}`;
  }
}

export function formatKm(meters: number, locale: Locale): string {
  return new Intl.NumberFormat(LANGUAGE_TAG[locale], { maximumFractionDigits: 4 }).format(meters / 1000);
}
