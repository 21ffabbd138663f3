import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { formatCalendarDate } from "@/components/admin/format";
import { Notice } from "@/components/admin/notices";
import { StatusBadge } from "@/components/admin/status-badge";
import type { Locale } from "@/i18n/routing";
import { requireStaff } from "@/server/auth/session";
import { listEventsForActor } from "@/server/events/queries";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("admin.events");
  return { title: t("title") };
}

/** The events the signed-in staff member may see. Any staff member; "New event" for admins and organizers. */
export default async function AdminHomePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireStaff("/admin");
  const [events, t, locale, search] = await Promise.all([listEventsForActor(actor), getTranslations("admin"), getLocale(), searchParams]);
  const canCreate = actor.kind === "system" || actor.role === "admin" || actor.role === "organizer";
  return (
    <>
      <div className="adm-page-head">
        <h1 id="page-title" className="adm-h1">
          {t("events.title")}
        </h1>
        {canCreate ? (
          <Link href="/admin/events/new" className="adm-button adm-button--primary">
            {t("events.new")}
          </Link>
        ) : null}
      </div>
      <Notice notice={search.notice} />
      {events.length === 0 ? (
        <p className="adm-empty">{canCreate ? t("events.emptyCreate") : t("events.emptyVolunteer")}</p>
      ) : (
        <div className="adm-table-wrap" role="region" aria-labelledby="page-title" tabIndex={0}>
          <table className="adm-table">
            <caption className="visually-hidden">{t("events.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("events.name")}</th>
                <th scope="col">{t("events.date")}</th>
                <th scope="col">{t("events.status")}</th>
                <th scope="col">{t("events.access")}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <th scope="row">
                    <Link href={`/admin/events/${e.slug}`} className="adm-strong-link">
                      {locale === "zh" ? e.nameZh : e.nameEn}
                    </Link>
                    <span className="adm-slug">{e.slug}</span>
                  </th>
                  <td>{formatCalendarDate(e.date, locale as Locale)}</td>
                  <td>
                    <StatusBadge status={e.status} />
                  </td>
                  <td>{t(`access.${e.access}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
