"use client";

import { useCallback, useId, useState } from "react";
import { useTranslations } from "next-intl";
import { formatPace, formatRaceTime } from "../../../core/results/time";
import type { RaceResultsInfo, ResultView } from "../../../server/results/types";
import { officialTimes, resultsApi, showTime } from "./result-format";
import { ShareLink } from "./share-link";
import { SplitsChart } from "./splits-chart";
import { formatPaceSeconds, splitSegments, type Segment } from "./splits";
import { useLiveVersion } from "./use-live-version";
import { nth } from "../../../core/lists";

/**
 * One runner's result (issue 5): gun and net time, places, pace per km (and per mile in English), the splits as a
 * table with each segment's pace and as a chart, a share link and, for a finisher, the certificate. The page
 * around it is cached HTML; a new results version on the live stream refetches this runner.
 */
export function RunnerResult({ info: initialInfo, result: initialResult, locale }: { info: RaceResultsInfo; result: ResultView; locale: "zh" | "en" }) {
  const t = useTranslations("results.runner");
  const tt = useTranslations("results.table");
  const [info, setInfo] = useState(initialInfo);
  const [result, setResult] = useState(initialResult);
  const [updated, setUpdated] = useState(false);
  const chartId = useId();
  const splitsHeadingId = useId();

  const refresh = useCallback(async () => {
    try {
      // Only called for a new version: the browser's HTTP cache (max-age=1) may still hold the old answer.
      const response = await fetch(resultsApi.runner(info.eventSlug, info.raceSlug, result.bib), { cache: "no-cache" });
      if (!response.ok) return;
      const body = (await response.json()) as { result: ResultView; race: RaceResultsInfo };
      setResult(body.result);
      setInfo(body.race);
      setUpdated(true);
    } catch {
      // The next version event tries again.
    }
  }, [info.eventSlug, info.raceSlug, result.bib]);
  useLiveVersion(resultsApi.live(info.eventSlug, info.raceSlug), info.version, () => void refresh());

  const times = officialTimes(result, info.rankBy);
  const finishMs = result.netTimeMs ?? result.gunTimeMs;
  const segments = splitSegments(result.splits, result.status === "finished" ? finishMs : null, info.distanceMeters);
  const finished = result.status === "finished";
  const paceUnits = locale === "en" ? (["km", "mi"] as const) : (["km"] as const);
  const name = result.name ?? result.latinName ?? tt("bibValue", { bib: result.bib });
  const segmentName = (s: Segment) => s.label ?? t("finish");
  const segmentRange = (s: Segment, i: number) => (i === 0 ? t("fromStart", { to: segmentName(s) }) : t("fromTo", { from: segmentName(nth(segments, i - 1)), to: segmentName(s) }));
  const averagePace = finished && finishMs !== null ? (finishMs / 1000 / info.distanceMeters) * 1000 : null;
  const chartDescription = segments
    .map((s, i) => `${segmentRange(s, i)}: ${formatRaceTime(s.segmentMs)}${s.paceSecondsPerKm !== null ? ` (${formatPaceSeconds(s.paceSecondsPerKm, "km")})` : ""}`)
    .join("; ");

  return (
    <article className="rs-runner" aria-labelledby="runner-name">
      <header className="rs-runner-header">
        <h1 id="runner-name">
          {name}
          {result.name !== null && result.latinName !== null && result.latinName !== result.name && (
            <span className="rs-runner-latin" lang="en">
              {result.latinName}
            </span>
          )}
        </h1>
        <p className="rs-runner-facts">
          {[
            tt("bibValue", { bib: result.bib }),
            result.gender !== null ? tt(`genders.${result.gender}`) : null,
            result.age !== null ? t("age", { age: result.age }) : null,
            result.ageGroup,
          ]
            .filter(Boolean)
            .join(" · ")}
        </p>
        {!finished && <p className="rs-runner-status">{tt(`statusLong.${result.status}`)}</p>}
      </header>

      <p role="status" aria-live="polite" className="rs-updated">
        {updated ? t("updated") : ""}
      </p>

      <section aria-labelledby="runner-times" className="pub-card rs-runner-card">
        <h2 id="runner-times">{t("times")}</h2>
        <dl className="rs-facts">
          <div className="rs-fact-main">
            <dt>
              {tt(info.rankBy === "net" ? "netTime" : "gunTime")} {tt("official")}
            </dt>
            <dd className="rs-big">{showTime(times.official)}</dd>
          </div>
          <div>
            <dt>{tt(times.otherKind === "net" ? "netTime" : "gunTime")}</dt>
            <dd className="rs-big">{showTime(times.other)}</dd>
          </div>
          <div>
            <dt>{t("overallPlace")}</dt>
            <dd>{result.places.overall !== null ? t("placeOf", { place: result.places.overall, total: info.finishers }) : "–"}</dd>
          </div>
          <div>
            <dt>{t("genderPlace")}</dt>
            <dd>{result.places.gender ?? "–"}</dd>
          </div>
          <div>
            <dt>{result.ageGroup ? t("ageGroupPlaceOf", { group: result.ageGroup }) : t("ageGroupPlace")}</dt>
            <dd>{result.places.ageGroup ?? "–"}</dd>
          </div>
          <div>
            <dt>{t("pace")}</dt>
            <dd>
              {result.rankTimeMs !== null
                ? paceUnits.map((unit) => (
                    <span key={unit} className="rs-pace">
                      {formatPace(result.rankTimeMs as number, info.distanceMeters, unit)}
                    </span>
                  ))
                : "–"}
            </dd>
          </div>
        </dl>
        {finished && (
          <p className="rs-certificate">
            <a className="rs-button" href={resultsApi.certificate(info.eventSlug, info.raceSlug, result.bib, locale)}>
              {t("certificate")}
            </a>
          </p>
        )}
      </section>

      <section aria-labelledby={splitsHeadingId} className="pub-section">
        <h2 id={splitsHeadingId}>{t("splits")}</h2>
        {segments.length === 0 ? (
          <p className="pub-empty">{t("noSplits")}</p>
        ) : (
          <div className="rs-splits">
            {/* Focusable so a keyboard can scroll it when a phone is too narrow for the columns. */}
            <div className="rs-table-wrap" role="region" aria-labelledby={splitsHeadingId} tabIndex={0}>
              <table className="rs-table rs-splits-table">
                <caption className="visually-hidden">{t("splitsCaption", { name })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("point")}</th>
                    <th scope="col" className="rs-num">
                      {t("elapsed")}
                    </th>
                    <th scope="col" className="rs-num">
                      {t("segmentTime")}
                    </th>
                    <th scope="col" className="rs-num">
                      {t("segmentPace")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {segments.map((s, i) => (
                    <tr key={`${s.label ?? "finish"}-${i}`}>
                      <th scope="row">{segmentName(s)}</th>
                      <td className="rs-num">{formatRaceTime(s.elapsedMs)}</td>
                      <td className="rs-num">{formatRaceTime(Math.max(0, s.segmentMs))}</td>
                      <td className="rs-num">
                        {s.paceSecondsPerKm !== null
                          ? paceUnits.map((unit) => (
                              <span key={unit} className="rs-pace">
                                {formatPaceSeconds(s.paceSecondsPerKm as number, unit)}
                              </span>
                            ))
                          : "–"}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <figure className="rs-chart-figure">
              <SplitsChart
                id={chartId}
                segments={segments}
                averagePaceSecondsPerKm={averagePace}
                text={{
                  title: segments.every((s) => s.paceSecondsPerKm !== null) ? t("chartPaceTitle", { name }) : t("chartTimeTitle", { name }),
                  description: chartDescription,
                  segmentLabel: (s) => segmentName(s),
                }}
              />
              <figcaption className="rs-hint">
                {segments.every((s) => s.paceSecondsPerKm !== null) ? t("chartPaceCaption") : t("chartTimeCaption")}
              </figcaption>
            </figure>
          </div>
        )}
      </section>

      <section aria-labelledby="runner-share" className="pub-section">
        <h2 id="runner-share">{t("shareHeading")}</h2>
        <ShareLink title={t("shareTitle", { name, race: info.raceName[locale], event: info.eventName[locale] })} />
      </section>
    </article>
  );
}
