import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { LANGUAGE_TAG, type Locale } from "@/i18n/routing";
import type { RaceWithWaves } from "@/server/events/queries";
import { formatDurationSeconds } from "../form-data";

/** A wave's predicted finish times in words: "under 1:20:00", "1:20:00 to under 1:50:00", "1:50:00 or slower". */
export async function waveBoundsText(w: { minPredictedSeconds: number | null; maxPredictedSeconds: number | null }): Promise<string> {
  const t = await getTranslations("admin.bibs");
  const min = w.minPredictedSeconds === null ? null : formatDurationSeconds(w.minPredictedSeconds);
  const max = w.maxPredictedSeconds === null ? null : formatDurationSeconds(w.maxPredictedSeconds);
  if (min && max) return t("waveBetween", { min, max });
  if (max) return t("waveUnder", { max });
  if (min) return t("waveFrom", { min });
  return t("waveAny");
}

/**
 * How a race gives its bibs: the strategy in words, its ranges (reserved ones marked) and its waves with their
 * predicted finish times and sizes, with a link to change them in the race's settings.
 */
export async function BibSettings({ race, eventSlug, zone, locale }: { race: RaceWithWaves; eventSlug: string; zone: string; locale: Locale }) {
  const t = await getTranslations("admin");
  const time = new Intl.DateTimeFormat(LANGUAGE_TAG[locale], { timeStyle: "short", timeZone: zone });
  const hasReserved = race.bibRanges.some((r) => r.reserved);
  const bounds = await Promise.all(race.waves.map((w) => waveBoundsText(w)));
  return (
    <section className="adm-section" aria-labelledby="settings-title">
      <h2 id="settings-title" className="adm-h2">
        {t("bibs.settingsTitle")}
      </h2>
      <div className="adm-bib-settings">
        <div className="adm-bib-card">
          <h3 className="adm-h3">{t("bibs.strategy")}</h3>
          <p className="adm-bib-strong">{t(`bibStrategy.${race.bibStrategy}`)}</p>
          <p>{t(race.bibStrategy === "batch" ? "bibs.strategyBatch" : "bibs.strategyOnConfirmation")}</p>
        </div>
        <div className="adm-bib-card">
          <h3 className="adm-h3">{t("raceFields.bibRanges")}</h3>
          {race.bibRanges.length === 0 ? (
            <p>{t("bibs.noRanges")}</p>
          ) : (
            <ul className="adm-bib-list">
              {race.bibRanges.map((r) => (
                <li key={`${r.from}-${r.to}`}>
                  <span className="adm-reg-mono">{r.from === r.to ? r.from : `${r.from}–${r.to}`}</span>
                  {r.label ? ` ${r.label}` : ""}
                  {r.reserved ? <span className="adm-reg-badge adm-bib-badge">{t("bibs.reserved")}</span> : null}
                </li>
              ))}
            </ul>
          )}
          {hasReserved ? <p className="adm-hint">{t("bibs.reservedNote")}</p> : null}
        </div>
        <div className="adm-bib-card">
          <h3 className="adm-h3">{t("raceFields.waves")}</h3>
          {race.waves.length === 0 ? (
            <p>{t("bibs.noWaves")}</p>
          ) : (
            <ul className="adm-bib-list">
              {race.waves.map((w, i) => (
                <li key={w.id}>
                  <span className="adm-bib-strong">{w.name}</span> · {time.format(w.startTime)}
                  <span className="adm-reg-sub">
                    {bounds[i]} · {w.maxSize === null ? t("bibs.waveNoLimit") : t("bibs.waveSize", { size: w.maxSize })}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      <p className="adm-bib-more">
        <Link href={`/admin/events/${eventSlug}/races/${race.slug}`}>{t("bibs.editRace")}</Link>
      </p>
    </section>
  );
}
