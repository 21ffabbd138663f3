import type { Metadata } from "next";
import Link from "next/link";
import { AdminBreadcrumb } from "@/components/admin/breadcrumb";
import { forbidden, notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { Badge } from "@/components/admin/registrations/badge";
import { formatWhen } from "@/components/admin/registrations/format";
import { DEFAULT_TIMEZONE } from "@/core/event-input";
import type { Locale } from "@/i18n/routing";
import { requireStaff } from "@/server/auth/session";
import { getOutboxMessage, type OutboxMessage } from "@/server/email/list-outbox";
import { isDomainError } from "@/server/errors";
import "@/components/admin/registrations/registrations.css";

type Params = Promise<{ id: string }>;

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("admin.outbox");
  return { title: t("message") };
}

const ZONE = DEFAULT_TIMEZONE;

/**
 * One email: who it went to, its status and last error, and its body as the recipient sees it (in a sandboxed
 * frame: no scripts, no forms, no navigation) and as plain text.
 */
export default async function OutboxMessagePage({ params }: { params: Params }) {
  const { id } = await params;
  const actor = await requireStaff(`/admin/outbox/${id}`);
  let message: OutboxMessage;
  try {
    message = await getOutboxMessage(actor, id);
  } catch (error) {
    if (isDomainError(error) && error.code === "not_found") notFound();
    if (isDomainError(error) && error.code === "forbidden") forbidden();
    throw error;
  }
  const [t, locale] = await Promise.all([getTranslations("admin"), getLocale() as Promise<Locale>]);
  const when = (iso: string | null) => formatWhen(iso, ZONE, locale) ?? "—";
  return (
    <>
      <AdminBreadcrumb label={t("nav.breadcrumb")} trail={[{ href: "/admin/outbox", text: t("outbox.title") }]} />
      <h1 id="page-title" className="adm-h1 adm-reg-break" lang={message.locale === "en" ? "en" : "zh-CN"}>
        {message.subject}
      </h1>
      <dl className="adm-facts">
        <div>
          <dt>{t("outbox.to")}</dt>
          <dd className="adm-reg-break">{message.toAddress}</dd>
        </div>
        <div>
          <dt>{t("outbox.status")}</dt>
          <dd>
            <Badge kind="outboxStatus" status={message.status} /> <span className="adm-reg-sub">{t("outbox.attempts", { count: message.attempts })}</span>
          </dd>
        </div>
        <div>
          <dt>{t("outbox.template")}</dt>
          <dd>{t.has(`emailTemplate.${message.template}`) ? t(`emailTemplate.${message.template}`) : message.template}</dd>
        </div>
        <div>
          <dt>{t("outbox.language")}</dt>
          <dd>{message.locale === "en" ? t("entry.languageEn") : t("entry.languageZh")}</dd>
        </div>
        <div>
          <dt>{t("outbox.created")}</dt>
          <dd>{when(message.createdAt)}</dd>
        </div>
        <div>
          <dt>{t("outbox.sentAt")}</dt>
          <dd>{when(message.sentAt)}</dd>
        </div>
        {message.order ? (
          <div>
            <dt>{t("outbox.about")}</dt>
            <dd>
              <Link href={`/admin/events/${message.order.eventSlug}/registrations?q=${encodeURIComponent(message.order.code)}`}>
                {t("outbox.viewEntries", { code: message.order.code })}
              </Link>
              <span className="adm-reg-sub">{locale === "zh" ? message.order.eventName.zh : message.order.eventName.en}</span>
            </dd>
          </div>
        ) : null}
        {message.lastError ? (
          <div>
            <dt>{t("outbox.lastError")}</dt>
            <dd className="adm-reg-break">{message.lastError}</dd>
          </div>
        ) : null}
      </dl>
      <section className="adm-section" aria-labelledby="html-title">
        <h2 id="html-title" className="adm-h2">
          {t("outbox.htmlTitle")}
        </h2>
        <iframe title={t("outbox.htmlFrame", { subject: message.subject })} srcDoc={message.html} sandbox="" className="adm-reg-preview" lang={message.locale === "en" ? "en" : "zh-CN"} />
      </section>
      <section className="adm-section" aria-labelledby="text-title">
        <h2 id="text-title" className="adm-h2">
          {t("outbox.text")}
        </h2>
        <pre className="adm-reg-text" lang={message.locale === "en" ? "en" : "zh-CN"}>
          {message.textBody}
        </pre>
      </section>
    </>
  );
}
