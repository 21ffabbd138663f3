import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { Locale } from "@/i18n/routing";
import type { EventWithRaces } from "@/server/events/queries";
import { formatInstant, formatKm, formatMoney } from "./format";

/** The races of an event; with `editable`, each row links to its edit page. */
export async function RaceTable({ event, locale, editable }: { event: EventWithRaces; locale: Locale; editable: boolean }) {
  const t = await getTranslations("admin");
  if (event.races.length === 0) return <p className="adm-empty">{t("event.noRaces")}</p>;
  return (
    <div className="adm-table-wrap" role="region" aria-labelledby="races-title" tabIndex={0}>
      <table className="adm-table">
        <thead>
          <tr>
            <th scope="col">{t("raceTable.race")}</th>
            <th scope="col">{t("raceTable.distance")}</th>
            <th scope="col">{t("raceTable.capacity")}</th>
            <th scope="col">{t("raceTable.price")}</th>
            <th scope="col">{t("raceTable.start")}</th>
            <th scope="col">{t("raceTable.ages")}</th>
            {editable ? (
              <th scope="col">
                <span className="visually-hidden">{t("raceTable.actions")}</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {event.races.map((r) => {
            const name = locale === "zh" ? r.nameZh : r.nameEn;
            return (
              <tr key={r.id}>
                <th scope="row">
                  {name}
                  <span className="adm-slug">{r.slug}</span>
                </th>
                <td>{t("raceTable.km", { km: formatKm(r.distanceMeters, locale) })}</td>
                <td>{r.capacity.toLocaleString(locale === "zh" ? "zh-CN" : "en")}</td>
                <td>
                  {r.priceTiers.map((p, i) => (
                    <span key={i} className="adm-price">
                      {formatMoney(p.priceCents, r.currency, locale)}
                      {p.label ? ` (${p.label})` : ""}
                    </span>
                  ))}
                </td>
                <td>{formatInstant(r.startTime, event.timezone, locale)}</td>
                <td>{t("raceTable.ageRange", { min: r.minAge, max: r.maxAge })}</td>
                {editable ? (
                  <td>
                    <Link href={`/admin/events/${event.slug}/races/${r.slug}`} aria-label={t("raceTable.editLabel", { name })}>
                      {t("raceTable.edit")}
                    </Link>
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
