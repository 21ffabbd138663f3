"use client";

import { useCallback, useEffect, useId, useRef, useState } from "react";
import { useTranslations } from "next-intl";
import type { RaceResultsInfo, ResultsPage } from "../../../server/results/types";
import {
  DEFAULT_VIEW,
  isDefaultView,
  LEADERBOARD_PAGE_SIZE,
  queryOfView,
  resultsApi,
  searchOfView,
  unpackPage,
  viewFromSearch,
  type LeaderboardView,
  type PackedPage,
} from "./result-format";
import { ResultsTable } from "./results-table";
import { useLiveVersion } from "./use-live-version";

const SEARCH_DELAY_MS = 350;

type Announcement = "count" | "updated" | "loading" | "error";

/**
 * The race leaderboard (issue 5). The page around it is cached HTML (ISR) holding the default view (everyone,
 * page 1) as `initial` (packed: result-format.ts); filters, search and paging run here against the JSON API, and the view is kept in the
 * address (`?gender=F&ageGroup=F40-44&q=zhang&page=2`), so a shared link opens the same view. A new results version
 * on the live stream refetches the view being shown; a polite live region says how many results there are.
 */
export function Leaderboard({ info: initialInfo, initial, locale }: { info: RaceResultsInfo; initial: PackedPage; locale: "zh" | "en" }) {
  const t = useTranslations("results.leaderboard");
  const tt = useTranslations("results.table");
  const [info, setInfo] = useState(initialInfo);
  const [view, setView] = useState<LeaderboardView>(DEFAULT_VIEW);
  const [searchText, setSearchText] = useState("");
  const [data, setData] = useState<ResultsPage>(() => unpackPage(initial));
  const [loading, setLoading] = useState(false);
  const [announcement, setAnnouncement] = useState<Announcement>("count");
  const request = useRef<AbortController | null>(null);
  const searchTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const statusId = useId();
  const genderId = useId();
  const groupId = useId();
  const searchId = useId();
  const hintId = useId();

  const load = useCallback(
    async (next: LeaderboardView, reason: "view" | "live") => {
      request.current?.abort();
      const controller = new AbortController();
      request.current = controller;
      const query = queryOfView(next, LEADERBOARD_PAGE_SIZE);
      const params = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
      setLoading(true);
      if (reason === "view") setAnnouncement("loading");
      try {
        // After a new version the same address may still be in the browser's HTTP cache (max-age=1) with the old
        // answer: a live refresh asks the server.
        const response = await fetch(`${resultsApi.list(info.eventSlug, info.raceSlug)}?${params}`, {
          signal: controller.signal,
          cache: reason === "live" ? "no-cache" : "default",
        });
        if (!response.ok) throw new Error(`results answered ${response.status}`);
        const page = (await response.json()) as ResultsPage;
        setData(page);
        setInfo((current) => (page.version > current.version ? { ...current, version: page.version } : current));
        setAnnouncement(reason === "live" ? "updated" : "count");
      } catch (error) {
        if ((error as Error).name === "AbortError") return;
        setAnnouncement("error");
      } finally {
        if (request.current === controller) {
          setLoading(false);
          request.current = null;
        }
      }
    },
    [info.eventSlug, info.raceSlug],
  );

  const viewRef = useRef(view);
  const show = useCallback(
    (next: LeaderboardView) => {
      viewRef.current = next;
      setView(next);
      const url = `${window.location.pathname}${searchOfView(next)}${window.location.hash}`;
      window.history.replaceState(window.history.state, "", url);
      void load(next, "view");
    },
    [load],
  );

  // A shared link: the view in the address, read once the page is in the browser (the HTML is the same for all).
  useEffect(() => {
    const fromAddress = viewFromSearch(window.location.search);
    if (isDefaultView(fromAddress)) return;
    viewRef.current = fromAddress;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the address is only known in the browser
    setView(fromAddress);
    setSearchText(fromAddress.q);
    void load(fromAddress, "view");
  }, [load]);

  useEffect(
    () => () => {
      request.current?.abort();
      if (searchTimer.current) clearTimeout(searchTimer.current);
    },
    [],
  );

  useLiveVersion(resultsApi.live(info.eventSlug, info.raceSlug), data.version, () => void load(viewRef.current, "live"));

  const onSearchInput = (value: string) => {
    setSearchText(value);
    if (searchTimer.current) clearTimeout(searchTimer.current);
    searchTimer.current = setTimeout(() => show({ ...viewRef.current, q: value, page: 1 }), SEARCH_DELAY_MS);
  };

  const goToPage = (page: number) => {
    show({ ...viewRef.current, page });
    headingRef.current?.focus();
  };

  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  const from = data.total === 0 ? 0 : (data.page - 1) * data.pageSize + 1;
  const to = Math.min(data.total, data.page * data.pageSize);
  const groups = info.ageGroups.filter((g) => view.gender === "" || g.startsWith(view.gender));
  const filtered = !isDefaultView({ ...view, page: 1 });
  const countText =
    data.total > 0 ? t("countRange", { from, to, total: data.total }) : filtered ? t("noMatch") : t("noResultsYet");
  const statusText =
    announcement === "loading"
      ? t("loading")
      : announcement === "error"
        ? t("error")
        : announcement === "updated"
          ? `${t("updated")} ${countText}`
          : countText;

  return (
    <section className="rs-board" aria-labelledby={`${statusId}-heading`}>
      <form
        className="rs-filters pub-card"
        role="search"
        aria-label={t("filters")}
        onSubmit={(event) => {
          event.preventDefault();
          if (searchTimer.current) clearTimeout(searchTimer.current);
          show({ ...viewRef.current, q: searchText, page: 1 });
        }}
      >
        <div className="rs-field rs-field-search">
          <label htmlFor={searchId}>{t("search")}</label>
          <div className="rs-search-row">
            <input
              id={searchId}
              type="search"
              name="q"
              value={searchText}
              autoComplete="off"
              spellCheck={false}
              enterKeyHint="search"
              aria-describedby={hintId}
              maxLength={100}
              onChange={(event) => onSearchInput(event.target.value)}
            />
            <button type="submit" className="rs-button">
              {t("searchButton")}
            </button>
          </div>
          <p id={hintId} className="rs-hint">
            {t("searchHint")}
          </p>
        </div>
        <div className="rs-field">
          <label htmlFor={genderId}>{tt("gender")}</label>
          <select
            id={genderId}
            name="gender"
            value={view.gender}
            onChange={(event) => {
              const gender = event.target.value as LeaderboardView["gender"];
              const ageGroup = gender && !viewRef.current.ageGroup.startsWith(gender) ? "" : viewRef.current.ageGroup;
              show({ ...viewRef.current, gender, ageGroup, page: 1 });
            }}
          >
            <option value="">{t("genderAll")}</option>
            <option value="F">{tt("genders.F")}</option>
            <option value="M">{tt("genders.M")}</option>
            <option value="X">{tt("genders.X")}</option>
          </select>
        </div>
        <div className="rs-field">
          <label htmlFor={groupId}>{tt("ageGroup")}</label>
          <select
            id={groupId}
            name="ageGroup"
            value={view.ageGroup}
            onChange={(event) => show({ ...viewRef.current, ageGroup: event.target.value, page: 1 })}
          >
            <option value="">{t("ageGroupAll")}</option>
            {groups.map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
          </select>
        </div>
        {filtered && (
          <div className="rs-field rs-field-clear">
            <button
              type="button"
              className="rs-button rs-button-secondary"
              onClick={() => {
                setSearchText("");
                show(DEFAULT_VIEW);
              }}
            >
              {t("clear")}
            </button>
          </div>
        )}
      </form>

      <h2 id={`${statusId}-heading`} ref={headingRef} tabIndex={-1} className="rs-board-heading">
        {t("heading")}
      </h2>
      <p id={statusId} role="status" aria-live="polite" aria-atomic="true" className="rs-count">
        {statusText}
      </p>
      <p className="rs-basis">{t(`basis.${info.rankBy}`)}</p>

      {data.results.length > 0 && (
        <ResultsTable info={info} results={data.results} locale={locale} captionId={statusId} busy={loading} />
      )}

      {pages > 1 && (
        <nav className="rs-pager" aria-label={t("pagination")}>
          <button
            type="button"
            className="rs-button rs-button-secondary"
            disabled={data.page <= 1 || loading}
            onClick={() => goToPage(data.page - 1)}
          >
            <span aria-hidden="true">← </span>
            {t("previous")}
          </button>
          <span className="rs-page-of">{t("pageOf", { page: data.page, pages })}</span>
          <button
            type="button"
            className="rs-button rs-button-secondary"
            disabled={data.page >= pages || loading}
            onClick={() => goToPage(data.page + 1)}
          >
            {t("next")}
            <span aria-hidden="true"> →</span>
          </button>
        </nav>
      )}
    </section>
  );
}
