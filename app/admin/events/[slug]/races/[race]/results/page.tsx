import type { Metadata } from "next";
import { forbidden, notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { AdminBreadcrumb } from "@/components/admin/breadcrumb";
import { formatInstant } from "@/components/admin/format";
import { ResultsUpload } from "@/components/admin/results-upload";
import { LANGUAGE_TAG, type Locale } from "@/i18n/routing";
import { eventAccessOf } from "@/server/auth/policy";
import { requireStaff } from "@/server/auth/session";
import { isDomainError } from "@/server/errors";
import { getEventWithRaces, PUBLIC_STATUSES } from "@/server/events/queries";
import { getRaceResultsInfo } from "@/server/results/queries";
import type { RaceResultsInfo } from "@/server/results/types";

type Params = Promise<{ slug: string; race: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug, race } = await params;
  const t = await getTranslations("admin.resultsImport");
  return { title: `${t("title")} · ${race} · ${slug}` };
}

/** The race's results as spectators see them now; null while the event is not public (no results pages yet). */
async function publicInfo(eventSlug: string, raceSlug: string): Promise<RaceResultsInfo | null> {
  try {
    return await getRaceResultsInfo(eventSlug, raceSlug);
  } catch (error) {
    if (isDomainError(error) && error.code === "not_found") return null;
    throw error;
  }
}

const FORMAT_COLUMNS = ["bib", "name", "gender", "age", "birth_date", "gun_time", "net_time", "status", "split"] as const;

/**
 * A race's results (issue 5, "Import"): what is published now (rows, finishers, the last import, links to the
 * public leaderboard and the CSV), the upload (preview, then import with a progress bar:
 * components/admin/results-upload.tsx) and the file format in short. Admins and the event's organizers only.
 */
export default async function RaceResultsPage({ params }: { params: Params }) {
  const { slug, race: raceSlug } = await params;
  const path = `/admin/events/${slug}/races/${raceSlug}/results`;
  const actor = await requireStaff(path);
  const event = await getEventWithRaces(slug);
  if (!event) notFound();
  const access = await eventAccessOf(actor, event.id);
  if (access !== "admin" && access !== "organizer") forbidden();
  const race = event.races.find((r) => r.slug === raceSlug);
  if (!race) notFound();
  const [t, tAdmin, locale] = await Promise.all([getTranslations("admin.resultsImport"), getTranslations("admin"), getLocale() as Promise<Locale>]);
  const isPublic = (PUBLIC_STATUSES as readonly string[]).includes(event.status);
  const info = isPublic ? await publicInfo(event.slug, race.slug) : null;
  const eventName = locale === "zh" ? event.nameZh : event.nameEn;
  const raceName = locale === "zh" ? race.nameZh : race.nameEn;
  const n = new Intl.NumberFormat(LANGUAGE_TAG[locale]);
  const leaderboardHref = `/${locale}/events/${event.slug}/results/${race.slug}`;
  const csvHref = `/api/v1/events/${event.slug}/races/${race.slug}/results.csv`;

  return (
    <>
      <AdminBreadcrumb
        label={tAdmin("nav.breadcrumb")}
        trail={[
          { href: "/admin", text: tAdmin("events.title") },
          { href: `/admin/events/${event.slug}`, text: eventName },
          { href: `/admin/events/${event.slug}/races/${race.slug}`, text: raceName },
        ]}
      />
      <h1 id="page-title" className="adm-h1">
        {t("heading", { race: raceName })}
      </h1>
      <p className="adm-lead">{t("lead")}</p>

      <section aria-labelledby="current-title">
        <h2 id="current-title" className="adm-h2">
          {t("currentTitle")}
        </h2>
        {!isPublic ? (
          <p className="adm-callout">{t("notPublic")}</p>
        ) : info && info.version > 0 ? (
          <>
            <dl className="adm-facts">
              <div>
                <dt>{t("current.rows")}</dt>
                <dd>{n.format(info.total)}</dd>
              </div>
              <div>
                <dt>{t("current.finishers")}</dt>
                <dd>{n.format(info.finishers)}</dd>
              </div>
              <div>
                <dt>{t("current.lastImport")}</dt>
                <dd>{info.updatedAt ? formatInstant(new Date(info.updatedAt), event.timezone, locale) : "–"}</dd>
              </div>
              <div>
                <dt>{t("current.splits")}</dt>
                <dd>{info.splitLabels.length > 0 ? info.splitLabels.join(locale === "zh" ? "、" : ", ") : t("current.noSplits")}</dd>
              </div>
            </dl>
            <div className="adm-actions">
              <a href={leaderboardHref} className="adm-button">
                {t("leaderboard")}
              </a>
              <a href={csvHref} className="adm-button" download>
                {t("csv")}
              </a>
            </div>
          </>
        ) : (
          <p className="adm-empty">{t("current.none")}</p>
        )}
      </section>

      <section className="adm-section">
        <ResultsUpload previewUrl={`${path}/preview`} importUrl={`${path}/import`} leaderboardHref={leaderboardHref} />
      </section>

      <section className="adm-section" aria-labelledby="format-title">
        <h2 id="format-title" className="adm-h2">
          {t("format.title")}
        </h2>
        <p>{t("format.intro")}</p>
        <dl className="adm-results-format">
          {FORMAT_COLUMNS.map((column) => (
            <div key={column}>
              <dt>
                <code>{column === "split" ? "split_<label>" : column}</code>
              </dt>
              <dd>{t(`format.columns.${column}`)}</dd>
            </div>
          ))}
        </dl>
        <p>{t("format.times")}</p>
        <p>{t("format.allOrNothing")}</p>
      </section>
    </>
  );
}
