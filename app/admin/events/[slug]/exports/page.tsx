import type { Metadata } from "next";
import { AdminBreadcrumb } from "@/components/admin/breadcrumb";
import { forbidden, notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { LANGUAGE_TAG, type Locale } from "@/i18n/routing";
import { requireStaff } from "@/server/auth/session";
import { isDomainError } from "@/server/errors";
import { exportSummary, type ExportSummary } from "@/server/exports/export-entries";
import { firstValues } from "@/server/registration/list-registrations";
import "./exports.css";

type Params = Promise<{ slug: string }>;
type Search = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug } = await params;
  const t = await getTranslations("admin.exports");
  return { title: `${t("title")} · ${slug}` };
}

async function summaryOrRefuse(actor: Parameters<typeof exportSummary>[0], slug: string) {
  try {
    return await exportSummary(actor, slug);
  } catch (error) {
    if (isDomainError(error) && error.code === "forbidden") forbidden();
    if (isDomainError(error) && error.code === "not_found") notFound();
    throw error;
  }
}

/** The race and wave of the address, kept only when the event has them (the downloads would refuse others). */
function selectionOf(summary: ExportSummary, raw: Record<string, string | undefined>): { race?: string; wave?: string } {
  const race = summary.races.find((r) => r.slug === raw.race);
  const waves = race ? race.waves : summary.races.flatMap((r) => r.waves);
  const wave = raw.wave && waves.includes(raw.wave) ? raw.wave : undefined;
  return { race: race?.slug, wave };
}

function withQuery(base: string, params: Record<string, string | undefined>): string {
  const search = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1]))).toString();
  return search ? `${base}?${search}` : base;
}

/**
 * The downloads of an event for the printer (bib sheet PDF, bib list XLSX/CSV) and the timing company (start list
 * CSV), for one race and wave or all. Admins and the event's organizers; other staff get "not allowed".
 */
export default async function ExportsPage({ params, searchParams }: { params: Params; searchParams: Search }) {
  const { slug } = await params;
  const path = `/admin/events/${slug}/exports`;
  const actor = await requireStaff(path);
  const { event, summary } = await summaryOrRefuse(actor, slug);
  const [t, locale, raw] = await Promise.all([getTranslations("admin"), getLocale() as Promise<Locale>, searchParams.then(firstValues)]);
  const number = new Intl.NumberFormat(LANGUAGE_TAG[locale]);
  const eventName = locale === "zh" ? event.nameZh : event.nameEn;
  const raceName = (r: { nameZh: string; nameEn: string }) => (locale === "zh" ? r.nameZh : r.nameEn);
  const selected = selectionOf(summary, raw);
  const selectedRace = summary.races.find((r) => r.slug === selected.race);
  const waveOptions = [...new Set((selectedRace ? [selectedRace] : summary.races).flatMap((r) => r.waves))];
  const missing = summary.confirmed - summary.withBib;
  const href = (file: string, extra: Record<string, string | undefined> = {}) => withQuery(`${path}/${file}`, { ...selected, ...extra });

  return (
    <>
      <AdminBreadcrumb label={t("nav.breadcrumb")} trail={[{ href: "/admin", text: t("events.title") }, { href: `/admin/events/${event.slug}`, text: eventName }]} />
      <h1 id="page-title" className="adm-h1">
        {t("exports.title")}
      </h1>
      <p className="adm-lead">{t("exports.lead")}</p>

      <section aria-labelledby="summary-title">
        <h2 id="summary-title" className="adm-h2">
          {t("exports.summaryTitle")}
        </h2>
        {summary.confirmed === 0 ? (
          <p className="adm-empty">{t("exports.noEntries")}</p>
        ) : (
          <>
            <p>{t("exports.summary", { confirmed: summary.confirmed, withBib: summary.withBib })}</p>
            {missing > 0 ? (
              <p className="adm-callout" role="note">
                {t("exports.missingBibs", { count: missing })}
              </p>
            ) : null}
            <div className="adm-table-wrap">
              <table className="adm-table adm-exp-table">
                <caption className="visually-hidden">{t("exports.caption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("exports.race")}</th>
                    <th scope="col">{t("exports.confirmed")}</th>
                    <th scope="col">{t("exports.withBib")}</th>
                  </tr>
                </thead>
                <tbody>
                  {summary.races.map((r) => (
                    <tr key={r.slug}>
                      <th scope="row">{raceName(r)}</th>
                      <td>{number.format(r.confirmed)}</td>
                      <td>{number.format(r.withBib)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>

      <form method="get" action={path} className="adm-exp-filters" aria-labelledby="filters-title">
        <h2 id="filters-title" className="adm-h3 adm-legend">
          {t("exports.filtersTitle")}
        </h2>
        <div className="adm-field">
          <label htmlFor="exp-race" className="adm-label">
            {t("exports.race")}
          </label>
          <select id="exp-race" name="race" defaultValue={selected.race ?? ""} className="adm-input">
            <option value="">{t("exports.allRaces")}</option>
            {summary.races.map((r) => (
              <option key={r.slug} value={r.slug}>
                {raceName(r)}
              </option>
            ))}
          </select>
        </div>
        <div className="adm-field">
          <label htmlFor="exp-wave" className="adm-label">
            {t("exports.wave")}
          </label>
          <select id="exp-wave" name="wave" defaultValue={selected.wave ?? ""} className="adm-input" aria-describedby="exp-wave-hint">
            <option value="">{t("exports.allWaves")}</option>
            {waveOptions.map((w) => (
              <option key={w} value={w}>
                {w}
              </option>
            ))}
          </select>
        </div>
        <p id="exp-wave-hint" className="adm-hint">
          {t("exports.waveHint")}
        </p>
        <div className="adm-actions">
          <button type="submit" className="adm-button adm-button--primary">
            {t("exports.apply")}
          </button>
        </div>
      </form>
      <p role="status">
        {t("exports.selection", { race: selectedRace ? raceName(selectedRace) : t("exports.allRaces"), wave: selected.wave ?? t("exports.allWaves") })}
      </p>

      <div className="adm-exp-cards">
        <section className="adm-exp-card" aria-labelledby="pdf-title">
          <h2 id="pdf-title" className="adm-h2">
            {t("exports.pdfTitle")}
          </h2>
          <p>{t("exports.pdfBody")}</p>
          <ul className="adm-exp-downloads">
            <li>
              <a className="adm-button adm-button--primary" href={href("bibs.pdf", { layout: "a5" })} download aria-describedby="pdf-a5-hint">
                {t("exports.pdfA5")}
              </a>
              <p id="pdf-a5-hint" className="adm-hint">
                {t("exports.pdfA5Hint")}
              </p>
            </li>
            <li>
              <a className="adm-button" href={href("bibs.pdf", { layout: "a4" })} download aria-describedby="pdf-a4-hint">
                {t("exports.pdfA4")}
              </a>
              <p id="pdf-a4-hint" className="adm-hint">
                {t("exports.pdfA4Hint")}
              </p>
            </li>
          </ul>
        </section>

        <section className="adm-exp-card" aria-labelledby="list-title">
          <h2 id="list-title" className="adm-h2">
            {t("exports.listTitle")}
          </h2>
          <p>{t("exports.listBody")}</p>
          <ul className="adm-exp-downloads">
            <li>
              <a className="adm-button" href={href("bibs.xlsx")} download>
                {t("exports.xlsx")}
              </a>
            </li>
            <li>
              <a className="adm-button" href={href("bibs.csv")} download>
                {t("exports.csv")}
              </a>
            </li>
          </ul>
        </section>

        <section className="adm-exp-card" aria-labelledby="start-title">
          <h2 id="start-title" className="adm-h2">
            {t("exports.startTitle")}
          </h2>
          <p className="adm-exp-path">{t("exports.startBody", { path: `GET /api/v1/events/${event.slug}/entries` })}</p>
          <ul className="adm-exp-downloads">
            <li>
              <a className="adm-button" href={href("start-list.csv")} download>
                {t("exports.startCsv")}
              </a>
            </li>
          </ul>
        </section>
      </div>
    </>
  );
}
