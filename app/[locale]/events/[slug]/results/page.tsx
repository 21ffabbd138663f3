import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { hasLocale } from "next-intl";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { formatEventDate, formatKilometres } from "../../../../../components/public/format";
import { resultsPaths } from "../../../../../components/public/results/result-format";
import "../../../../../components/public/results/results.css";
import { pageTags, raceTag } from "../../../../../core/cache-tags";
import { routing } from "../../../../../i18n/routing";
import { isDomainError } from "../../../../../server/errors";
import { tagPage } from "../../../../../server/page-tags";
import { listEventResults } from "../../../../../server/results/queries";

/**
 * Cached HTML (ISR, issue 5): race-day traffic is served from the cache, made again at most every 5 seconds. No
 * request data is read here, so the page stays static; the results update themselves on the race pages. Tagged with
 * the event and each race it lists (core/cache-tags.ts): an edit of the event or of one of its races makes it stale.
 */
export const revalidate = 5;
export const dynamicParams = true;
export function generateStaticParams() {
  return [];
}

type Props = { params: Promise<{ locale: string; slug: string }> };

async function loadEvent(slug: string) {
  try {
    return await listEventResults(slug);
  } catch (error) {
    if (isDomainError(error) && error.code === "not_found") return null;
    throw error;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, slug } = await params;
  if (!hasLocale(routing.locales, locale)) return {};
  const event = await loadEvent(slug);
  if (!event) return { title: (await getTranslations({ locale, namespace: "public.notFound" }))("title") };
  const t = await getTranslations({ locale, namespace: "results.meta" });
  return { title: t("eventTitle", { event: event.eventName[locale] }) };
}

export default async function EventResultsPage({ params }: Props) {
  const { locale, slug } = await params;
  if (!hasLocale(routing.locales, locale)) notFound();
  setRequestLocale(locale);
  const event = await loadEvent(slug);
  await tagPage([...pageTags(slug), ...(event?.races ?? []).map((race) => raceTag(slug, race.raceSlug))]);
  if (!event) notFound();
  const t = await getTranslations("results.event");

  return (
    <article className="rs-page">
      <p className="pub-back">
        <a href={`/${locale}/events/${encodeURIComponent(event.eventSlug)}`}>
          <span aria-hidden="true">← </span>
          {t("backToEvent")}
        </a>
      </p>
      <header>
        <h1>{t("title")}</h1>
        <p className="rs-subtitle">
          {event.eventName[locale]} · <time dateTime={event.eventDate}>{formatEventDate(event.eventDate, locale, "long")}</time>
        </p>
      </header>

      <section aria-labelledby="results-races" className="pub-section">
        <h2 id="results-races">{t("races")}</h2>
        <p className="pub-note">{t("liveNote")}</p>
        {event.races.length === 0 ? (
          <p className="pub-empty">{t("noRaces")}</p>
        ) : (
          <ul className="rs-race-list">
            {event.races.map((race) => (
              <li key={race.raceSlug} className="pub-card rs-race-card">
                <h3>
                  <a href={resultsPaths.race(locale, event.eventSlug, race.raceSlug)} className="rs-race-link">
                    {t("viewRace", { race: race.raceName[locale] })}
                  </a>
                </h3>
                <p className="rs-race-facts">
                  {t("distance", { km: formatKilometres(race.distanceMeters, locale) })}
                  {" · "}
                  {race.total > 0 ? t("finishers", { finishers: race.finishers, total: race.total }) : t("noResults")}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
