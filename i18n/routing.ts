import { defineRouting } from "next-intl/routing";

/**
 * Public pages live under /zh/… and /en/…; `/` picks the language from the NEXT_LOCALE cookie, then the
 * browser's Accept-Language (zh-CN, zh-TW, zh → zh), else Chinese. The admin (/admin) uses the same cookie.
 */
export const routing = defineRouting({
  locales: ["zh", "en"],
  defaultLocale: "zh",
  localePrefix: "always",
  localeCookie: { name: "NEXT_LOCALE", maxAge: 60 * 60 * 24 * 365 },
});

export type Locale = (typeof routing.locales)[number];

/** BCP 47 tag for <html lang> and Intl formatting. */
export const LANGUAGE_TAG: Record<Locale, string> = { zh: "zh-CN", en: "en" };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (routing.locales as readonly string[]).includes(value);
}
