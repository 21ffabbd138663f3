import type { Metadata } from "next";
import { DateTime } from "luxon";
import { notFound } from "next/navigation";
import { hasLocale, NextIntlClientProvider } from "next-intl";
import { getMessages, getTranslations, setRequestLocale } from "next-intl/server";
import { formatDateTime, formatEventDate, formatKilometres, formatMoney } from "../../../../../components/public/format";
import { countryOptions } from "../../../../../components/public/registration/countries";
import type { FormConfig, RaceOption } from "../../../../../components/public/registration/form-state";
import { RegistrationForm } from "../../../../../components/public/registration/registration-form";
import "../../../../../components/public/registration/registration.css";
import { currentPriceTier } from "../../../../../core/pricing";
import { ID_TYPES } from "../../../../../core/id-number";
import { ADULT_AGE } from "../../../../../core/age";
import { raceAvailability } from "../../../../../core/open-for-entry";
import { MAX_PARTICIPANTS, TSHIRT_SIZES } from "../../../../../core/registration-input";
import { GENDERS } from "../../../../../core/domain";
import { Link } from "../../../../../i18n/navigation";
import { routing, type Locale } from "../../../../../i18n/routing";
import { presentEvent, type RaceView } from "../../../../../server/events/present";
import { getPublicEvent } from "../../../../../server/events/queries";
import { submitRegistration } from "./actions";
import { present } from "../../../../../core/lists";

type Props = { params: Promise<{ locale: string; slug: string }>; searchParams: Promise<{ race?: string | string[] }> };

/** Races of 10 km and more ask for an expected finish time: it places runners in the start waves. */
const FINISH_TIME_FROM_METERS = 10_000;

/** Rendered on every request (live data, the session or the query); the results pages are cached instead. */
export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, slug } = await params;
  if (!hasLocale(routing.locales, locale)) return {};
  const event = await getPublicEvent(slug);
  const t = await getTranslations({ locale, namespace: "registration.register" });
  if (!event) return { title: (await getTranslations({ locale, namespace: "public.notFound" }))("title") };
  return { title: t("title", { event: locale === "en" ? event.nameEn : event.nameZh }) };
}

/**
 * When the current price ends. A tier that ends at midnight reads as "through" its last day (until 1 January
 * 00:00 → through 31 December); any other end keeps its time.
 */
function priceUntil(endsAt: string, locale: Locale, timeZone: string): { through: boolean; date: string } {
  const end = DateTime.fromISO(endsAt, { zone: timeZone });
  if (end.hour === 0 && end.minute === 0) return { through: true, date: formatEventDate(present(end.minus({ days: 1 }).toISODate(), "the day before the end"), locale, "long") };
  return { through: false, date: formatDateTime(endsAt, locale, timeZone) };
}

function raceOption(race: RaceView, locale: Locale, timeZone: string, now: Date, t: (key: "distance", values: { km: string }) => string): RaceOption {
  const tier = currentPriceTier(race.priceTiers, now);
  const availability = raceAvailability(race);
  return {
    slug: race.slug,
    name: race.name[locale],
    distance: t("distance", { km: formatKilometres(race.distanceMeters, locale) }),
    priceCents: race.priceCents,
    currency: race.currency,
    price: race.priceCents === null ? null : formatMoney(race.priceCents, race.currency, locale),
    priceUntil: tier?.endsAt ? priceUntil(tier.endsAt, locale, timeZone) : null,
    minAge: race.minAge,
    maxAge: race.maxAge,
    placesLeft: race.placesLeft,
    availability,
    asksFinishTime: race.distanceMeters >= FINISH_TIME_FROM_METERS,
  };
}

export default async function RegisterPage({ params, searchParams }: Props) {
  const { locale, slug } = await params;
  if (!hasLocale(routing.locales, locale)) notFound();
  setRequestLocale(locale);
  const event = await getPublicEvent(slug);
  if (!event) notFound();

  const now = new Date();
  const view = presentEvent(event, now);
  const t = await getTranslations("registration.register");
  const messages = await getMessages();
  const races = view.races.map((r) => raceOption(r, locale, view.timezone, now, t));
  const anyOpen = races.some((r) => r.availability === "open");
  const requested = (await searchParams).race;
  const config: FormConfig = {
    locale,
    eventSlug: slug,
    raceDay: view.date,
    races,
    countries: countryOptions(locale),
    idTypes: ID_TYPES,
    tshirtSizes: TSHIRT_SIZES,
    genders: GENDERS,
    adultAge: ADULT_AGE,
    maxParticipants: MAX_PARTICIPANTS,
    preselectedRace: typeof requested === "string" ? requested : null,
  };

  let closedMessage: string | null = null;
  if (view.registrationState === "not_yet_open") {
    closedMessage = view.registrationOpensAt
      ? t("notYetOpenAt", { date: formatDateTime(view.registrationOpensAt, locale, view.timezone) })
      : t("notYetOpen");
  } else if (view.registrationState === "closed") {
    closedMessage = t("closed");
  } else if (!anyOpen) {
    closedMessage = t("noRaceOpen");
  }

  return (
    <article className="reg-page">
      <p className="pub-back">
        <Link href={`/events/${slug}`}>
          <span aria-hidden="true">← </span>
          {t("back")}
        </Link>
      </p>
      <header className="reg-header">
        <h1>{t("title", { event: view.name[locale] })}</h1>
        <p className="reg-event-line">
          <time dateTime={view.date}>{formatEventDate(view.date, locale)}</time> · {view.city[locale]}
        </p>
      </header>

      {closedMessage ? (
        <div className="reg-card reg-closed" role="status">
          <p>{closedMessage}</p>
          <ul className="reg-race-states">
            {races.map((r) => (
              <li key={r.slug}>
                {r.name}
                {r.availability === "sold_out" ? <span className="reg-badge reg-badge-sold-out">{t("soldOut")}</span> : null}
              </li>
            ))}
          </ul>
          <p>
            <Link href={`/events/${slug}`}>{t("back")}</Link>
          </p>
        </div>
      ) : (
        <>
          <p className="reg-intro">{t("intro")}</p>
          <NextIntlClientProvider messages={{ registration: messages.registration }}>
            <RegistrationForm config={config} action={submitRegistration.bind(null, slug)} />
          </NextIntlClientProvider>
        </>
      )}
    </article>
  );
}
