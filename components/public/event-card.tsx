import { getTranslations } from "next-intl/server";
import { Link } from "../../i18n/navigation";
import type { Locale } from "../../i18n/routing";
import type { EventView } from "../../server/events/present";
import { formatEventDate } from "./format";
import { RegistrationBadge } from "./registration-badge";

/** One event in the home page list: name (a link to the event page), date, city, races, registration state. */
export async function EventCard({
  event,
  locale,
  headingLevel,
}: {
  event: EventView;
  locale: Locale;
  headingLevel: 2 | 3;
}) {
  const t = await getTranslations("public.home");
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <article className="pub-card pub-event-card">
      <Heading className="pub-event-card-title">
        <Link href={`/events/${event.slug}`}>{event.name[locale]}</Link>
      </Heading>
      <dl className="pub-facts pub-facts-compact">
        <div>
          <dt>{t("date")}</dt>
          <dd>
            <time dateTime={event.date}>{formatEventDate(event.date, locale, "long")}</time>
          </dd>
        </div>
        <div>
          <dt>{t("city")}</dt>
          <dd>{event.city[locale]}</dd>
        </div>
        {event.races.length > 0 && (
          <div>
            <dt>{t("races")}</dt>
            <dd>{event.races.map((r) => r.name[locale]).join(" · ")}</dd>
          </div>
        )}
      </dl>
      <p className="pub-badge-line">
        <RegistrationBadge state={event.registrationState} />
      </p>
    </article>
  );
}
