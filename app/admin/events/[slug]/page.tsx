import type { Metadata } from "next";
import Link from "next/link";
import { AdminBreadcrumb } from "@/components/admin/breadcrumb";
import { forbidden, notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { EditEventForm } from "@/components/admin/edit-event-form";
import { formatCalendarDate, formatInstant } from "@/components/admin/format";
import { eventFormDefaults } from "@/components/admin/form-defaults";
import { Notice } from "@/components/admin/notices";
import { PublishForm } from "@/components/admin/publish-form";
import { RaceForm } from "@/components/admin/race-form";
import { NEW_RACE_DEFAULTS } from "@/components/admin/race-fields";
import { RaceTable } from "@/components/admin/race-table";
import { StatusBadge } from "@/components/admin/status-badge";
import type { Locale } from "@/i18n/routing";
import { eventAccessOf } from "@/server/auth/policy";
import { requireStaff } from "@/server/auth/session";
import { getEventWithRaces } from "@/server/events/queries";
import { addRaceAction, setEventStatusAction, updateEventAction } from "./actions";

type Params = Promise<{ slug: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug } = await params;
  return { title: slug };
}

/**
 * One event. Admins and the event's organizers edit it (fields, publish, races); its volunteers see it read-only
 * with a "not allowed to change" note; other staff get "not allowed".
 */
export default async function EventAdminPage({ params, searchParams }: { params: Params; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const actor = await requireStaff(`/admin/events/${slug}`);
  const event = await getEventWithRaces(slug);
  if (!event) notFound();
  const access = await eventAccessOf(actor, event.id);
  if (!access) forbidden();
  const [t, locale, search] = await Promise.all([getTranslations("admin"), getLocale() as Promise<Locale>, searchParams]);
  const name = locale === "zh" ? event.nameZh : event.nameEn;
  const editable = access === "admin" || access === "organizer";
  const isPublic = event.status === "published" || event.status === "closed";

  return (
    <>
      <AdminBreadcrumb label={t("nav.breadcrumb")} trail={[{ href: "/admin", text: t("events.title") }]} />
      <div className="adm-page-head">
        <h1 id="page-title" className="adm-h1">
          {name} <StatusBadge status={event.status} />
        </h1>
        <div className="adm-page-head__actions">
          {editable ? (
            <Link href={`/admin/events/${event.slug}/dashboard`} className="adm-button">
              {t("dashboard.link")}
            </Link>
          ) : null}
          <Link href={`/admin/events/${event.slug}/registrations`} className="adm-button">
            {t("event.registrations")}
          </Link>
          <Link href={`/admin/events/${event.slug}/pickup`} className="adm-button">
            {t("pickup.link")}
          </Link>
          {editable ? (
            <Link href={`/admin/events/${event.slug}/discount-codes`} className="adm-button">
              {t("event.discountCodes")}
            </Link>
          ) : null}
          {editable ? (
            <Link href={`/admin/events/${event.slug}/exports`} className="adm-button">
              {t("event.exports")}
            </Link>
          ) : null}
          {editable ? (
            <Link href={`/admin/events/${event.slug}/staff`} className="adm-button">
              {t("staff.link")}
            </Link>
          ) : null}
          {editable ? (
            <Link href={`/admin/events/${event.slug}/messages`} className="adm-button">
              {t("messages.link")}
            </Link>
          ) : null}
          {isPublic ? (
            <a href={`/${locale}/events/${event.slug}`} className="adm-button adm-button--quiet">
              {t("event.viewPublic")}
            </a>
          ) : null}
          {editable ? <PublishForm action={setEventStatusAction} eventSlug={event.slug} published={event.status === "published"} /> : null}
        </div>
      </div>
      <Notice notice={search.notice} />
      {!editable ? (
        <div className="adm-readonly" role="note" aria-labelledby="readonly-title">
          <h2 id="readonly-title" className="adm-h3">
            {t("forbidden.readOnlyTitle")}
          </h2>
          <p>{t("forbidden.editEvent")}</p>
        </div>
      ) : null}

      {editable ? null : (
        <dl className="adm-facts">
          <div>
            <dt>{t("eventFields.slug")}</dt>
            <dd>{event.slug}</dd>
          </div>
          <div>
            <dt>{t("eventFields.date")}</dt>
            <dd>{formatCalendarDate(event.date, locale)}</dd>
          </div>
          <div>
            <dt>{t("eventFields.timezone")}</dt>
            <dd>{event.timezone}</dd>
          </div>
          <div>
            <dt>{t("event.venue")}</dt>
            <dd>{[locale === "zh" ? event.venueZh : event.venueEn, locale === "zh" ? event.cityZh : event.cityEn].filter(Boolean).join(", ") || "—"}</dd>
          </div>
          <div>
            <dt>{t("event.registration")}</dt>
            <dd>
              {event.registrationOpensAt ? formatInstant(event.registrationOpensAt, event.timezone, locale) : "—"} –{" "}
              {event.registrationClosesAt ? formatInstant(event.registrationClosesAt, event.timezone, locale) : "—"}
            </dd>
          </div>
        </dl>
      )}

      <section className="adm-section" aria-labelledby="races-title">
        <h2 id="races-title" className="adm-h2">
          {t("event.races")}
        </h2>
        <RaceTable event={event} locale={locale} editable={editable} />
        {editable ? (
          <details className="adm-details">
            <summary className="adm-button">{t("raceForm.addTitle")}</summary>
            <h3 id="add-race-title" className="adm-h3">
              {t("raceForm.addTitle")}
            </h3>
            <RaceForm
              action={addRaceAction}
              eventSlug={event.slug}
              timezone={event.timezone}
              defaults={{ ...NEW_RACE_DEFAULTS, startTime: `${event.date}T07:30` }}
              labelledBy="add-race-title"
            />
          </details>
        ) : null}
      </section>

      {editable ? (
        <section className="adm-section" aria-labelledby="event-details-title">
          <h2 id="event-details-title" className="adm-h2">
            {t("event.details")}
          </h2>
          <EditEventForm action={updateEventAction} eventSlug={event.slug} defaults={eventFormDefaults(event)} />
        </section>
      ) : null}
    </>
  );
}
