import type { Metadata } from "next";
import Link from "next/link";
import { AdminBreadcrumb } from "@/components/admin/breadcrumb";
import { forbidden, notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { BibSettings } from "@/components/admin/bibs/bib-settings";
import { PROPOSAL_PAGE_SIZE, ProposalCounts, ProposalTable, WithoutBib } from "@/components/admin/bibs/proposal";
import { proposalCounts } from "@/components/admin/bibs/proposal-counts";
import { ConfirmStep } from "@/components/admin/confirm-step";
import { FocusOnMount } from "@/components/admin/registrations/focus-on-mount";
import { hrefWith } from "@/components/admin/registrations/format";
import { LANGUAGE_TAG, type Locale } from "@/i18n/routing";
import { eventAccessOf } from "@/server/auth/policy";
import { requireStaff } from "@/server/auth/session";
import { proposeBibs, type BibProposalView } from "@/server/bibs";
import { isDomainError } from "@/server/errors";
import { getEventWithRaces } from "@/server/events/queries";
import { firstValues } from "@/server/registration/list-registrations";
import { applyBibsAction } from "./actions";
import "@/components/admin/registrations/registrations.css";
import "@/components/admin/bibs/bibs.css";

type Params = Promise<{ slug: string; race: string }>;
type Search = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug, race } = await params;
  const t = await getTranslations("admin.bibs");
  return { title: `${t("title")} · ${race} · ${slug}` };
}

async function proposalOrRefuse(...args: Parameters<typeof proposeBibs>): Promise<BibProposalView> {
  try {
    return await proposeBibs(...args);
  } catch (error) {
    if (isDomainError(error) && error.code === "not_found") notFound();
    if (isDomainError(error) && error.code === "forbidden") forbidden();
    throw error;
  }
}

const COUNT_PARAMS = ["changed", "same", "kept", "without"] as const;

/**
 * A race's bib numbers: how they are given (strategy, ranges, waves), a preview of the batch assignment
 * (`?preview=1`: who gets which bib, the bib they hold now, their wave, the counts and the entries left without a
 * bib), then "Apply" after a confirmation step (`&confirm=1`). Reading the preview changes nothing; the
 * assignment is worked out again when it is applied. Admins and the event's organizers only.
 */
export default async function RaceBibsPage({ params, searchParams }: { params: Params; searchParams: Search }) {
  const { slug, race: raceSlug } = await params;
  const path = `/admin/events/${slug}/races/${raceSlug}/bibs`;
  const actor = await requireStaff(path);
  const event = await getEventWithRaces(slug);
  if (!event) notFound();
  const access = await eventAccessOf(actor, event.id);
  if (access !== "admin" && access !== "organizer") forbidden();
  const race = event.races.find((r) => r.slug === raceSlug);
  if (!race) notFound();
  const [t, locale, sp] = await Promise.all([getTranslations("admin"), getLocale() as Promise<Locale>, searchParams.then(firstValues)]);
  const eventName = locale === "zh" ? event.nameZh : event.nameEn;
  const raceName = locale === "zh" ? race.nameZh : race.nameEn;
  const n = new Intl.NumberFormat(LANGUAGE_TAG[locale]);

  const previewing = sp.preview === "1";
  const confirming = previewing && sp.confirm === "1";
  const view = previewing ? await proposalOrRefuse(actor, event.slug, race.slug) : null;
  const counts = view ? proposalCounts(view) : null;
  const pages = view ? Math.max(1, Math.ceil(view.assignments.length / PROPOSAL_PAGE_SIZE)) : 1;
  const page = Math.min(pages, Math.max(1, Number.parseInt(sp.page ?? "1", 10) || 1));
  const previewHref = `${path}?preview=1`;

  const applied = sp.notice === "applied" && COUNT_PARAMS.every((k) => /^\d{1,9}$/.test(sp[k] ?? ""));
  const notice = applied
    ? [
        t("bibs.notices.applied", Object.fromEntries(COUNT_PARAMS.map((k) => [k, n.format(Number(sp[k]))]))),
        Number(sp.without) > 0 ? t("bibs.notices.appliedWithout", { count: Number(sp.without), countText: n.format(Number(sp.without)) }) : null,
      ]
        .filter(Boolean)
        .join(" ")
    : null;

  return (
    <>
      <AdminBreadcrumb label={t("nav.breadcrumb")} trail={[{ href: "/admin", text: t("events.title") }, { href: `/admin/events/${event.slug}`, text: eventName }, { href: `/admin/events/${event.slug}/races/${race.slug}`, text: raceName }]} />
      <h1 id="page-title" className="adm-h1">
        {t("bibs.heading", { race: raceName })}
      </h1>
      <p className="adm-lead">{t("bibs.lead")}</p>
      <div role="status" className={notice ? "adm-notice" : undefined}>
        {notice}
      </div>

      {confirming && view && counts ? (
        <ConfirmStep
          title={t("bibs.confirmTitle")}
          action={applyBibsAction}
          fields={{ eventSlug: event.slug, raceSlug: race.slug }}
          confirmLabel={t("bibs.confirm")}
          pendingLabel={t("bibs.applying")}
          backHref={previewHref}
          backLabel={t("bibs.backToPreview")}
        >
          <ProposalCounts view={view} locale={locale} />
          <p>{t("bibs.confirmBody", { count: counts.changed, countText: n.format(counts.changed) })}</p>
          {counts.without > 0 ? <p>{t("bibs.confirmWithout", { count: counts.without, countText: n.format(counts.without) })}</p> : null}
          <p>{t("bibs.confirmFresh")}</p>
        </ConfirmStep>
      ) : null}

      {confirming ? null : <BibSettings race={race} eventSlug={event.slug} zone={event.timezone} locale={locale} />}

      {confirming ? null : (
        <section className="adm-section" aria-labelledby="assign-title">
          <h2 id="assign-title" className="adm-h2">
            {t("bibs.assignTitle")}
          </h2>
          <p>{t("bibs.assignIntro")}</p>
          <form method="get" action={path} className="adm-actions">
            <input type="hidden" name="preview" value="1" />
            <button type="submit" className={`adm-button${view ? "" : " adm-button--primary"}`}>
              {view ? t("bibs.previewAgain") : t("bibs.preview")}
            </button>
          </form>
        </section>
      )}

      {view && counts && !confirming ? (
        <section className="adm-section" aria-labelledby="proposal-title">
          <FocusOnMount id="proposal-title" />
          <h2 id="proposal-title" className="adm-h2 adm-bib-focus" tabIndex={-1}>
            {t("bibs.proposalTitle")}
          </h2>
          {view.total === 0 ? (
            <p className="adm-empty">{t("bibs.noEntries")}</p>
          ) : (
            <>
              <ProposalCounts view={view} locale={locale} />
              <WithoutBib view={view} eventSlug={event.slug} locale={locale} />
              {counts.changed === 0 && counts.without === 0 ? <p className="adm-callout adm-bib-apply">{t("bibs.nothingToChange")}</p> : null}
              {/* Also without bib changes: applying places entries that have no wave yet. */}
              <div className="adm-actions adm-bib-apply">
                <Link href={`${previewHref}&confirm=1`} className="adm-button adm-button--primary">
                  {t("bibs.apply")}
                </Link>
              </div>
              <ProposalTable view={view} eventSlug={event.slug} page={page} locale={locale} />
              {pages > 1 ? (
                <nav aria-label={t("registrations.pagination")} className="adm-reg-pages">
                  {page > 1 ? (
                    <Link href={hrefWith(path, { preview: "1" }, { page: page - 1 })} className="adm-button" rel="prev">
                      {t("registrations.previous")}
                    </Link>
                  ) : (
                    <span />
                  )}
                  <p>{t("registrations.pageOf", { page: n.format(page), pages: n.format(pages) })}</p>
                  {page < pages ? (
                    <Link href={hrefWith(path, { preview: "1" }, { page: page + 1 })} className="adm-button" rel="next">
                      {t("registrations.next")}
                    </Link>
                  ) : (
                    <span />
                  )}
                </nav>
              ) : null}
            </>
          )}
        </section>
      ) : null}
    </>
  );
}
