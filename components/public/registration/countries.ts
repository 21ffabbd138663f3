/**
 * Nationalities for the registration form: ISO 3166-1 alpha-2 codes (what the API stores) with names in the page
 * language from i18n-iso-countries. China comes first, then Hong Kong, Macao and Taiwan, then the rest in the
 * language's alphabetical order (pinyin for Chinese).
 */
import "server-only";
import countries from "i18n-iso-countries";
import en from "i18n-iso-countries/langs/en.json";
import zh from "i18n-iso-countries/langs/zh.json";
import { LANGUAGE_TAG, type Locale } from "../../../i18n/routing";

countries.registerLocale(en);
countries.registerLocale(zh);

/** The names mainland events use for these regions (the library's defaults differ). */
const REGION_NAMES: Record<Locale, Record<string, string>> = {
  zh: { HK: "中国香港", MO: "中国澳门", TW: "中国台湾" },
  en: { CN: "China", HK: "Hong Kong, China", MO: "Macao, China", TW: "Taiwan, China" },
};
const FIRST = ["CN", "HK", "MO", "TW"];

const cache = new Map<Locale, { code: string; name: string }[]>();

export function countryOptions(locale: Locale): { code: string; name: string }[] {
  const cached = cache.get(locale);
  if (cached) return cached;
  const names = countries.getNames(locale, { select: "official" });
  const nameOf = (code: string) => REGION_NAMES[locale][code] ?? names[code] ?? code;
  const collator = new Intl.Collator(LANGUAGE_TAG[locale]);
  const rest = Object.keys(names)
    .filter((code) => !FIRST.includes(code))
    .map((code) => ({ code, name: nameOf(code) }))
    .sort((a, b) => collator.compare(a.name, b.name));
  const list = [...FIRST.map((code) => ({ code, name: nameOf(code) })), ...rest];
  cache.set(locale, list);
  return list;
}
