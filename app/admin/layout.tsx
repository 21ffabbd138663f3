import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getMessages, getTranslations } from "next-intl/server";
import { LanguageSwitch } from "@/components/admin/language-switch";
import { LANGUAGE_TAG, type Locale } from "@/i18n/routing";
import { auth } from "@/server/auth";
import { setLanguageAction, signOutAction } from "./actions";
import "../globals.css";
import "./admin.css";

/** Staff pages read the session and live data on every request. */
export const dynamic = "force-dynamic";

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("admin.meta");
  return { title: { default: t("title"), template: `%s · ${t("title")}` }, robots: { index: false, follow: false } };
}

/**
 * Root layout of the admin (the public site has its own). No locale in the URL: the language comes from the
 * NEXT_LOCALE cookie, then Accept-Language (i18n/request.ts).
 */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const locale = (await getLocale()) as Locale;
  const [t, tc, messages, session] = await Promise.all([getTranslations("admin"), getTranslations("common"), getMessages(), auth()]);
  // Only a staff session names a user with a role. next-auth's server-side auth() puts the raw token in `user`
  // when our session callback gives no staff user (a runner's session, a disabled account), so check the role.
  const user = session?.user?.id && session.user.role ? session.user : undefined;
  return (
    <html lang={LANGUAGE_TAG[locale]}>
      <body className="adm">
        <NextIntlClientProvider locale={locale} messages={{ common: messages.common, admin: messages.admin }}>
          <a className="skip-link" href="#main">
            {tc("skipToContent")}
          </a>
          <header className="adm-header">
            <div className="adm-container adm-header__inner">
              <Link href="/admin" className="adm-brand">
                {tc("appName")} <span className="adm-brand__area">{t("nav.area")}</span>
              </Link>
              <div className="adm-header__tools">
                <LanguageSwitch action={setLanguageAction} />
                {user ? (
                  <>
                    {user.role !== "volunteer" ? (
                      <Link href="/admin/outbox" className="adm-button adm-button--quiet">
                        {t("nav.outbox")}
                      </Link>
                    ) : null}
                    {user.role !== "volunteer" ? (
                      <Link href="/admin/audit" className="adm-button adm-button--quiet">
                        {t("audit.nav")}
                      </Link>
                    ) : null}
                    <Link href="/admin/tokens" className="adm-button adm-button--quiet">
                      {t("tokens.nav")}
                    </Link>
                    <p className="adm-user">
                      <span className="visually-hidden">{t("nav.signedInAs")} </span>
                      <span className="adm-user__email">{user.email}</span>
                      <span className="adm-user__role">{t(`roles.${user.role}`)}</span>
                    </p>
                    <form action={signOutAction} className="adm-inline-form">
                      <button type="submit" className="adm-button adm-button--quiet">
                        {t("nav.signOut")}
                      </button>
                    </form>
                  </>
                ) : null}
              </div>
            </div>
          </header>
          <main id="main" tabIndex={-1} className="adm-container adm-main">
            {children}
          </main>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
