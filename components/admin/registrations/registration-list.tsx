import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { RegistrationStatus } from "@/db/types";
import { LANGUAGE_TAG, type Locale } from "@/i18n/routing";
import type { RaceWithWaves } from "@/server/events/queries";
import type { RegistrationListItem, RegistrationQuery } from "@/server/registration/list-registrations";
import { Badge } from "./badge";
import { formatWhen, hrefWith, runnerName } from "./format";

const STATUS_ORDER: RegistrationStatus[] = ["confirmed", "held", "expired", "cancelled", "refunded", "transferred"];

type Current = Record<string, string | undefined>;

function currentOf(query: RegistrationQuery): Current {
  return { q: query.q, race: query.race, status: query.status, pageSize: query.pageSize === 50 ? undefined : String(query.pageSize) };
}

/** The search box and the race and status filters: a GET form, so results can be bookmarked and shared. */
export async function RegistrationFilters({ path, query, races, locale }: { path: string; query: RegistrationQuery; races: RaceWithWaves[]; locale: Locale }) {
  const t = await getTranslations("admin");
  return (
    <form method="get" action={path} className="adm-reg-filters" role="search" aria-label={t("registrations.searchLabel")}>
      <div className="adm-field">
        <label htmlFor="reg-q" className="adm-label">
          {t("registrations.search")}
        </label>
        <p id="reg-q-hint" className="adm-hint">
          {t("registrations.searchHint")}
        </p>
        <input id="reg-q" name="q" type="search" defaultValue={query.q ?? ""} maxLength={100} aria-describedby="reg-q-hint" className="adm-input" autoComplete="off" spellCheck={false} />
      </div>
      <div className="adm-field">
        <label htmlFor="reg-race" className="adm-label">
          {t("registrations.race")}
        </label>
        <select id="reg-race" name="race" defaultValue={query.race ?? ""} className="adm-input">
          <option value="">{t("registrations.allRaces")}</option>
          {races.map((r) => (
            <option key={r.id} value={r.slug}>
              {locale === "zh" ? r.nameZh : r.nameEn}
            </option>
          ))}
        </select>
      </div>
      <div className="adm-field">
        <label htmlFor="reg-status" className="adm-label">
          {t("registrations.status")}
        </label>
        <select id="reg-status" name="status" defaultValue={query.status ?? ""} className="adm-input">
          <option value="">{t("registrations.allStatuses")}</option>
          {STATUS_ORDER.map((s) => (
            <option key={s} value={s}>
              {t(`entryStatus.${s}`)}
            </option>
          ))}
        </select>
      </div>
      {query.pageSize !== 50 ? <input type="hidden" name="pageSize" value={query.pageSize} /> : null}
      <div className="adm-actions">
        <button type="submit" className="adm-button adm-button--primary">
          {t("registrations.apply")}
        </button>
        {query.q || query.race || query.status ? (
          <Link href={path} className="adm-button adm-button--quiet">
            {t("registrations.clear")}
          </Link>
        ) : null}
      </div>
    </form>
  );
}

/** Entries per status for the current race and search; each count filters the list by its status. */
export async function StatusTotals({ path, query, totals, locale }: { path: string; query: RegistrationQuery; totals: Record<RegistrationStatus, number>; locale: Locale }) {
  const t = await getTranslations("admin");
  const number = new Intl.NumberFormat(LANGUAGE_TAG[locale]);
  const all = Object.values(totals).reduce((s, n) => s + n, 0);
  const current = currentOf(query);
  const shown = STATUS_ORDER.filter((s) => totals[s] > 0 || query.status === s);
  return (
    <nav aria-label={t("registrations.totalsLabel")}>
      <ul className="adm-reg-totals">
        <li>
          <Link href={hrefWith(path, current, { status: undefined })} aria-current={query.status ? undefined : "true"}>
            {t("registrations.all")} <span className="adm-reg-count">{number.format(all)}</span>
          </Link>
        </li>
        {shown.map((s) => (
          <li key={s}>
            <Link href={hrefWith(path, current, { status: s })} aria-current={query.status === s ? "true" : undefined}>
              {t(`entryStatus.${s}`)} <span className="adm-reg-count">{number.format(totals[s])}</span>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The entries of one page. On a phone each row is a card (registrations.css). */
export async function RegistrationTable({ eventSlug, timezone, items, locale }: { eventSlug: string; timezone: string; items: RegistrationListItem[]; locale: Locale }) {
  const t = await getTranslations("admin");
  return (
    <div className="adm-table-wrap adm-reg-table-wrap" role="region" aria-labelledby="results-title" tabIndex={0}>
      <table className="adm-table adm-reg-table">
        <caption className="visually-hidden">{t("registrations.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("registrations.runner")}</th>
            <th scope="col">{t("registrations.race")}</th>
            <th scope="col">{t("registrations.status")}</th>
            <th scope="col">{t("registrations.bib")}</th>
            <th scope="col">{t("registrations.idNumber")}</th>
            <th scope="col">{t("registrations.order")}</th>
            <th scope="col">{t("registrations.registered")}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => {
            const name = runnerName(r, locale);
            return (
              <tr key={r.id}>
                <th scope="row">
                  <Link href={`/admin/events/${eventSlug}/registrations/${r.id}`} className="adm-strong-link">
                    {name.main}
                  </Link>
                  {name.other ? (
                    <span className="adm-reg-sub" lang={locale === "en" ? "zh-CN" : "en"}>
                      {name.other}
                    </span>
                  ) : null}
                </th>
                <td data-label={t("registrations.race")}>{locale === "zh" ? r.race.name.zh : r.race.name.en}</td>
                <td data-label={t("registrations.status")}>
                  <Badge kind="entryStatus" status={r.status} />
                </td>
                <td data-label={t("registrations.bib")}>{r.bib ?? "—"}</td>
                <td data-label={t("registrations.idNumber")}>
                  <span className="adm-reg-mono">{r.idNumber}</span>
                </td>
                <td data-label={t("registrations.order")}>
                  <span className="adm-reg-mono">{r.orderCode}</span>
                </td>
                <td data-label={t("registrations.registered")}>{formatWhen(r.registeredAt, timezone, locale)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** "Previous · Page 2 of 25 · Next", keeping the filters. */
export async function Pagination({ path, current, page, pageSize, total, locale }: { path: string; current: Current; page: number; pageSize: number; total: number; locale: Locale }) {
  const t = await getTranslations("admin");
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1 && page <= 1) return null;
  const number = new Intl.NumberFormat(LANGUAGE_TAG[locale]);
  return (
    <nav aria-label={t("registrations.pagination")} className="adm-reg-pages">
      {page > 1 ? (
        <Link href={hrefWith(path, current, { page: Math.min(page - 1, pages) })} className="adm-button" rel="prev">
          {t("registrations.previous")}
        </Link>
      ) : (
        <span />
      )}
      <p>{t("registrations.pageOf", { page: number.format(page), pages: number.format(pages) })}</p>
      {page < pages ? (
        <Link href={hrefWith(path, current, { page: page + 1 })} className="adm-button" rel="next">
          {t("registrations.next")}
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}

export { currentOf };
