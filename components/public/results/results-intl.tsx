import { NextIntlClientProvider } from "next-intl";
import { getMessages } from "next-intl/server";

type Part = "leaderboard" | "table" | "runner" | "share";

/**
 * The results strings a page's client components need, and only those: the messages travel inside every cached
 * page, so the public layout does not carry the results catalog to every public page.
 */
export async function ResultsMessages({ locale, parts, children }: { locale: string; parts: Part[]; children: React.ReactNode }) {
  const messages = await getMessages({ locale });
  const results = messages.results as Record<string, unknown>;
  return (
    <NextIntlClientProvider locale={locale} messages={{ results: Object.fromEntries(parts.map((part) => [part, results[part]])) }}>
      {children}
    </NextIntlClientProvider>
  );
}
