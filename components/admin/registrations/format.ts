import { nativeName } from "@/core/names";
import { LANGUAGE_TAG, type Locale } from "@/i18n/routing";

/** The runner's name (core/names.ts) in the reader's script first: native for Chinese readers, Latin (when given) for English. */
export function runnerName(r: { familyName: string; givenName: string; latinName: string | null }, locale: Locale): { main: string; other: string | null } {
  const native = nativeName(r);
  if (locale === "en" && r.latinName) return { main: r.latinName, other: native };
  return { main: native, other: r.latinName };
}

export function countryName(code: string, locale: Locale): string {
  try {
    return new Intl.DisplayNames([LANGUAGE_TAG[locale]], { type: "region" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** 6600 → "1:50:00". */
export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
}

/** An ISO instant in the event's time zone, in the reader's language. */
export function formatWhen(iso: string | null, zone: string, locale: Locale): string | null {
  if (!iso) return null;
  return new Intl.DateTimeFormat(LANGUAGE_TAG[locale], { dateStyle: "medium", timeStyle: "short", timeZone: zone }).format(new Date(iso));
}

/** A link to the same page with some parameters changed (undefined or "" removes one); `page` resets unless given. */
export function hrefWith(path: string, current: Record<string, string | undefined>, changes: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  const merged: Record<string, string | number | undefined> = { ...current, page: undefined, ...changes };
  for (const [k, v] of Object.entries(merged)) if (v !== undefined && v !== "") params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}
