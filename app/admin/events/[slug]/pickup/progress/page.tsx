import type { Metadata } from "next";
import { AdminBreadcrumb } from "@/components/admin/breadcrumb";
import { forbidden, notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import type { Locale } from "@/i18n/routing";
import { requireStaff } from "@/server/auth/session";
import { isDomainError } from "@/server/errors";
import { pickupProgress, type PickupProgress } from "@/server/pickup/progress";
import { LiveProgress } from "../live-progress";
import "../pickup.css";

type Params = Promise<{ slug: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug } = await params;
  const t = await getTranslations("admin.pickup.progress");
  return { title: `${t("title")} · ${slug}` };
}

/**
 * Pickup progress per race (collected / confirmed), refreshed every few seconds while the page is visible. For the
 * event's organizers watching the desks, and its volunteers; others get 403.
 */
export default async function PickupProgressPage({ params }: { params: Params }) {
  const { slug } = await params;
  const actor = await requireStaff(`/admin/events/${slug}/pickup/progress`);
  let progress: PickupProgress;
  try {
    progress = await pickupProgress(actor, slug);
  } catch (error) {
    if (isDomainError(error) && error.code === "not_found") notFound();
    if (isDomainError(error) && error.code === "forbidden") forbidden();
    throw error;
  }
  const [t, locale] = await Promise.all([getTranslations("admin"), getLocale() as Promise<Locale>]);
  const eventName = locale === "zh" ? progress.event.name.zh : progress.event.name.en;

  return (
    <>
      <AdminBreadcrumb label={t("nav.breadcrumb")} trail={[{ href: "/admin", text: t("events.title") }, { href: `/admin/events/${slug}`, text: eventName }, { href: `/admin/events/${slug}/pickup`, text: t("pickup.title") }]} />
      <h1 id="page-title" className="adm-h1">
        {t("pickup.progress.title")}
      </h1>
      <LiveProgress eventSlug={slug} initial={progress} />
    </>
  );
}
