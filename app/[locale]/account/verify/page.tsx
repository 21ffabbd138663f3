import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { hasLocale } from "next-intl";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { LinkProblem } from "@/components/public/account/link-problem";
import "@/components/public/account/account.css";
import { routing } from "@/i18n/routing";
import { isSignInLinkUsable, RUNNER_EMAIL_PROVIDER } from "@/server/auth/email-link";

type Search = { token?: string | string[]; email?: string | string[] };
type Props = { params: Promise<{ locale: string }>; searchParams: Promise<Search> };

/** Rendered on every request (live data, the session or the query); the results pages are cached instead. */
export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) return {};
  const t = await getTranslations({ locale, namespace: "account.verify" });
  // The URL carries a one-time token: keep it out of Referer headers and search indexes.
  return { title: t("metaTitle"), robots: { index: false }, referrer: "no-referrer" };
}

/**
 * Where the emailed link lands. A still-usable link gets one button that hands the token to next-auth's callback
 * (which uses it up and signs the runner in); a used or expired one says so at once.
 */
export default async function VerifyLinkPage({ params, searchParams }: Props) {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) notFound();
  setRequestLocale(locale);
  const search = await searchParams;
  const token = typeof search.token === "string" ? search.token : "";
  const email = typeof search.email === "string" ? search.email : "";
  if (!(await isSignInLinkUsable(email, token))) return <LinkProblem error="Verification" />;
  const t = await getTranslations("account.verify");
  return (
    <div className="acct-page">
      <h1 id="verify-title">{t("title")}</h1>
      <p className="acct-lead">{t("body", { email })}</p>
      <form method="get" action={`/api/auth/callback/${RUNNER_EMAIL_PROVIDER}`} aria-labelledby="verify-title">
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="email" value={email} />
        <input type="hidden" name="callbackUrl" value={`/${locale}/account/entries`} />
        <button type="submit" className="pub-button acct-submit">
          {t("submit")}
        </button>
      </form>
      <p className="acct-muted">{t("note")}</p>
    </div>
  );
}
