import type { Metadata } from "next";
import { AdminBreadcrumb } from "@/components/admin/breadcrumb";
import { forbidden, notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { Pagination } from "@/components/admin/pagination";
import { ParticipantFilters, ParticipantTable, ParticipantTotals, exportHref, participantParams } from "@/components/admin/registrations/participant-list";
import { InvalidParameters } from "@/components/admin/registrations/invalid-parameters";
import type { Locale } from "@/i18n/routing";
import { LANGUAGE_TAG } from "@/i18n/routing";
import type { FieldIssue } from "@/core/validation";
import { eventAccessOf } from "@/server/auth/policy";
import { requireStaff } from "@/server/auth/session";
import { isDomainError } from "@/server/errors";
import { getEventWithRaces } from "@/server/events/queries";
import { firstValues, listRegistrations, type RegistrationPage } from "@/server/registration/list-registrations";
import "@/components/admin/registrations/registrations.css";
import "@/components/admin/registrations/participants.css";

type Params = Promise<{ slug: string }>;
type Search = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug } = await params;
  const t = await getTranslations("admin.registrations");
  return { title: `${t("title")} · ${slug}` };
}

/**
 * The participants table of an event (issue 6): search; race, status, wave, gender, age group and pickup filters;
 * counts per status; sortable columns; pages of 50; CSV and XLSX of the filtered view. Admins and the event's
 * organizers open an entry to act on it; its volunteers read the list for packet pickup; others get 403.
 */
export default async function RegistrationsPage({ params, searchParams }: { params: Params; searchParams: Search }) {
  const { slug } = await params;
  const path = `/admin/events/${slug}/registrations`;
  const actor = await requireStaff(path);
  const event = await getEventWithRaces(slug);
  if (!event) notFound();
  const access = await eventAccessOf(actor, event.id);
  if (!access) forbidden();
  const [t, locale, raw] = await Promise.all([getTranslations("admin"), getLocale() as Promise<Locale>, searchParams.then(firstValues)]);

  // A stale or hand-edited link with a bad filter still shows the list, without that filter, and says so. (The
  // race is checked after the other parameters, so a second pass may find more.)
  const issues: FieldIssue[] = [];
  let filters = raw;
  let page: RegistrationPage | undefined;
  for (let pass = 0; !page; pass++) {
    try {
      page = await listRegistrations(actor, slug, filters, { audience: "staff" });
    } catch (error) {
      if (!isDomainError(error) || error.code !== "validation_failed" || pass >= 3) throw error;
      issues.push(...error.issues);
      const bad = new Set(error.issues.map((i) => i.path));
      filters = Object.fromEntries(Object.entries(filters).filter(([k]) => !bad.has(k)));
    }
  }
  const { query } = page;
  const number = new Intl.NumberFormat(LANGUAGE_TAG[locale]);
  const from = page.total === 0 ? 0 : (page.page - 1) * page.pageSize + 1;
  const to = Math.min(page.total, page.page * page.pageSize);
  const filtered = Boolean(query.q || query.race || query.status || query.wave || query.gender || query.ageGroup || query.pickedUp);
  const eventName = locale === "zh" ? event.nameZh : event.nameEn;

  return (
    <>
      <AdminBreadcrumb label={t("nav.breadcrumb")} trail={[{ href: "/admin", text: t("events.title") }, { href: `/admin/events/${event.slug}`, text: eventName }]} />
      <div className="adm-page-head">
        <h1 id="page-title" className="adm-h1">
          {t("registrations.title")}
        </h1>
        {access !== "volunteer" ? (
          <div className="adm-page-head__actions adm-part-export">
            {/* The same filters and order as the list: the files hold every entry it matches (all pages). */}
            <p id="export-hint" className="adm-hint">
              {t("participants.exportHint")}
            </p>
            <a className="adm-button adm-button--quiet" href={exportHref(`${path}/export`, query)} download aria-describedby="export-hint">
              {t("registrations.downloadCsv")}
            </a>
            <a className="adm-button adm-button--quiet" href={exportHref(`${path}/export.xlsx`, query)} download aria-describedby="export-hint">
              {t("participants.downloadXlsx")}
            </a>
          </div>
        ) : null}
      </div>
      {access === "volunteer" ? (
        <p className="adm-callout adm-reg-note" role="note">
          {t("registrations.readOnly")}
        </p>
      ) : null}
      <InvalidParameters issues={issues} labels={{
          q: t("registrations.search"),
          race: t("registrations.race"),
          status: t("registrations.status"),
          wave: t("participants.wave"),
          gender: t("participants.gender"),
          ageGroup: t("participants.ageGroup"),
          pickedUp: t("participants.pickedUp"),
          sort: t("participants.sortParam"),
          order: t("participants.sortParam"),
          page: t("registrations.page"),
          pageSize: t("registrations.pageSize"),
        }} />

      <ParticipantFilters path={path} query={query} races={event.races} locale={locale} />
      <ParticipantTotals path={path} query={query} totals={page.totalsByStatus} locale={locale} />

      <section aria-labelledby="results-title">
        <h2 id="results-title" className="adm-h2">
          {t("registrations.results", { count: page.total })}
        </h2>
        {page.registrations.length === 0 ? (
          <p className="adm-empty">{filtered ? t("registrations.noneFound") : page.page > 1 ? t("registrations.pastEnd") : t("registrations.noneYet")}</p>
        ) : (
          <>
            {page.total > page.pageSize ? (
              <p className="adm-reg-summary">{t("registrations.showing", { from: number.format(from), to: number.format(to), total: number.format(page.total) })}</p>
            ) : null}
            <ParticipantTable path={path} eventSlug={event.slug} eventDate={event.date} timezone={event.timezone} items={page.registrations} query={query} locale={locale} />
          </>
        )}
        <Pagination path={path} current={participantParams(query)} page={page.page} pageSize={page.pageSize} total={page.total} locale={locale} />
      </section>
    </>
  );
}
