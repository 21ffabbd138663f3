import type { Metadata } from "next";
import Link from "next/link";
import { AdminBreadcrumb } from "@/components/admin/breadcrumb";
import { forbidden, notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import type { Locale } from "@/i18n/routing";
import { eventAccessOf } from "@/server/auth/policy";
import { requireStaff } from "@/server/auth/session";
import { findEventBySlug } from "@/server/events/queries";
import { PickupDesk } from "./pickup-desk";
import "./pickup.css";

type Params = Promise<{ slug: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug } = await params;
  const t = await getTranslations("admin.pickup");
  return { title: `${t("title")} · ${slug}` };
}

/**
 * The packet pickup desk, made for a phone or tablet: the desk's name (kept on the device), scan a QR code with the
 * camera or from a photo, or search by bib, name or the last 4 characters of the ID number; the runner card and one
 * "Hand over packet" button. The event's volunteers and organizers, and admins; others get 403.
 */
export default async function PickupPage({ params }: { params: Params }) {
  const { slug } = await params;
  const path = `/admin/events/${slug}/pickup`;
  const actor = await requireStaff(path);
  const event = await findEventBySlug(slug);
  if (!event) notFound();
  const access = await eventAccessOf(actor, event.id);
  if (!access) forbidden();
  const [t, locale] = await Promise.all([getTranslations("admin"), getLocale() as Promise<Locale>]);
  const eventName = locale === "zh" ? event.nameZh : event.nameEn;

  return (
    <>
      <AdminBreadcrumb label={t("nav.breadcrumb")} trail={[{ href: "/admin", text: t("events.title") }, { href: `/admin/events/${event.slug}`, text: eventName }]} />
      <div className="adm-page-head">
        <h1 id="page-title" className="adm-h1">
          {t("pickup.title")}
        </h1>
        <div className="adm-page-head__actions">
          <Link href={`${path}/progress`} className="adm-button adm-button--quiet">
            {t("pickup.progress.link")}
          </Link>
        </div>
      </div>
      <PickupDesk eventSlug={event.slug} timezone={event.timezone} />
    </>
  );
}
