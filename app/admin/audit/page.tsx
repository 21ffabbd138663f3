import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { DataTable } from "@/components/admin/data-table";
import { formatWhen } from "@/components/admin/registrations/format";
import { InvalidParameters } from "@/components/admin/registrations/invalid-parameters";
import { Pagination } from "@/components/admin/pagination";
import { DEFAULT_TIMEZONE } from "@/core/event-input";
import type { FieldIssue } from "@/core/validation";
import type { Locale } from "@/i18n/routing";
import { AUDIT_ENTITY_TYPES, listAudit, type AuditPage } from "@/server/audit/list-audit";
import { requireStaff } from "@/server/auth/session";
import { isDomainError } from "@/server/errors";
import { listEventsForActor } from "@/server/events/queries";
import { firstValues } from "@/server/registration/list-registrations";
import "@/components/admin/registrations/registrations.css";
import "./audit.css";

type Search = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("admin.audit");
  return { title: t("title") };
}

const PATH = "/admin/audit";
const ZONE = DEFAULT_TIMEZONE;
const FILTERS = ["who", "action", "entityType", "entityId", "event", "from", "to"] as const;

/** A row's data as short `key: value` pairs (the full JSON is one click away). */
function summary(data: Record<string, unknown>): string {
  return Object.entries(data)
    .slice(0, 4)
    .map(([k, v]) => `${k}: ${typeof v === "object" && v !== null ? JSON.stringify(v) : String(v)}`)
    .join(" · ")
    .slice(0, 160);
}

/**
 * The audit log: who did what to which entity, when; filters in the address (a GET form), newest first, paged.
 * Admins see every row; organizers the rows of their events; volunteers get 403 (server/audit/list-audit.ts).
 */
export default async function AuditLogPage({ searchParams }: { searchParams: Search }) {
  const actor = await requireStaff(PATH);
  const raw = firstValues(await searchParams);
  let issues: FieldIssue[] = [];
  let page: AuditPage;
  try {
    try {
      page = await listAudit(actor, raw, { zone: ZONE });
    } catch (error) {
      if (!isDomainError(error) || error.code !== "validation_failed") throw error;
      issues = error.issues;
      const bad = new Set(issues.map((i) => i.path));
      page = await listAudit(actor, Object.fromEntries(Object.entries(raw).filter(([k]) => !bad.has(k))), { zone: ZONE });
    }
  } catch (error) {
    if (isDomainError(error) && error.code === "forbidden") forbidden();
    throw error;
  }
  const [t, locale, events] = await Promise.all([getTranslations("admin.audit"), getLocale() as Promise<Locale>, listEventsForActor(actor)]);
  const current: Record<string, string | undefined> = Object.fromEntries(FILTERS.map((f) => [f, page.filters[f]]));
  const filtered = FILTERS.some((f) => page.filters[f]);
  const labels: Record<string, string> = {
    who: t("who"),
    action: t("action"),
    entityType: t("entityType"),
    entityId: t("entityId"),
    event: t("event"),
    from: t("from"),
    to: t("to"),
    page: t("page"),
  };

  return (
    <>
      <h1 id="page-title" className="adm-h1">
        {t("title")}
      </h1>
      <p className="adm-lead">{page.scope === "all" ? t("leadAll") : t("leadEvents")}</p>
      <InvalidParameters issues={issues} labels={labels} />

      <form method="get" action={PATH} className="adm-form adm-audit-filters" aria-labelledby="filters-title" role="search">
        <h2 id="filters-title" className="adm-h2">
          {t("filters")}
        </h2>
        <div className="adm-audit-grid">
          <div className="adm-field">
            <label htmlFor="audit-who" className="adm-label">
              {labels.who}
            </label>
            <p id="audit-who-hint" className="adm-hint">
              {t("whoHint")}
            </p>
            <input id="audit-who" name="who" defaultValue={page.filters.who ?? ""} aria-describedby="audit-who-hint" className="adm-input" autoComplete="off" spellCheck={false} />
          </div>
          <div className="adm-field">
            <label htmlFor="audit-action" className="adm-label">
              {labels.action}
            </label>
            <p id="audit-action-hint" className="adm-hint">
              {t("actionHint")}
            </p>
            <input id="audit-action" name="action" defaultValue={page.filters.action ?? ""} aria-describedby="audit-action-hint" className="adm-input" autoComplete="off" spellCheck={false} />
          </div>
          <div className="adm-field">
            <label htmlFor="audit-entity-type" className="adm-label">
              {labels.entityType}
            </label>
            <select id="audit-entity-type" name="entityType" defaultValue={page.filters.entityType ?? ""} className="adm-input">
              <option value="">{t("any")}</option>
              {AUDIT_ENTITY_TYPES.map((e) => (
                <option key={e} value={e}>
                  {t(`entities.${e}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="adm-field">
            <label htmlFor="audit-entity-id" className="adm-label">
              {labels.entityId}
            </label>
            <input id="audit-entity-id" name="entityId" defaultValue={page.filters.entityId ?? ""} className="adm-input" autoComplete="off" spellCheck={false} />
          </div>
          <div className="adm-field">
            <label htmlFor="audit-event" className="adm-label">
              {labels.event}
            </label>
            <select id="audit-event" name="event" defaultValue={page.filters.event ?? ""} className="adm-input">
              <option value="">{page.scope === "all" ? t("anyEvent") : t("anyOfYourEvents")}</option>
              {events
                .filter((e) => page.scope === "all" || e.access === "organizer")
                .map((e) => (
                  <option key={e.id} value={e.slug}>
                    {locale === "zh" ? e.nameZh : e.nameEn}
                  </option>
                ))}
            </select>
          </div>
          <div className="adm-field">
            <label htmlFor="audit-from" className="adm-label">
              {labels.from}
            </label>
            <input id="audit-from" name="from" type="datetime-local" defaultValue={page.filters.from ?? ""} className="adm-input" />
          </div>
          <div className="adm-field">
            <label htmlFor="audit-to" className="adm-label">
              {labels.to}
            </label>
            <input id="audit-to" name="to" type="datetime-local" defaultValue={page.filters.to ?? ""} className="adm-input" />
          </div>
        </div>
        <p className="adm-hint">{t("timeHint")}</p>
        <div className="adm-actions">
          <button type="submit" className="adm-button adm-button--primary">
            {t("apply")}
          </button>
          {filtered ? (
            <a href={PATH} className="adm-button adm-button--quiet">
              {t("clear")}
            </a>
          ) : null}
        </div>
      </form>

      <section aria-labelledby="results-title" className="adm-section">
        <h2 id="results-title" className="adm-h2">
          {t("results", { count: page.total })}
        </h2>
        {page.rows.length === 0 ? (
          <p className="adm-empty">{filtered ? t("noneFiltered") : t("none")}</p>
        ) : (
          <DataTable
            labelledBy="results-title"
            caption={t("caption")}
            rows={page.rows}
            rowKey={(r) => r.id}
            columns={[
              { key: "when", header: t("when"), cell: (r) => <time dateTime={r.at.toISOString()}>{formatWhen(r.at.toISOString(), ZONE, locale)}</time> },
              {
                key: "who",
                header: t("who"),
                className: "adm-reg-break",
                cell: (r) => (
                  <>
                    {r.actorEmail ?? r.actorLabel}
                    {r.actorEmail && r.actorLabel.startsWith("token:") ? <span className="adm-reg-sub">{r.actorLabel.split(":").slice(0, 2).join(":")}</span> : null}
                  </>
                ),
              },
              { key: "action", header: t("action"), className: "adm-reg-mono adm-reg-break", cell: (r) => r.action },
              {
                key: "entity",
                header: t("entity"),
                className: "adm-reg-break",
                cell: (r) => (
                  <>
                    {(AUDIT_ENTITY_TYPES as readonly string[]).includes(r.entityType) ? t(`entities.${r.entityType as (typeof AUDIT_ENTITY_TYPES)[number]}`) : r.entityType}
                    <span className="adm-reg-sub adm-reg-mono">{r.entityId}</span>
                  </>
                ),
              },
              { key: "event", header: t("event"), cell: (r) => (r.event ? (locale === "zh" ? r.event.nameZh : r.event.nameEn) : "—") },
              {
                key: "details",
                header: t("details"),
                className: "adm-reg-break",
                cell: (r) =>
                  Object.keys(r.data).length === 0 ? (
                    "—"
                  ) : (
                    <details>
                      <summary>{summary(r.data)}</summary>
                      <pre className="adm-audit-json">{JSON.stringify(r.data, null, 2)}</pre>
                    </details>
                  ),
              },
            ]}
          />
        )}
        <Pagination path={PATH} current={current} page={page.page} pageSize={page.pageSize} total={page.total} locale={locale} />
      </section>
    </>
  );
}
