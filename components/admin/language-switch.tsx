import { getLocale, getTranslations } from "next-intl/server";
import { LANGUAGE_TAG, routing, type Locale } from "@/i18n/routing";

/**
 * Switches the admin's language. A form posting to a server action that sets the NEXT_LOCALE cookie, so it
 * works without JavaScript and keeps the current page.
 */
export async function LanguageSwitch({ action }: { action: (data: FormData) => Promise<void> }) {
  const locale = (await getLocale()) as Locale;
  const t = await getTranslations("common");
  const others = routing.locales.filter((l) => l !== locale);
  return (
    <>
      {others.map((other) => (
        <form key={other} action={action} className="adm-inline-form">
          <input type="hidden" name="locale" value={other} />
          <button type="submit" className="adm-button adm-button--quiet adm-lang" lang={LANGUAGE_TAG[other]} aria-label={t("switchToLabel")}>
            {t("switchTo")}
          </button>
        </form>
      ))}
    </>
  );
}
