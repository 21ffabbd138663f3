import type { Metadata } from "next";
import Link from "next/link";
import { AdminBreadcrumb } from "@/components/admin/breadcrumb";
import { forbidden, notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { formatMoney } from "@/components/admin/format";
import { hasSinglePlainPrice, raceFormDefaults } from "@/components/admin/form-defaults";
import { RaceForm } from "@/components/admin/race-form";
import type { Locale } from "@/i18n/routing";
import { eventAccessOf } from "@/server/auth/policy";
import { requireStaff } from "@/server/auth/session";
import { getEventWithRaces } from "@/server/events/queries";
import { updateRaceAction } from "./actions";

type Params = Promise<{ slug: string; race: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug, race } = await params;
  return { title: `${race} · ${slug}` };
}

/** Edit one race. Admins and the event's organizers; everyone else signed in is told they may not. */
export default async function RaceAdminPage({ params }: { params: Params }) {
  const { slug, race: raceSlug } = await params;
  const actor = await requireStaff(`/admin/events/${slug}/races/${raceSlug}`);
  const event = await getEventWithRaces(slug);
  if (!event) notFound();
  const access = await eventAccessOf(actor, event.id);
  if (access !== "admin" && access !== "organizer") forbidden();
  const race = event.races.find((r) => r.slug === raceSlug);
  if (!race) notFound();
  const [t, locale] = await Promise.all([getTranslations("admin"), getLocale() as Promise<Locale>]);
  const eventName = locale === "zh" ? event.nameZh : event.nameEn;
  const raceName = locale === "zh" ? race.nameZh : race.nameEn;
  const priceHint = hasSinglePlainPrice(race)
    ? undefined
    : t("raceHints.priceTiers", {
        count: race.priceTiers.length,
        tiers: race.priceTiers.map((p) => [formatMoney(p.priceCents, race.currency, locale), p.label].filter(Boolean).join(" ")).join(locale === "zh" ? "、" : ", "),
      });
  return (
    <>
      <AdminBreadcrumb label={t("nav.breadcrumb")} trail={[{ href: "/admin", text: t("events.title") }, { href: `/admin/events/${event.slug}`, text: eventName }]} />
      <div className="adm-page-head">
        <h1 id="page-title" className="adm-h1">
          {t("raceForm.editTitle", { name: raceName })}
        </h1>
        <div className="adm-page-head__actions">
          <Link href={`/admin/events/${event.slug}/races/${race.slug}/bibs`} className="adm-button">
            {t("bibs.title")}
          </Link>
          <Link href={`/admin/events/${event.slug}/races/${race.slug}/results`} className="adm-button">
            {t("resultsImport.link")}
          </Link>
        </div>
      </div>
      <RaceForm
        action={updateRaceAction}
        eventSlug={event.slug}
        raceSlug={race.slug}
        timezone={event.timezone}
        defaults={raceFormDefaults(race, event.timezone)}
        priceHint={priceHint}
        labelledBy="page-title"
      />
    </>
  );
}
