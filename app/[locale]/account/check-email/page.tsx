import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { hasLocale } from "next-intl";
import { getTranslations, setRequestLocale } from "next-intl/server";
import "@/components/public/account/account.css";
import { Link } from "@/i18n/navigation";
import { routing } from "@/i18n/routing";
import { SIGN_IN_LINK_MAX_AGE_SECONDS } from "@/server/auth/email-link";

type Props = { params: Promise<{ locale: string }> };

/** Rendered on every request (live data, the session or the query); the results pages are cached instead. */
export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) return {};
  const t = await getTranslations({ locale, namespace: "account.checkEmail" });
  return { title: t("metaTitle"), robots: { index: false } };
}

/** After a link request (next-auth's verify-request page). Says the same for every address. */
export default async function CheckEmailPage({ params }: Props) {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) notFound();
  setRequestLocale(locale);
  const t = await getTranslations("account.checkEmail");
  return (
    <div className="acct-page">
      <h1>{t("title")}</h1>
      <p className="acct-lead">{t("body")}</p>
      <p>{t("expiry", { minutes: SIGN_IN_LINK_MAX_AGE_SECONDS / 60 })}</p>
      <p className="acct-muted">{t("spam")}</p>
      <p>
        <Link href="/account">{t("again")}</Link>
      </p>
    </div>
  );
}
