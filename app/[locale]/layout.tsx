import type { Metadata, Viewport } from "next";
import { notFound } from "next/navigation";
import { hasLocale, NextIntlClientProvider } from "next-intl";
import { getMessages, getTranslations, setRequestLocale } from "next-intl/server";
import { AccountLink } from "../../components/public/account/account-link";
import { LanguageSwitcher } from "../../components/public/language-switcher";
import { Link } from "../../i18n/navigation";
import { LANGUAGE_TAG, routing } from "../../i18n/routing";
import "../globals.css";
import "./public.css";

// No `dynamic` here: each page says whether it is rendered per request (most read live data) or cached, like the
// results pages (issue 5), which a layout-wide force-dynamic would forbid.

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) return {};
  const t = await getTranslations({ locale, namespace: "common" });
  const tp = await getTranslations({ locale, namespace: "public.meta" });
  return {
    title: { default: t("appName"), template: `%s · ${t("appName")}` },
    description: tp("description"),
  };
}

/** Root layout of the public site (the admin has its own): <html lang>, header, footer, client messages. */
export default async function PublicLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ locale: string }>;
}) {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) notFound();
  setRequestLocale(locale);
  const [t, tp, messages] = await Promise.all([
    getTranslations("common"),
    getTranslations("public.nav"),
    getMessages(),
  ]);
  // Client components here only need the shared and public strings, not the admin's catalog (the results pages
  // hand their own client components the few results strings they use).
  const clientMessages = { common: messages.common, public: messages.public };

  return (
    <html lang={LANGUAGE_TAG[locale]}>
      <body className="pub">
        <NextIntlClientProvider locale={locale} messages={clientMessages}>
          <a className="skip-link" href="#main">
            {t("skipToContent")}
          </a>
          <header className="pub-header">
            <div className="pub-container pub-header-inner">
              <Link href="/" className="pub-brand">
                {t("appName")}
              </Link>
              <div className="acct-header-tools">
                <AccountLink />
                <LanguageSwitcher />
              </div>
            </div>
          </header>
          <main id="main" tabIndex={-1} className="pub-container pub-main">
            {children}
          </main>
          <footer className="pub-footer">
            <div className="pub-container">
              <p>{tp("footer")}</p>
            </div>
          </footer>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
