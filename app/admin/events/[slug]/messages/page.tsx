import type { Metadata } from "next";
import { forbidden, notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { AdminBreadcrumb } from "@/components/admin/breadcrumb";
import { BroadcastList } from "@/components/admin/messages/broadcast-list";
import { MessageForm } from "@/components/admin/messages/message-form";
import { RefreshWhileSending } from "@/components/admin/messages/refresh-while-sending";
import { ConfirmStep } from "@/components/admin/confirm-step";
import type { Locale } from "@/i18n/routing";
import { eventAccessOf } from "@/server/auth/policy";
import { requireStaff } from "@/server/auth/session";
import { getEventWithRaces } from "@/server/events/queries";
import { listBroadcasts } from "@/server/messages/broadcast";
import { firstValues } from "@/server/registration/list-registrations";
import { cancelBroadcastAction, sendBroadcastAction } from "./actions";
import "@/components/admin/registrations/registrations.css";
import "@/components/admin/messages/messages.css";
import { lookup } from "../../../../../core/lists";

type Params = Promise<{ slug: string }>;
type Search = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug } = await params;
  const t = await getTranslations("admin.messages");
  return { title: `${t("title")} · ${slug}` };
}

/**
 * Messages to runners (issue 6): compose in Chinese and English for a filtered set of confirmed entries, see how
 * many it reaches, send, and watch each message's progress (refreshed every few seconds while one is going out).
 * Stopping a message takes a confirmation step (`?cancel=<id>`). Admins and the event's organizers.
 */
export default async function MessagesPage({ params, searchParams }: { params: Params; searchParams: Search }) {
  const { slug } = await params;
  const path = `/admin/events/${slug}/messages`;
  const actor = await requireStaff(path);
  const event = await getEventWithRaces(slug);
  if (!event) notFound();
  const access = await eventAccessOf(actor, event.id);
  if (access !== "admin" && access !== "organizer") forbidden();
  const [t, locale, sp, broadcasts] = await Promise.all([getTranslations("admin"), getLocale() as Promise<Locale>, searchParams.then(firstValues), listBroadcasts(actor, slug)]);
  const eventName = locale === "zh" ? event.nameZh : event.nameEn;
  const raceNames = new Map(event.races.map((r) => [r.slug, locale === "zh" ? r.nameZh : r.nameEn]));
  const waves = [...new Set(event.races.flatMap((r) => r.waves.map((w) => w.name)))].sort();
  const active = broadcasts.some((b) => b.status === "queued" || b.status === "sending" || b.delivered + b.failed < b.queued);
  const cancelling = sp.cancel ? broadcasts.find((b) => b.id === sp.cancel && (b.status === "queued" || b.status === "sending")) : undefined;
  const notice =
    sp.notice === "sent" && /^\d+$/.test(sp.count ?? "")
      ? t("messages.sentNotice", { count: Number(sp.count) })
      : sp.notice === "cancelled"
        ? t("messages.cancelledNotice")
        : null;

  return (
    <>
      <AdminBreadcrumb label={t("nav.breadcrumb")} trail={[{ href: "/admin", text: t("events.title") }, { href: `/admin/events/${event.slug}`, text: eventName }]} />
      <h1 id="page-title" className="adm-h1">
        {t("messages.title")}
      </h1>
      <p className="adm-lead">{t("messages.lead")}</p>
      <div role="status" className={notice ? "adm-notice" : undefined}>
        {notice}
      </div>
      <RefreshWhileSending active={active} />

      {cancelling ? (
        <ConfirmStep
          title={t("messages.cancelTitle")}
          action={cancelBroadcastAction}
          fields={{ eventSlug: event.slug, broadcastId: cancelling.id }}
          confirmLabel={t("messages.cancelConfirm")}
          pendingLabel={t("messages.cancelPending")}
          backHref={path}
          backLabel={t("messages.keepSending")}
          danger
        >
          <p>{t("messages.cancelBody", { left: cancelling.total - cancelling.queued, total: cancelling.total })}</p>
        </ConfirmStep>
      ) : null}

      <section className="adm-section" aria-labelledby="sent-title">
        <h2 id="sent-title" className="adm-h2">
          {t("messages.listTitle")}
        </h2>
        <BroadcastList broadcasts={broadcasts} locale={locale} timezone={event.timezone} raceNames={raceNames} path={path} />
      </section>

      {cancelling ? null : (
        <section className="adm-section" aria-labelledby="compose-title">
          <h2 id="compose-title" className="adm-h2">
            {t("messages.composeTitle")}
          </h2>
          <MessageForm
            action={sendBroadcastAction}
            eventSlug={event.slug}
            races={event.races.map((r) => ({ slug: r.slug, name: lookup(raceNames, r.slug) }))}
            waves={waves}
            labelledBy="compose-title"
          />
        </section>
      )}
    </>
  );
}
