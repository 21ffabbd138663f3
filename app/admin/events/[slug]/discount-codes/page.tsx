import type { Metadata } from "next";
import { AdminBreadcrumb } from "@/components/admin/breadcrumb";
import { forbidden, notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { ConfirmStep } from "@/components/admin/confirm-step";
import { DiscountCodeForm } from "@/components/admin/discount-codes/discount-code-form";
import { DiscountCodeTable } from "@/components/admin/discount-codes/discount-code-table";
import { normalizeDiscountCode } from "@/core/discount-input";
import { DEFAULT_CURRENCY } from "@/core/event-input";
import type { Locale } from "@/i18n/routing";
import { eventAccessOf } from "@/server/auth/policy";
import { requireStaff } from "@/server/auth/session";
import { listDiscountCodes } from "@/server/events/discount-codes";
import { getEventWithRaces } from "@/server/events/queries";
import { firstValues } from "@/server/registration/list-registrations";
import { createDiscountCodeAction, endDiscountCodeAction } from "./actions";
import "@/components/admin/registrations/registrations.css";
import "@/components/admin/discount-codes/discount-codes.css";

type Params = Promise<{ slug: string }>;
type Search = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug } = await params;
  const t = await getTranslations("admin.discountCodes");
  return { title: `${t("title")} · ${slug}` };
}

/**
 * An event's discount codes: the list (uses, window, race, status), a form to create one, and "end now" after a
 * confirmation step (`?end=<code>`). Admins and the event's organizers; everyone else signed in gets "not allowed"
 * (volunteers never see codes).
 */
export default async function DiscountCodesPage({ params, searchParams }: { params: Params; searchParams: Search }) {
  const { slug } = await params;
  const path = `/admin/events/${slug}/discount-codes`;
  const actor = await requireStaff(path);
  const event = await getEventWithRaces(slug);
  if (!event) notFound();
  const access = await eventAccessOf(actor, event.id);
  if (access !== "admin" && access !== "organizer") forbidden();
  const [t, locale, sp, codes] = await Promise.all([getTranslations("admin"), getLocale() as Promise<Locale>, searchParams.then(firstValues), listDiscountCodes(actor, slug)]);
  const eventName = locale === "zh" ? event.nameZh : event.nameEn;
  const raceNames = new Map(event.races.map((r) => [r.slug, locale === "zh" ? r.nameZh : r.nameEn]));
  const currencies = [...new Set(event.races.map((r) => r.currency))];

  const endCode = sp.end;
  const ending = endCode ? codes.find((c) => c.code === normalizeDiscountCode(endCode) && c.status !== "ended") : undefined;
  const noticeCode = sp.code ? normalizeDiscountCode(sp.code) : "";
  const notice = (sp.notice === "created" || sp.notice === "ended") && codes.some((c) => c.code === noticeCode) ? t(`discountCodes.${sp.notice}`, { code: noticeCode }) : null;

  return (
    <>
      <AdminBreadcrumb label={t("nav.breadcrumb")} trail={[{ href: "/admin", text: t("events.title") }, { href: `/admin/events/${event.slug}`, text: eventName }]} />
      <h1 id="page-title" className="adm-h1">
        {t("discountCodes.title")}
      </h1>
      <p className="adm-lead">{t("discountCodes.lead")}</p>
      <div role="status" className={notice ? "adm-notice" : undefined}>
        {notice}
      </div>

      {ending ? (
        <ConfirmStep
          title={t("discountCodes.endTitle", { code: ending.code })}
          action={endDiscountCodeAction}
          fields={{ eventSlug: event.slug, code: ending.code }}
          confirmLabel={t("discountCodes.endConfirm")}
          pendingLabel={t("discountCodes.endPending")}
          backHref={path}
          backLabel={t("discountCodes.keep")}
          danger
        >
          <p>{t("discountCodes.endBody", { code: ending.code, used: ending.usedCount })}</p>
        </ConfirmStep>
      ) : null}

      <section className="adm-section" aria-labelledby="codes-title">
        <h2 id="codes-title" className="adm-h2">
          {t("discountCodes.listTitle")}
        </h2>
        <DiscountCodeTable codes={codes} raceNames={raceNames} timezone={event.timezone} locale={locale} path={path} />
        {codes.length > 0 ? <p className="adm-hint">{t("discountCodes.usesNote")}</p> : null}
      </section>

      {ending ? null : (
        <section className="adm-section" aria-labelledby="new-code-title">
          <h2 id="new-code-title" className="adm-h2">
            {t("discountCodes.createTitle")}
          </h2>
          <DiscountCodeForm
            action={createDiscountCodeAction}
            eventSlug={event.slug}
            races={event.races.map((r) => ({ slug: r.slug, name: locale === "zh" ? r.nameZh : r.nameEn }))}
            currency={currencies[0] ?? DEFAULT_CURRENCY}
            timezone={event.timezone}
            labelledBy="new-code-title"
          />
        </section>
      )}
    </>
  );
}
