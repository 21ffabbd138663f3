import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { hasLocale, NextIntlClientProvider } from "next-intl";
import { getMessages, getTranslations, setRequestLocale } from "next-intl/server";
import { RequestLinkForm } from "@/components/public/account/request-link-form";
import "@/components/public/account/account.css";
import { routing } from "@/i18n/routing";
import { getRunnerEmail } from "@/server/auth/session";
import { requestSignInLinkAction } from "./actions";

type Props = { params: Promise<{ locale: string }> };

/** Rendered on every request (live data, the session or the query); the results pages are cached instead. */
export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) return {};
  const t = await getTranslations({ locale, namespace: "account.request" });
  return { title: t("metaTitle") };
}

/** "My entries": enter the address you registered with, get a sign-in link (docs/decisions/004). */
export default async function AccountPage({ params }: Props) {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) notFound();
  setRequestLocale(locale);
  if (await getRunnerEmail()) redirect(`/${locale}/account/entries`);
  const [t, messages] = await Promise.all([getTranslations("account.request"), getMessages()]);
  return (
    <div className="acct-page">
      <h1 id="account-title">{t("title")}</h1>
      <p className="acct-lead">{t("intro")}</p>
      <NextIntlClientProvider messages={{ account: messages.account }}>
        <RequestLinkForm action={requestSignInLinkAction} locale={locale} />
      </NextIntlClientProvider>
    </div>
  );
}
