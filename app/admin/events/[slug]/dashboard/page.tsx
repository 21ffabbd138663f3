import type { Metadata } from "next";
import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { AdminBreadcrumb } from "@/components/admin/breadcrumb";
import { DashboardView } from "@/components/admin/dashboard/dashboard-view";
import { countryOptions } from "@/components/public/registration/countries";
import { LANGUAGE_TAG, type Locale } from "@/i18n/routing";
import type { Actor } from "@/server/actor";
import { requireStaff } from "@/server/auth/session";
import { dashboardFigures } from "@/server/dashboard/figures";
import { isDomainError } from "@/server/errors";
import "@/components/admin/dashboard/dashboard.css";

type Params = Promise<{ slug: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug } = await params;
  const t = await getTranslations("admin.dashboard");
  return { title: `${t("title")} · ${slug}` };
}

async function figuresOrRefuse(actor: Actor, slug: string) {
  try {
    return await dashboardFigures(actor, slug);
  } catch (error) {
    if (isDomainError(error) && error.code === "forbidden") forbidden();
    if (isDomainError(error) && error.code === "not_found") notFound();
    throw error;
  }
}

/**
 * The event's dashboard: places, entries per day, money, discount codes, shirts, ages and genders, nationalities and
 * pickup, as charts with their tables; the same figures as `GET /api/v1/events/{event}/dashboard`. Admins and the
 * event's organizers; other staff get "not allowed" (volunteers never see money or codes).
 */
export default async function DashboardPage({ params }: { params: Params }) {
  const { slug } = await params;
  const actor = await requireStaff(`/admin/events/${slug}/dashboard`);
  const figures = await figuresOrRefuse(actor, slug);
  const [t, locale] = await Promise.all([getTranslations("admin"), getLocale() as Promise<Locale>]);
  const eventName = locale === "zh" ? figures.event.name.zh : figures.event.name.en;
  const readAt = new Intl.DateTimeFormat(LANGUAGE_TAG[locale], { dateStyle: "medium", timeStyle: "short", timeZone: figures.event.timezone }).format(new Date(figures.at));
  const countryNames = new Map(countryOptions(locale).map((c) => [c.code, c.name]));

  return (
    <>
      <AdminBreadcrumb label={t("nav.breadcrumb")} trail={[{ href: "/admin", text: t("events.title") }, { href: `/admin/events/${slug}`, text: eventName }]} />
      <div className="adm-page-head">
        <h1 id="page-title" className="adm-h1">
          {t("dashboard.title")}
        </h1>
        <div className="adm-page-head__actions">
          <Link href={`/admin/events/${slug}/registrations`} className="adm-button adm-button--quiet">
            {t("event.registrations")}
          </Link>
        </div>
      </div>
      <p className="adm-lead">{t("dashboard.lead", { time: readAt, zone: figures.event.timezone })}</p>
      <DashboardView figures={figures} locale={locale} countryNames={countryNames} />
      <p className="adm-hint">{t("dashboard.apiNote", { path: `/api/v1/events/${slug}/dashboard` })}</p>
    </>
  );
}
