import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { hasLocale } from "next-intl";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { formatEventDate, formatKilometres } from "../../../../../../components/public/format";
import { Leaderboard } from "../../../../../../components/public/results/leaderboard";
import { ResultsMessages } from "../../../../../../components/public/results/results-intl";
import { LEADERBOARD_PAGE_SIZE, packPage, resultsPaths } from "../../../../../../components/public/results/result-format";
import "../../../../../../components/public/results/results.css";
import { pageTags } from "../../../../../../core/cache-tags";
import { routing } from "../../../../../../i18n/routing";
import { isDomainError } from "../../../../../../server/errors";
import { tagPage } from "../../../../../../server/page-tags";
import { getRaceResultsInfo, listRaceResults } from "../../../../../../server/results/queries";

/**
 * The race leaderboard as cached HTML (ISR, issue 5): made again at most every 5 seconds, so race-day traffic is
 * served near static speed. It holds the default view (everyone, page 1); filters, search, paging and live updates
 * run in the browser against the JSON API (components/public/results/leaderboard.tsx). Nothing from the request
 * (query string, cookies) is read here, or the page would stop being static. Tagged with its event and race
 * (core/cache-tags.ts): an edit of either makes it stale.
 */
export const revalidate = 5;
export const dynamicParams = true;
export function generateStaticParams() {
  return [];
}

type Props = { params: Promise<{ locale: string; slug: string; race: string }> };

async function loadRace(slug: string, race: string) {
  try {
    return await getRaceResultsInfo(slug, race);
  } catch (error) {
    if (isDomainError(error) && error.code === "not_found") return null;
    throw error;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, slug, race } = await params;
  if (!hasLocale(routing.locales, locale)) return {};
  const info = await loadRace(slug, race);
  if (!info) return { title: (await getTranslations({ locale, namespace: "public.notFound" }))("title") };
  const t = await getTranslations({ locale, namespace: "results.meta" });
  const names = { race: info.raceName[locale], event: info.eventName[locale] };
  return { title: t("raceTitle", names), description: t("raceDescription", names) };
}

export default async function RaceResultsPage({ params }: Props) {
  const { locale, slug, race } = await params;
  if (!hasLocale(routing.locales, locale)) notFound();
  setRequestLocale(locale);
  await tagPage(pageTags(slug, race));
  const info = await loadRace(slug, race);
  if (!info) notFound();
  // Packed: only what the table shows, as arrays (the page's size is what race-day traffic pays for).
  const initial = packPage(await listRaceResults(slug, race, { page: 1, pageSize: LEADERBOARD_PAGE_SIZE }));
  const t = await getTranslations("results.leaderboard");
  const te = await getTranslations("results.event");

  return (
    <article className="rs-page">
      <p className="pub-back">
        <a href={resultsPaths.event(locale, info.eventSlug)}>
          <span aria-hidden="true">← </span>
          {t("backToEvent")}
        </a>
      </p>
      <header>
        <h1>{te("viewRace", { race: info.raceName[locale] })}</h1>
        <p className="rs-subtitle">
          {info.eventName[locale]} · <time dateTime={info.eventDate}>{formatEventDate(info.eventDate, locale, "long")}</time> ·{" "}
          {te("distance", { km: formatKilometres(info.distanceMeters, locale) })}
        </p>
        {info.total > 0 && <p className="rs-subtitle">{te("finishers", { finishers: info.finishers, total: info.total })}</p>}
      </header>
      <ResultsMessages locale={locale} parts={["leaderboard", "table"]}>
        <Leaderboard info={info} initial={initial} locale={locale} />
      </ResultsMessages>
    </article>
  );
}
