import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { hasLocale } from "next-intl";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { EventCard } from "../../components/public/event-card";
import { todayInZone } from "../../components/public/format";
import { eventTag, raceTag } from "../../core/cache-tags";
import { routing } from "../../i18n/routing";
import { presentEvent } from "../../server/events/present";
import { listPublicEvents } from "../../server/events/queries";
import { tagPage } from "../../server/page-tags";

type Props = { params: Promise<{ locale: string }> };

/**
 * Cached HTML (ISR, like the results pages; docs/architecture.md "Public pages"): made again at most every 5 seconds,
 * and at once in the process of an admin edit of an event it lists or of one of their races (tagged with each
 * listed event's and race's tags, core/cache-tags.ts). No request data is read here.
 */
export const revalidate = 5;
// Made on first request, per language, then cached: nothing is made at build time (no database there).
export const dynamicParams = true;
export function generateStaticParams() {
  return [];
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) return {};
  const t = await getTranslations({ locale, namespace: "public.meta" });
  return { title: t("homeTitle") };
}

export default async function HomePage({ params }: Props) {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) notFound();
  setRequestLocale(locale);
  const t = await getTranslations("public.home");

  const now = new Date();
  const listed = await listPublicEvents();
  // Next keeps at most 128 tags on an entry: past that (many events), the later events' edits show within 5 s instead.
  await tagPage(listed.flatMap((e) => [eventTag(e.slug), ...e.races.map((race) => raceTag(e.slug, race.slug))]).slice(0, 128));
  const events = listed.map((e) => presentEvent(e, now));
  // "Upcoming" is judged by the calendar in each event's own timezone; the list is already soonest first.
  const upcoming = events.filter((e) => e.date >= todayInZone(e.timezone, now));
  const past = events.filter((e) => e.date < todayInZone(e.timezone, now)).reverse();

  return (
    <>
      <div className="pub-intro">
        <h1>{t("title")}</h1>
        <p>{t("intro")}</p>
      </div>

      <section aria-labelledby="upcoming-heading" className="pub-section">
        <h2 id="upcoming-heading" className="visually-hidden">
          {t("upcoming")}
        </h2>
        {upcoming.length === 0 ? (
          <p className="pub-empty">{t("empty")}</p>
        ) : (
          <ul className="pub-event-list">
            {upcoming.map((event) => (
              <li key={event.slug}>
                <EventCard event={event} locale={locale} headingLevel={3} />
              </li>
            ))}
          </ul>
        )}
      </section>

      {past.length > 0 && (
        <section aria-labelledby="past-heading" className="pub-section">
          <h2 id="past-heading">{t("past")}</h2>
          <ul className="pub-event-list">
            {past.map((event) => (
              <li key={event.slug}>
                <EventCard event={event} locale={locale} headingLevel={3} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
