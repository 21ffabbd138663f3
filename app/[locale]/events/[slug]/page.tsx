import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { hasLocale } from "next-intl";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { formatDateTime, formatEventDate, formatZoneName } from "../../../../components/public/format";
import { LiveEvent, LiveRegisterLink } from "../../../../components/public/live-event";
import { RaceCard } from "../../../../components/public/race-card";
import { RegistrationBadge } from "../../../../components/public/registration-badge";
import "../../../../components/public/registration/registration.css";
import { Link } from "../../../../i18n/navigation";
import { routing } from "../../../../i18n/routing";
import { pageTags, raceTag } from "../../../../core/cache-tags";
import { isOnSale } from "../../../../core/open-for-entry";
import { tagPage } from "../../../../server/page-tags";
import { presentEvent } from "../../../../server/events/present";
import { getPublicEvent } from "../../../../server/events/queries";

type Props = { params: Promise<{ locale: string; slug: string }> };

/**
 * Cached HTML (ISR, like the results pages; docs/architecture.md "Public pages"): made again at most every 5 seconds,
 * and at once in the process of an admin edit of the event or one of its races (tagged with
 * `event:<slug>` and each race's `race:<event>/<race>`, core/cache-tags.ts). No request data is read here. Places
 * left and the links to register follow the event's API answer in the browser (components/public/live-event.tsx),
 * so what a visitor sees of them is at most a few seconds old, whenever the HTML was made.
 */
export const revalidate = 5;
export const dynamicParams = true;
export function generateStaticParams() {
  return [];
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, slug } = await params;
  if (!hasLocale(routing.locales, locale)) return {};
  const event = await getPublicEvent(slug);
  if (!event) {
    const t = await getTranslations({ locale, namespace: "public.notFound" });
    return { title: t("title") };
  }
  const view = presentEvent(event);
  return { title: view.name[locale], description: view.description[locale] || undefined };
}

export default async function EventPage({ params }: Props) {
  const { locale, slug } = await params;
  if (!hasLocale(routing.locales, locale)) notFound();
  setRequestLocale(locale);
  const event = await getPublicEvent(slug);
  // Tagged before notFound(): a "not found" page cached for a draft is made again when the event is published.
  await tagPage([...pageTags(slug), ...(event?.races ?? []).map((race) => raceTag(slug, race.slug))]);
  if (!event) notFound();

  const now = new Date();
  const view = presentEvent(event, now);
  const t = await getTranslations("public.event");
  const tr = await getTranslations("registration.register");
  const tres = await getTranslations("results.eventLink");
  const tz = view.timezone;
  const registerPath = `/events/${view.slug}/register`;
  // Races on sale while registration is open (core/open-for-entry.ts); whether one has places left is for the browser
  // to follow (LiveEvent).
  const onSale = (race: (typeof view.races)[number]) => isOnSale(view.registrationState, race);
  const racesOnSale = view.races.filter(onSale).map((r) => ({ slug: r.slug, left: r.placesLeft }));

  return (
    <LiveEvent slug={view.slug} registrationState={view.registrationState}>
      <article className="pub-event">
        <p className="pub-back">
          <Link href="/">
            <span aria-hidden="true">← </span>
            {t("backToEvents")}
          </Link>
        </p>

        <header className="pub-event-header">
          <h1>{view.name[locale]}</h1>
          <dl className="pub-facts">
            <div>
              <dt>{t("date")}</dt>
              <dd>
                <time dateTime={view.date}>{formatEventDate(view.date, locale)}</time>
              </dd>
            </div>
            <div>
              <dt>{t("venue")}</dt>
              <dd>{t("venueValue", { venue: view.venue[locale], city: view.city[locale] })}</dd>
            </div>
          </dl>
        </header>

        {view.description[locale] && (
          <section aria-labelledby="about-heading" className="pub-section">
            <h2 id="about-heading">{t("about")}</h2>
            <p className="pub-description">{view.description[locale]}</p>
          </section>
        )}

        <section aria-labelledby="registration-heading" className="pub-section pub-card">
          <h2 id="registration-heading">{t("registration")}</h2>
          <dl className="pub-facts">
            <div>
              <dt>{t("registrationStatus")}</dt>
              <dd>
                <RegistrationBadge state={view.registrationState} />
              </dd>
            </div>
            {view.registrationOpensAt || view.registrationClosesAt ? (
              <>
                {view.registrationOpensAt && (
                  <div>
                    <dt>{t("opens")}</dt>
                    <dd>
                      <time dateTime={view.registrationOpensAt}>{formatDateTime(view.registrationOpensAt, locale, tz)}</time>
                    </dd>
                  </div>
                )}
                {view.registrationClosesAt && (
                  <div>
                    <dt>{t("closes")}</dt>
                    <dd>
                      <time dateTime={view.registrationClosesAt}>
                        {formatDateTime(view.registrationClosesAt, locale, tz)}
                      </time>
                    </dd>
                  </div>
                )}
              </>
            ) : (
              <div>
                <dt>{t("opens")}</dt>
                <dd>{t("noWindow")}</dd>
              </div>
            )}
          </dl>
          <LiveRegisterLink races={racesOnSale} href={registerPath} className="reg-register-link" linkClassName="reg-button">
            {tr("link")}
          </LiveRegisterLink>
        </section>

        <section aria-labelledby="results-heading" className="pub-section pub-card">
          <h2 id="results-heading">{tres("heading")}</h2>
          <p className="pub-note">{tres("note")}</p>
          <p>
            <Link href={`/events/${view.slug}/results`} prefetch={false}>
              {tres("link")}
            </Link>
          </p>
        </section>

        <section aria-labelledby="races-heading" className="pub-section">
          <h2 id="races-heading">{t("races")}</h2>
          <p className="pub-note">{t("timeZoneNote", { zone: formatZoneName(tz, locale, now) })}</p>
          {view.races.length === 0 ? (
            <p className="pub-empty">{t("noRaces")}</p>
          ) : (
            <ul className="pub-race-list">
              {view.races.map((race) => (
                <li key={race.slug}>
                  <RaceCard
                    race={race}
                    locale={locale}
                    timeZone={tz}
                    now={now}
                    registerHref={onSale(race) ? `${registerPath}?race=${race.slug}` : null}
                  />
                </li>
              ))}
            </ul>
          )}
        </section>
      </article>
    </LiveEvent>
  );
}
