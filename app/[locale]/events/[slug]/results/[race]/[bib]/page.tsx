import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { hasLocale } from "next-intl";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { resultsPaths } from "../../../../../../../components/public/results/result-format";
import { ResultsMessages } from "../../../../../../../components/public/results/results-intl";
import { RunnerResult } from "../../../../../../../components/public/results/runner-result";
import "../../../../../../../components/public/results/results.css";
import { pageTags } from "../../../../../../../core/cache-tags";
import { routing } from "../../../../../../../i18n/routing";
import { isDomainError } from "../../../../../../../server/errors";
import { tagPage } from "../../../../../../../server/page-tags";
import { getRunnerResult } from "../../../../../../../server/results/queries";

/**
 * One runner's result as cached HTML (ISR, issue 5), made again at most every 5 seconds; the live stream refetches
 * the runner in the browser (components/public/results/runner-result.tsx). Nothing from the request is read here.
 * Tagged with its event and race (core/cache-tags.ts): an edit of either makes it stale.
 */
export const revalidate = 5;
export const dynamicParams = true;
export function generateStaticParams() {
  return [];
}

type Props = { params: Promise<{ locale: string; slug: string; race: string; bib: string }> };

async function loadRunner(slug: string, race: string, bib: string) {
  try {
    return await getRunnerResult(slug, race, decodedSegment(bib));
  } catch (error) {
    if (isDomainError(error) && error.code === "not_found") return null;
    throw error;
  }
}

/** The bib as typed: Next hands a segment over still percent-encoded in some cases (`F%2012`). */
function decodedSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, slug, race, bib } = await params;
  if (!hasLocale(routing.locales, locale)) return {};
  const found = await loadRunner(slug, race, bib);
  if (!found) return { title: (await getTranslations({ locale, namespace: "public.notFound" }))("title") };
  const t = await getTranslations({ locale, namespace: "results.meta" });
  const name = found.result.name ?? found.result.latinName ?? found.result.bib;
  const names = { name, bib: found.result.bib, race: found.race.raceName[locale], event: found.race.eventName[locale] };
  return { title: t("runnerTitle", names), description: t("runnerDescription", names) };
}

export default async function RunnerResultPage({ params }: Props) {
  const { locale, slug, race, bib } = await params;
  if (!hasLocale(routing.locales, locale)) notFound();
  setRequestLocale(locale);
  await tagPage(pageTags(slug, race));
  const found = await loadRunner(slug, race, bib);
  if (!found) notFound();
  const t = await getTranslations("results.runner");

  return (
    <div className="rs-page">
      <p className="pub-back">
        <a href={resultsPaths.race(locale, found.race.eventSlug, found.race.raceSlug)}>
          <span aria-hidden="true">← </span>
          {t("back", { race: found.race.raceName[locale] })}
        </a>
      </p>
      <ResultsMessages locale={locale} parts={["runner", "table", "share"]}>
        <RunnerResult info={found.race} result={found.result} locale={locale} />
      </ResultsMessages>
    </div>
  );
}
