import { notFound } from "next/navigation";
import { setRequestLocale } from "next-intl/server";

/** Rendered on every request (live data, the session or the query); the results pages are cached instead. */
export const dynamic = "force-dynamic";

/** Any other path under /zh or /en shows the localized 404 of app/[locale]/not-found.tsx. */
export default async function UnknownPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  notFound();
}
