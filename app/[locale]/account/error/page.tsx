import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { hasLocale } from "next-intl";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { LinkProblem } from "@/components/public/account/link-problem";
import "@/components/public/account/account.css";
import { routing } from "@/i18n/routing";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<{ error?: string | string[] }> };

/** Rendered on every request (live data, the session or the query); the results pages are cached instead. */
export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) return {};
  const t = await getTranslations({ locale, namespace: "account.error" });
  return { title: t("metaTitle"), robots: { index: false } };
}

/** next-auth's error page for runner sign-in: a used or expired link, too many requests, anything else. */
export default async function AccountErrorPage({ params, searchParams }: Props) {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) notFound();
  setRequestLocale(locale);
  const { error } = await searchParams;
  return <LinkProblem error={typeof error === "string" ? error : undefined} />;
}
