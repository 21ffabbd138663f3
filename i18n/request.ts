import { cookies, headers } from "next/headers";
import { hasLocale } from "next-intl";
import { getRequestConfig } from "next-intl/server";
import { match } from "@formatjs/intl-localematcher";
import { loadMessages } from "./messages";
import { routing, type Locale } from "./routing";

/** Outside /[locale] (the admin): the remembered choice, then Accept-Language, then the default. */
async function localeFromRequest(): Promise<Locale> {
  const cookie = (await cookies()).get("NEXT_LOCALE")?.value;
  if (hasLocale(routing.locales, cookie)) return cookie;
  const accept = (await headers()).get("accept-language") ?? "";
  const requested = accept
    .split(",")
    .map((part) => (part.split(";")[0] ?? "").trim()) // split answers at least one part
    .filter((tag) => tag && tag !== "*");
  try {
    return match(requested, [...routing.locales], routing.defaultLocale) as Locale;
  } catch {
    return routing.defaultLocale;
  }
}

export default getRequestConfig(async ({ requestLocale }) => {
  const requested = await requestLocale;
  const locale = hasLocale(routing.locales, requested) ? requested : await localeFromRequest();
  return { locale, messages: await loadMessages(locale), timeZone: "Asia/Shanghai" };
});
