import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { hasLocale } from "next-intl";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { isOpenForEntry } from "../../../../core/open-for-entry";
import { formatDateTime, formatEventDate, formatZoneName } from "../../../../components/public/format";
import { RaceCard } from "../../../../components/public/race-card";
import { RegistrationBadge } from "../../../../components/public/registration-badge";
import "../../../../components/public/registration/registration.css";
import { Link } from "../../../../i18n/navigation";
import { routing } from "../../../../i18n/routing";
import { presentEvent } from "../../../../server/events/present";
import { getPublicEvent } from "../../../../server/events/queries";

type Props = { params: Promise<{ locale: string; slug: string }> };

/** Rendered on every request (live data, the session or the query); the results pages are cached instead. */
export const dynamic = "force-dynamic";

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
  if (!event) notFound();

  const now = new Date();
  const view = presentEvent(event, now);
  const t = await getTranslations("public.event");
  const tr = await getTranslations("registration.register");
  const tres = await getTranslations("results.eventLink");
  const tz = view.timezone;
  const registerPath = `/events/${view.slug}/register`;
  const openForEntry = (race: (typeof view.races)[number]) => isOpenForEntry(view.registrationState, race);
  const canRegister = view.races.some(openForEntry);

  return (
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
        {canRegister && (
          <p className="reg-register-link">
            <Link href={registerPath} className="reg-button">
              {tr("link")}
            </Link>
          </p>
        )}
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
                  registerHref={openForEntry(race) ? `${registerPath}?race=${race.slug}` : null}
                />
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
