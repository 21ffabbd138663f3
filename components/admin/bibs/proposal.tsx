import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { LANGUAGE_TAG, type Locale } from "@/i18n/routing";
import type { BibProposalView } from "@/server/bibs";
import { proposalCounts } from "./proposal-counts";

export const PROPOSAL_PAGE_SIZE = 100;

/** The counts of a proposal as a short list (also used on the confirmation step). */
export async function ProposalCounts({ view, locale }: { view: BibProposalView; locale: Locale }) {
  const t = await getTranslations("admin.bibs");
  const n = new Intl.NumberFormat(LANGUAGE_TAG[locale]);
  const c = proposalCounts(view);
  return (
    <ul className="adm-bib-counts">
      <li>
        <span className="adm-reg-count">{n.format(c.total)}</span> {t("countTotal", { count: c.total })}
      </li>
      <li>
        <span className="adm-reg-count">{n.format(c.changed)}</span> {t("countChanged", { count: c.changed })}
      </li>
      <li>
        <span className="adm-reg-count">{n.format(c.same)}</span> {t("countSame", { count: c.same })}
      </li>
      <li>
        <span className="adm-reg-count">{n.format(c.kept)}</span> {t("countKept", { count: c.kept })}
      </li>
      <li className={c.without > 0 ? "adm-bib-counts__warn" : undefined}>
        <span className="adm-reg-count">{n.format(c.without)}</span> {t("countWithout", { count: c.without })}
      </li>
    </ul>
  );
}

/**
 * The entries a batch would leave without a bib (the ranges ran out), each linked to its page, with what to do
 * about it. Nothing when every entry gets one.
 */
export async function WithoutBib({ view, eventSlug, locale }: { view: BibProposalView; eventSlug: string; locale: Locale }) {
  if (view.withoutBib.length === 0) return null;
  const t = await getTranslations("admin.bibs");
  const n = new Intl.NumberFormat(LANGUAGE_TAG[locale]);
  return (
    <div className="adm-bib-warning" role="group" aria-labelledby="without-title">
      <h3 id="without-title" className="adm-h3">
        {t("withoutTitle", { count: view.withoutBib.length, countText: n.format(view.withoutBib.length) })}
      </h3>
      <p>{t("withoutBody")}</p>
      <ul className="adm-bib-without">
        {view.withoutBib.map((e) => (
          <li key={e.registrationId}>
            <Link href={`/admin/events/${eventSlug}/registrations/${e.registrationId}`}>{e.name}</Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * Who gets which bib, one page of the proposal: the new bib, the runner (linked), the bib they hold now and their
 * wave. On a phone each row is a card (registrations.css, adm-reg-table).
 */
export async function ProposalTable({ view, eventSlug, page, locale }: { view: BibProposalView; eventSlug: string; page: number; locale: Locale }) {
  const t = await getTranslations("admin.bibs");
  if (view.assignments.length === 0) return null;
  const rows = view.assignments.slice((page - 1) * PROPOSAL_PAGE_SIZE, page * PROPOSAL_PAGE_SIZE);
  const n = new Intl.NumberFormat(LANGUAGE_TAG[locale]);
  return (
    <div className="adm-table-wrap adm-reg-table-wrap" role="region" aria-labelledby="proposal-caption" tabIndex={0}>
      <table className="adm-table adm-reg-table adm-bib-table">
        <caption id="proposal-caption" className="visually-hidden">
          {t("caption", {
            from: n.format((page - 1) * PROPOSAL_PAGE_SIZE + 1),
            to: n.format((page - 1) * PROPOSAL_PAGE_SIZE + rows.length),
            total: n.format(view.assignments.length),
          })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t("newBib")}</th>
            <th scope="col">{t("runner")}</th>
            <th scope="col">{t("previousBib")}</th>
            <th scope="col">{t("wave")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => {
            const changed = a.bib !== a.previousBib;
            return (
              <tr key={a.registrationId} className={changed ? undefined : "adm-bib-row--same"}>
                <th scope="row">
                  <span className="adm-bib-number">{a.bib}</span>
                </th>
                <td data-label={t("runner")}>
                  <Link href={`/admin/events/${eventSlug}/registrations/${a.registrationId}`}>{a.name}</Link>
                </td>
                <td data-label={t("previousBib")}>
                  {a.previousBib === null ? t("noPrevious") : changed ? <span className="adm-reg-mono">{a.previousBib}</span> : t("sameBib")}
                </td>
                <td data-label={t("wave")}>{a.wave ?? t("noWave")}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
