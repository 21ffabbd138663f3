import { getTranslations } from "next-intl/server";
import { currentPriceTier } from "../../core/pricing";
import { LivePlacesLeft, LiveRegisterLink } from "./live-event";
import type { Locale } from "../../i18n/routing";
import type { RaceView } from "../../server/events/present";
import { formatDateTime, formatKilometres, formatMoney, formatTime } from "./format";

/**
 * One race of an event: distance, price in force (and the tiers), places, age limits, start and waves, and a link
 * to register for it when `registerHref` is given (registration open, on sale) while it has places left. Places
 * left and the link follow the event's answer in the browser when inside LiveEvent (components/public/live-event.tsx).
 */
export async function RaceCard({
  race,
  locale,
  timeZone,
  now,
  registerHref = null,
}: {
  race: RaceView;
  locale: Locale;
  timeZone: string;
  now: Date;
  registerHref?: string | null;
}) {
  const t = await getTranslations("public.race");
  const tr = await getTranslations("registration.register");
  const headingId = `race-${race.slug}`;
  const current = currentPriceTier(race.priceTiers, now);

  function tierWindow(startsAt: string | null, endsAt: string | null): string {
    const start = startsAt ? formatDateTime(startsAt, locale, timeZone) : null;
    const end = endsAt ? formatDateTime(endsAt, locale, timeZone) : null;
    if (start && end) return t("tierBetween", { start, end });
    if (start) return t("tierFrom", { start });
    if (end) return t("tierUntil", { end });
    return t("tierAlways");
  }

  return (
    <article className="pub-card pub-race" aria-labelledby={headingId}>
      <h3 id={headingId}>{race.name[locale]}</h3>
      <dl className="pub-facts pub-race-facts">
        <div>
          <dt>{t("distance")}</dt>
          <dd>{t("distanceValue", { km: formatKilometres(race.distanceMeters, locale) })}</dd>
        </div>
        <div>
          <dt>{t("price")}</dt>
          <dd className="pub-price">
            {race.priceCents === null ? t("priceUnavailable") : formatMoney(race.priceCents, race.currency, locale)}
          </dd>
        </div>
        <div>
          <dt>{t("placesLeft")}</dt>
          <dd>
            <LivePlacesLeft race={race.slug} left={race.placesLeft} capacity={race.capacity} />
          </dd>
        </div>
        <div>
          <dt>{t("ageLimits")}</dt>
          <dd>{t("ageRange", { min: race.minAge, max: race.maxAge })}</dd>
        </div>
        <div>
          <dt>{t("start")}</dt>
          <dd>
            <time dateTime={race.startTime}>{formatTime(race.startTime, locale, timeZone)}</time>
          </dd>
        </div>
      </dl>

      {race.minAge < 18 && <p className="pub-note">{t("minorsNote")}</p>}

      {registerHref && (
        <LiveRegisterLink races={[{ slug: race.slug, left: race.placesLeft }]} href={registerHref} className="reg-race-register" linkClassName="reg-button">
          {tr("raceLink", { race: race.name[locale] })}
        </LiveRegisterLink>
      )}

      {race.priceTiers.length > 1 && (
        <>
          <h4>{t("priceTiers")}</h4>
          <ul className="pub-tiers">
            {race.priceTiers.map((tier, i) => {
              const inForce = current !== null && tier === current;
              return (
                <li key={i} className={inForce ? "pub-tier-current" : undefined}>
                  <span>{tierWindow(tier.startsAt, tier.endsAt)}</span>
                  <span className="pub-tier-price">
                    {formatMoney(tier.priceCents, race.currency, locale)}
                    {inForce && (
                      <>
                        {" "}
                        <span className="pub-badge pub-badge-open">{t("currentTier")}</span>
                      </>
                    )}
                  </span>
                </li>
              );
            })}
          </ul>
        </>
      )}

      {race.waves.length > 0 && (
        <>
          <h4>{t("waves")}</h4>
          <dl className="pub-waves">
            {race.waves.map((wave) => (
              <div key={wave.name}>
                <dt>{wave.name}</dt>
                <dd>
                  <time dateTime={wave.startTime}>{formatTime(wave.startTime, locale, timeZone)}</time>
                </dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </article>
  );
}
