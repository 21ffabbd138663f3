import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ageOnDate } from "@/core/age";
import { ageBand } from "@/core/results/age-groups";
import type { RegistrationStatus } from "@/core/domain";
import { LANGUAGE_TAG, type Locale } from "@/i18n/routing";
import type { RaceWithWaves } from "@/server/events/queries";
import { DEFAULT_PAGE_SIZE, FILTER_KEYS, type RegistrationListItem, type RegistrationQuery, type RegistrationSort } from "@/server/registration/list-registrations";
import { DataTable, type DataColumn } from "../data-table";
import { Badge } from "./badge";
import { formatWhen, hrefWith, runnerName } from "./format";

const STATUS_ORDER: RegistrationStatus[] = ["confirmed", "held", "expired", "cancelled", "refunded", "transferred"];
const GENDERS = ["F", "M", "X"] as const;

type Current = Record<string, string | undefined>;

/**
 * The list's parameters as links and forms carry them: every filter, the sort and the page size, defaults left
 * out (so the plain address is the default view).
 */
export function participantParams(query: RegistrationQuery): Current {
  const current: Current = {};
  for (const key of FILTER_KEYS) current[key] = query[key];
  const defaultOrder = query.sort === "created" ? "desc" : "asc";
  current.sort = query.sort === "created" ? undefined : query.sort;
  current.order = query.order === defaultOrder ? undefined : query.order;
  current.pageSize = query.pageSize === DEFAULT_PAGE_SIZE ? undefined : String(query.pageSize);
  return current;
}

/** The same view's parameters for an export (no page, no page size). */
export function exportHref(base: string, query: RegistrationQuery): string {
  const { pageSize: _size, ...rest } = participantParams(query);
  void _size;
  return hrefWith(base, rest, {});
}

/**
 * The age groups offered: the chosen race's (its age-group bounds, as results use them), otherwise 10-year bands;
 * the current value too when a link carries another one.
 */
export function ageGroupOptions(races: RaceWithWaves[], race: string | undefined, current: string | undefined): string[] {
  const chosen = races.find((r) => r.slug === race);
  const bounds = chosen && chosen.ageGroupBounds.length > 0 ? chosen.ageGroupBounds : [0, 18, 30, 40, 50, 60, 70];
  const [youngest = 0] = bounds; // never empty: the race's bounds when it has some, else the 10-year bands
  const bands = [...(youngest > 0 ? [`0-${youngest - 1}`] : []), ...bounds.flatMap((b) => ageBand(b, bounds) ?? [])];
  return current && !bands.includes(current) ? [...bands, current] : bands;
}

/** The wave names offered: the chosen race's waves, otherwise every race's (each name once). */
export function waveOptions(races: RaceWithWaves[], race: string | undefined, current: string | undefined): string[] {
  const names = [...new Set(races.filter((r) => !race || r.slug === race).flatMap((r) => r.waves.map((w) => w.name)))];
  return current && !names.includes(current) ? [...names, current] : names;
}

/**
 * Search, race, status, wave, gender, age group and pickup: one GET form, so every view can be bookmarked and
 * shared; the sort and page size ride along as hidden fields, the page starts again at 1.
 */
export async function ParticipantFilters({ path, query, races, locale }: { path: string; query: RegistrationQuery; races: RaceWithWaves[]; locale: Locale }) {
  const t = await getTranslations("admin");
  const tReg = await getTranslations("registration.form");
  const current = participantParams(query);
  const waves = waveOptions(races, query.race, query.wave);
  const ages = ageGroupOptions(races, query.race, query.ageGroup);
  const filtered = FILTER_KEYS.some((k) => query[k]);
  return (
    <form method="get" action={path} className="adm-reg-filters adm-part-filters" role="search" aria-label={t("participants.filtersLabel")}>
      <div className="adm-field adm-part-filters__search">
        <label htmlFor="reg-q" className="adm-label">
          {t("registrations.search")}
        </label>
        <p id="reg-q-hint" className="adm-hint">
          {t("registrations.searchHint")}
        </p>
        <input id="reg-q" name="q" type="search" defaultValue={query.q ?? ""} maxLength={100} aria-describedby="reg-q-hint" className="adm-input" autoComplete="off" spellCheck={false} />
      </div>
      <Select id="reg-race" name="race" label={t("registrations.race")} value={query.race} all={t("registrations.allRaces")} options={races.map((r) => ({ value: r.slug, label: locale === "zh" ? r.nameZh : r.nameEn }))} />
      <Select id="reg-status" name="status" label={t("registrations.status")} value={query.status} all={t("registrations.allStatuses")} options={STATUS_ORDER.map((s) => ({ value: s, label: t(`entryStatus.${s}`) }))} />
      <Select id="reg-wave" name="wave" label={t("participants.wave")} value={query.wave} all={t("participants.allWaves")} options={waves.map((w) => ({ value: w, label: w }))} />
      <Select id="reg-gender" name="gender" label={t("participants.gender")} value={query.gender} all={t("participants.allGenders")} options={GENDERS.map((g) => ({ value: g, label: tReg(`gender.${g}`) }))} />
      <Select
        id="reg-age"
        name="ageGroup"
        label={t("participants.ageGroup")}
        hint={t("participants.ageGroupHint")}
        value={query.ageGroup}
        all={t("participants.allAges")}
        options={ages.map((a) => ({ value: a, label: t("participants.ageBand", { band: a }) }))}
      />
      <Select
        id="reg-picked"
        name="pickedUp"
        label={t("participants.pickedUp")}
        value={query.pickedUp}
        all={t("participants.pickedUpAll")}
        options={[
          { value: "yes", label: t("participants.pickedUpYes") },
          { value: "no", label: t("participants.pickedUpNo") },
        ]}
      />
      {(["sort", "order", "pageSize"] as const).map((k) => (current[k] ? <input key={k} type="hidden" name={k} value={current[k]} /> : null))}
      <div className="adm-actions">
        <button type="submit" className="adm-button adm-button--primary">
          {t("registrations.apply")}
        </button>
        {filtered ? (
          <Link href={hrefWith(path, { sort: current.sort, order: current.order, pageSize: current.pageSize }, {})} className="adm-button adm-button--quiet">
            {t("registrations.clear")}
          </Link>
        ) : null}
      </div>
    </form>
  );
}

function Select({ id, name, label, hint, value, all, options }: { id: string; name: string; label: string; hint?: string; value: string | undefined; all: string; options: { value: string; label: string }[] }) {
  return (
    <div className="adm-field">
      <label htmlFor={id} className="adm-label">
        {label}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="adm-hint">
          {hint}
        </p>
      ) : null}
      <select id={id} name={name} defaultValue={value ?? ""} className="adm-input" aria-describedby={hint ? `${id}-hint` : undefined}>
        <option value="">{all}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Entries per status for every filter but the status; each count filters the list by its status. */
export async function ParticipantTotals({ path, query, totals, locale }: { path: string; query: RegistrationQuery; totals: Record<RegistrationStatus, number>; locale: Locale }) {
  const t = await getTranslations("admin");
  const number = new Intl.NumberFormat(LANGUAGE_TAG[locale]);
  const all = Object.values(totals).reduce((s, n) => s + n, 0);
  const current = participantParams(query);
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

/**
 * A column that sorts: its header is a link to the same view sorted by it (ascending first, then the other way when
 * it is the current sort), with `aria-sort` on the header cell that is sorted.
 */
function sortColumn(
  sort: RegistrationSort,
  label: string,
  { path, current, query, t }: { path: string; current: Current; query: RegistrationQuery; t: (key: string, values?: Record<string, string>) => string },
): Pick<DataColumn<RegistrationListItem>, "key" | "header" | "headerContent" | "ariaSort"> {
  const active = query.sort === sort;
  const next = active ? (query.order === "asc" ? "desc" : "asc") : sort === "created" ? "desc" : "asc";
  const defaultOrder = sort === "created" ? "desc" : "asc";
  const href = hrefWith(path, current, { sort: sort === "created" ? undefined : sort, order: next === defaultOrder ? undefined : next });
  return {
    key: sort,
    header: label,
    ariaSort: active ? (query.order === "asc" ? "ascending" : "descending") : undefined,
    headerContent: (
      <Link href={href} className="adm-part-sort" aria-label={active ? t(query.order === "asc" ? "participants.sortedAsc" : "participants.sortedDesc", { column: label }) : t("participants.sortLabel", { column: label })}>
        {label}
        <span aria-hidden="true" className="adm-part-sort__mark">
          {active ? (query.order === "asc" ? " ▲" : " ▼") : " ↕"}
        </span>
      </Link>
    ),
  };
}

/** One page of entries with sortable column headers (DataTable: on a phone each row is a card). */
export async function ParticipantTable({
  path,
  eventSlug,
  eventDate,
  timezone,
  items,
  query,
  locale,
}: {
  path: string;
  eventSlug: string;
  eventDate: string;
  timezone: string;
  items: RegistrationListItem[];
  query: RegistrationQuery;
  locale: Locale;
}) {
  const t = await getTranslations("admin");
  const tReg = await getTranslations("registration.form");
  const current = participantParams(query);
  const number = new Intl.NumberFormat(LANGUAGE_TAG[locale]);
  const columns: Record<RegistrationSort, string> = {
    name: t("registrations.runner"),
    race: t("registrations.race"),
    status: t("registrations.status"),
    bib: t("registrations.bib"),
    age: t("participants.age"),
    created: t("participants.created"),
  };
  const tt = (key: string, values?: Record<string, string>) => t(key, values);
  const sorted = (sort: RegistrationSort) => sortColumn(sort, columns[sort], { path, current, query, t: tt });
  return (
    <DataTable
      labelledBy="results-title"
      caption={t("participants.caption", { column: columns[query.sort], direction: t(`participants.${query.order}`) })}
      rows={items}
      rowKey={(r) => r.id}
      columns={[
        {
          ...sorted("name"),
          cell: (r) => {
            const name = runnerName(r, locale);
            return (
              <>
                <Link href={`/admin/events/${eventSlug}/registrations/${r.id}`} className="adm-strong-link">
                  {name.main}
                </Link>
                {name.other ? (
                  <span className="adm-reg-sub" lang={locale === "en" ? "zh-CN" : "en"}>
                    {name.other}
                  </span>
                ) : null}
              </>
            );
          },
        },
        { ...sorted("race"), cell: (r) => (locale === "zh" ? r.race.name.zh : r.race.name.en) },
        { ...sorted("status"), cell: (r) => <Badge kind="entryStatus" status={r.status} /> },
        { ...sorted("bib"), cell: (r) => r.bib ?? "—" },
        { key: "wave", header: t("participants.wave"), cell: (r) => r.wave ?? "—" },
        { key: "gender", header: t("participants.gender"), cell: (r) => (tReg.has(`gender.${r.gender}`) ? tReg(`gender.${r.gender}`) : r.gender) },
        { ...sorted("age"), cell: (r) => number.format(ageOnDate(r.birthDate, eventDate)) },
        { key: "pickedUp", header: t("participants.pickedUp"), cell: (r) => (r.checkedInAt ? t("participants.yes") : t("participants.no")) },
        { key: "idNumber", header: t("registrations.idNumber"), cell: (r) => <span className="adm-reg-mono">{r.idNumber}</span> },
        { key: "order", header: t("registrations.order"), cell: (r) => <span className="adm-reg-mono">{r.orderCode}</span> },
        { ...sorted("created"), cell: (r) => formatWhen(r.registeredAt, timezone, locale) },
      ]}
    />
  );
}
