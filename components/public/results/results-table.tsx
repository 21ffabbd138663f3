"use client";

import { useTranslations } from "next-intl";
import { formatPace } from "../../../core/results/time";
import type { ResultView, RaceResultsInfo } from "../../../server/results/types";
import { officialTimes, resultsPaths, showTime } from "./result-format";

/**
 * The leaderboard table. On a phone only place, name and official time are columns; the rest of a row (bib, age
 * group, the other time, pace) is a line under the name, and the runner page holds everything. Finishers first,
 * then DNF/DNS/DQ without a place (the service's order). Columns are styled by position (results.css), not by a
 * class on every cell: this HTML is what race-day traffic downloads, fifty rows at a time.
 */
export function ResultsTable({
  info,
  results,
  locale,
  captionId,
  busy,
}: {
  info: RaceResultsInfo;
  results: ResultView[];
  locale: "zh" | "en";
  captionId: string;
  busy: boolean;
}) {
  const t = useTranslations("results.table");
  const otherKind = info.rankBy === "net" ? "gun" : "net";
  const officialLabel = t(info.rankBy === "net" ? "netTime" : "gunTime");
  const otherLabel = t(otherKind === "net" ? "netTime" : "gunTime");

  return (
    // Focusable so a keyboard can scroll it if a long name makes it wider than the phone.
    <div className="rs-table-wrap" role="region" aria-label={t("caption", { race: info.raceName[locale] })} tabIndex={0}>
      <table className="rs-table rs-board-table" aria-describedby={captionId} aria-busy={busy}>
        <caption className="visually-hidden">{t("caption", { race: info.raceName[locale] })}</caption>
        <thead>
          <tr>
            <th scope="col">
              {t("place")}
            </th>
            <th scope="col">
              {t("bib")}
            </th>
            <th scope="col">{t("name")}</th>
            <th scope="col">
              {t("gender")}
            </th>
            <th scope="col">
              {t("ageGroup")}
            </th>
            <th scope="col">
              {officialLabel}
              <span className="rs-official-mark"> {t("official")}</span>
            </th>
            <th scope="col">
              {otherLabel}
            </th>
            <th scope="col">
              {t("pace")}
            </th>
            <th scope="col">
              {t("genderPlace")}
            </th>
            <th scope="col">
              {t("ageGroupPlace")}
            </th>
          </tr>
        </thead>
        <tbody>
          {results.map((r) => {
            const times = officialTimes(r, info.rankBy);
            const pace = r.rankTimeMs !== null ? formatPace(r.rankTimeMs, info.distanceMeters, "km") : null;
            const placed = r.status === "finished" && r.places.overall !== null;
            return (
              <tr key={r.bib} className={placed ? undefined : "rs-unplaced"}>
                <td>
                  {placed ? (
                    r.places.overall
                  ) : (
                    <abbr title={t(`statusLong.${r.status}`)} className="rs-status">
                      {t(`status.${r.status}`)}
                    </abbr>
                  )}
                </td>
                <td>{r.bib}</td>
                <th scope="row">
                  <a href={resultsPaths.runner(locale, info.eventSlug, info.raceSlug, r.bib)}>{r.name ?? r.latinName ?? r.bib}</a>
                  {r.name !== null && r.latinName !== null && r.latinName !== r.name && (
                    <span className="rs-latin" lang="en">
                      {" "}
                      {r.latinName}
                    </span>
                  )}
                  <span className="rs-details">
                    {[t("bibValue", { bib: r.bib }), r.ageGroup, times.other !== null ? `${otherLabel} ${showTime(times.other)}` : null, pace]
                      .filter(Boolean)
                      .join(" · ")}
                  </span>
                </th>
                <td>{r.gender !== null ? t(`genders.${r.gender}`) : "–"}</td>
                <td>{r.ageGroup ?? "–"}</td>
                <td>{showTime(times.official)}</td>
                <td>{showTime(times.other)}</td>
                <td>{pace ?? "–"}</td>
                <td>{r.places.gender ?? "–"}</td>
                <td>{r.places.ageGroup ?? "–"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
