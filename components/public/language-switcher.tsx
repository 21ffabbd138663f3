"use client";

import { useSyncExternalStore } from "react";
import { useLocale, useTranslations } from "next-intl";
import { Link, usePathname } from "../../i18n/navigation";
import { LANGUAGE_TAG, routing, type Locale } from "../../i18n/routing";

/**
 * Links to the same page in the other language. next-intl's Link with `locale` writes the NEXT_LOCALE cookie
 * on click, so `/` then opens the chosen language.
 */
export function LanguageSwitcher() {
  const t = useTranslations("common");
  const locale = useLocale() as Locale;
  const pathname = usePathname();
  // The query string too: an order's private page keeps its ?token= in the other language.
  const search = useSyncExternalStore(noSubscription, () => window.location.search, () => "");
  const others = routing.locales.filter((l) => l !== locale);

  return (
    <nav aria-label={t("language")} className="pub-lang">
      <ul>
        {others.map((other) => (
          <li key={other}>
            <Link
              href={`${pathname}${search}`}
              locale={other}
              lang={LANGUAGE_TAG[other]}
              aria-label={t("switchToLabel")}
              className="pub-lang-link"
            >
              {t("switchTo")}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function noSubscription(): () => void {
  return () => {};
}
