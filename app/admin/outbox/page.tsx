import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { DataTable } from "@/components/admin/data-table";
import { Badge } from "@/components/admin/registrations/badge";
import { formatWhen, hrefWith } from "@/components/admin/registrations/format";
import { InvalidParameters } from "@/components/admin/registrations/invalid-parameters";
import { Pagination } from "@/components/admin/pagination";
import { DEFAULT_TIMEZONE } from "@/core/event-input";
import type { FieldIssue } from "@/core/validation";
import type { Locale } from "@/i18n/routing";
import { requireStaff } from "@/server/auth/session";
import { OUTBOX_STATUSES, listOutbox, type OutboxPage } from "@/server/email/list-outbox";
import { isDomainError } from "@/server/errors";
import { firstValues } from "@/server/registration/list-registrations";
import "@/components/admin/registrations/registrations.css";

type Search = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("admin.outbox");
  return { title: t("title") };
}

const ZONE = DEFAULT_TIMEZONE;

/**
 * Every email the system sends, newest first, by status. Admins see all; organizers the messages of their events'
 * orders; volunteers get 403 (docs/decisions/005-outbox-visibility.md).
 */
export default async function OutboxPage({ searchParams }: { searchParams: Search }) {
  const actor = await requireStaff("/admin/outbox");
  const raw = firstValues(await searchParams);
  let issues: FieldIssue[] = [];
  let page: OutboxPage;
  try {
    try {
      page = await listOutbox(actor, raw);
    } catch (error) {
      if (!isDomainError(error) || error.code !== "validation_failed") throw error;
      issues = error.issues;
      page = await listOutbox(actor, {});
    }
  } catch (error) {
    if (isDomainError(error) && error.code === "forbidden") forbidden();
    throw error;
  }
  const [t, locale] = await Promise.all([getTranslations("admin"), getLocale() as Promise<Locale>]);
  const path = "/admin/outbox";
  const current = { status: page.status };
  return (
    <>
      <h1 id="page-title" className="adm-h1">
        {t("outbox.title")}
      </h1>
      <p className="adm-lead">{page.scope === "all" ? t("outbox.leadAll") : t("outbox.leadEvents")}</p>
      <InvalidParameters issues={issues} labels={{ status: t("outbox.status"), page: t("registrations.page") }} />
      <nav aria-label={t("outbox.filter")}>
        <ul className="adm-reg-totals">
          {[undefined, ...OUTBOX_STATUSES].map((s) => (
            <li key={s ?? "all"}>
              <Link href={hrefWith(path, current, { status: s })} aria-current={page.status === s ? "true" : undefined}>
                {s ? t(`outboxStatus.${s}`) : t("outbox.all")}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <section aria-labelledby="results-title">
        <h2 id="results-title" className="adm-h2">
          {t("outbox.results", { count: page.total })}
        </h2>
        {page.messages.length === 0 ? (
          <p className="adm-empty">{page.status ? t("outbox.noneStatus") : t("outbox.none")}</p>
        ) : (
          <DataTable
            labelledBy="results-title"
            caption={t("outbox.caption")}
            rows={page.messages}
            rowKey={(m) => m.id}
            columns={[
              {
                key: "subject",
                header: t("outbox.subject"),
                cell: (m) => (
                  <Link href={`/admin/outbox/${m.id}`} className="adm-reg-break" lang={m.locale === "en" ? "en" : "zh-CN"}>
                    {m.subject}
                  </Link>
                ),
              },
              { key: "to", header: t("outbox.to"), className: "adm-reg-break", cell: (m) => m.toAddress },
              {
                key: "status",
                header: t("outbox.status"),
                cell: (m) => (
                  <>
                    <Badge kind="outboxStatus" status={m.status} />
                    {m.status === "failed" || (m.lastError && m.status === "queued") ? <span className="adm-reg-sub">{t("outbox.attempts", { count: m.attempts })}</span> : null}
                  </>
                ),
              },
              {
                key: "about",
                header: t("outbox.about"),
                cell: (m) =>
                  m.order ? (
                    <>
                      <span className="adm-reg-mono">{m.order.code}</span>
                      <span className="adm-reg-sub">{locale === "zh" ? m.order.eventName.zh : m.order.eventName.en}</span>
                    </>
                  ) : (
                    "—"
                  ),
              },
              { key: "created", header: t("outbox.created"), cell: (m) => formatWhen(m.createdAt, ZONE, locale) },
            ]}
          />
        )}
        <Pagination path={path} current={current} page={page.page} pageSize={page.pageSize} total={page.total} locale={locale} />
      </section>
    </>
  );
}
