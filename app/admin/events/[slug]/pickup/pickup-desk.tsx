"use client";
import { useLocale, useTranslations } from "next-intl";
import { useCallback, useEffect, useId, useRef, useState, useSyncExternalStore, type FormEvent } from "react";
import { pickupRefusal } from "@/core/pickup-refusal";
import { LANGUAGE_TAG, type Locale } from "@/i18n/routing";
import { findForPickupAction, lookupForPickupAction, recordPickupAction } from "./actions";
import type { DeskRefusal, PickupRunner } from "./desk-types";
import { QrScanner } from "./qr-scanner";
import { RunnerCard } from "./runner-card";
import { first } from "../../../../../core/lists";

/** How the card's entry was found; the handover sends the same (the scan log records the method). */
type EntryKey = { code: string } | { bib: string } | { registrationId: string };

interface Card {
  key: EntryKey;
  runner: PickupRunner | null;
  refusal: DeskRefusal | null;
  /** Set once this desk has handed the packet over. */
  handedOver: { at: string; desk: string } | null;
}

type Tone = "ok" | "warn" | "error" | "info";

// ---- The desk's name, kept on this device (per event) -------------------------------------------------------

const DESK_CHANGED = "finishline:pickup-desk";
const deskKey = (eventSlug: string) => `finishline:pickup-desk:${eventSlug}`;

function subscribeDesk(onChange: () => void): () => void {
  window.addEventListener("storage", onChange);
  window.addEventListener(DESK_CHANGED, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(DESK_CHANGED, onChange);
  };
}

function readDesk(eventSlug: string): string | null {
  try {
    return window.localStorage.getItem(deskKey(eventSlug));
  } catch {
    return null; // storage refused (private mode): the desk is asked for again on the next visit
  }
}

function saveDesk(eventSlug: string, desk: string | null): void {
  try {
    if (desk) window.localStorage.setItem(deskKey(eventSlug), desk);
    else window.localStorage.removeItem(deskKey(eventSlug));
  } catch {
    // Nothing to do: the name lives for this page only.
  }
  window.dispatchEvent(new Event(DESK_CHANGED));
}

function formOf(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  return data;
}

/** The card's refusal by the handover's own rule (core/pickup-refusal.ts); the runner's status is already read at its time. */
function refusalOfRunner(runner: PickupRunner): DeskRefusal | null {
  const refusal = pickupRefusal({ status: runner.status, pickup: runner.pickup }, new Date());
  if (!refusal) return null;
  return refusal.code === "already_collected" ? { code: refusal.code, details: refusal.details } : { code: refusal.code, details: refusal.details };
}

/**
 * The pickup desk (page.tsx): desk name, scanner, search, the runner card and its "Hand over packet" button. Every
 * outcome (found, refused, handed over, a camera problem) is written to one live region above the card, so a screen
 * reader hears it and everyone sees it in the same place.
 */
export function PickupDesk({ eventSlug, timezone }: { eventSlug: string; timezone: string }) {
  const t = useTranslations("admin.pickup");
  const locale = useLocale() as Locale;
  const storedDesk = useSyncExternalStore(
    subscribeDesk,
    () => readDesk(eventSlug),
    () => null,
  );
  const [pageDesk, setPageDesk] = useState<string | null>(null);
  const desk = pageDesk ?? storedDesk;
  const [changingDesk, setChangingDesk] = useState(false);
  const [card, setCard] = useState<Card | null>(null);
  const [results, setResults] = useState<{ query: string; runners: PickupRunner[]; more: boolean } | null>(null);
  const [outcome, setOutcome] = useState<{ tone: Tone; text: string } | null>(null);
  const [busy, setBusy] = useState<null | "find" | "search" | "record">(null);
  const cardHeading = useRef<HTMLHeadingElement>(null);
  const resultsHeading = useRef<HTMLHeadingElement>(null);
  const deskInput = useId();
  const searchInput = useId();
  const searchHint = useId();

  const time = useCallback(
    (iso: string) => {
      const when = new Date(iso);
      const day = (d: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
      const sameDay = day(when) === day(new Date());
      return new Intl.DateTimeFormat(LANGUAGE_TAG[locale], {
        timeZone: timezone,
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
        ...(sameDay ? {} : { month: "short", day: "numeric" }),
      }).format(when);
    },
    [locale, timezone],
  );

  const refusalText = useCallback(
    (refusal: DeskRefusal): string => {
      switch (refusal.code) {
        case "already_collected":
          return t("refusal.alreadyCollected", { time: time(refusal.details.at), desk: refusal.details.desk });
        case "not_confirmed":
          return t.has(`refusal.${refusal.details.status}`) ? t(`refusal.${refusal.details.status}`) : t("refusal.notConfirmed", { status: refusal.details.status });
        case "not_found":
          return refusal.details.by === "code" ? t("refusal.unknownCode") : refusal.details.by === "bib" ? t("refusal.unknownBib") : t("refusal.unknownEntry");
      }
    },
    [t, time],
  );

  const runnerLabel = (r: PickupRunner) => (locale === "en" && r.name.latin ? r.name.latin : r.name.native);

  // Where keyboard and screen-reader focus goes once the page shows what changed (after React has rendered it).
  const [focusRequest, setFocusRequest] = useState<{ to: "card" | "results"; n: number } | null>(null);
  useEffect(() => {
    if (focusRequest) (focusRequest.to === "card" ? cardHeading : resultsHeading).current?.focus();
  }, [focusRequest]);
  const focusLater = (to: "card" | "results") => setFocusRequest((r) => ({ to, n: (r?.n ?? 0) + 1 }));

  function show(next: Card) {
    setCard(next);
    if (next.refusal) setOutcome({ tone: next.refusal.code === "not_found" ? "error" : "warn", text: refusalText(next.refusal) });
    else if (next.runner) setOutcome({ tone: "info", text: t("outcome.ready", { name: runnerLabel(next.runner), bib: next.runner.bib ?? t("card.noBib") }) });
    focusLater("card");
  }

  async function find(key: EntryKey) {
    if (!desk) return;
    setBusy("find");
    try {
      const result = await findForPickupAction(formOf({ eventSlug, desk, ...key }));
      if (result.status === "error") setOutcome({ tone: "error", text: result.message });
      else if (result.status === "refused") show({ key, runner: null, refusal: result.refusal, handedOver: null });
      else show({ key, runner: result.runner, refusal: result.refusal, handedOver: null });
    } catch {
      setOutcome({ tone: "error", text: t("errors.network") });
    } finally {
      setBusy(null);
    }
  }

  async function search(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const q = String(new FormData(event.currentTarget).get("q") ?? "").trim();
    if (!q) {
      setOutcome({ tone: "error", text: t("search.empty") });
      return;
    }
    setBusy("search");
    try {
      const result = await lookupForPickupAction(formOf({ eventSlug, q }));
      if (result.status === "error") {
        setOutcome({ tone: "error", text: result.message });
        return;
      }
      setResults({ query: result.query, runners: result.runners, more: result.more });
      if (result.runners.length === 1) open(first(result.runners), result.query);
      else {
        setCard(null);
        setOutcome({ tone: result.runners.length === 0 ? "error" : "info", text: t("search.results", { count: result.runners.length }) });
        focusLater("results");
      }
    } catch {
      setOutcome({ tone: "error", text: t("errors.network") });
    } finally {
      setBusy(null);
    }
  }

  /** A runner from the search: its card from the list's data (a typed bib is sent as a bib, for the scan log). */
  function open(runner: PickupRunner, query: string) {
    const key: EntryKey = runner.bib && runner.bib === query.normalize("NFKC").trim().toUpperCase() ? { bib: runner.bib } : { registrationId: runner.registrationId };
    show({ key, runner, refusal: refusalOfRunner(runner), handedOver: null });
  }

  async function handOver() {
    if (!card || !desk) return;
    setBusy("record");
    try {
      const result = await recordPickupAction(formOf({ eventSlug, desk, ...card.key }));
      if (result.status === "error") {
        setOutcome({ tone: "error", text: result.message });
      } else if (result.status === "refused") {
        setCard({ ...card, runner: result.runner ?? card.runner, refusal: result.refusal });
        setOutcome({ tone: "warn", text: refusalText(result.refusal) });
        focusLater("card");
      } else {
        setCard({ ...card, runner: result.runner, refusal: null, handedOver: result.pickup });
        setResults((r) => r && { ...r, runners: r.runners.map((x) => (x.registrationId === result.runner.registrationId ? result.runner : x)) });
        setOutcome({ tone: "ok", text: t("outcome.handedOver", { name: runnerLabel(result.runner), time: time(result.pickup.at), desk: result.pickup.desk }) });
        focusLater("card");
      }
    } catch {
      setOutcome({ tone: "error", text: t("errors.network") });
    } finally {
      setBusy(null);
    }
  }

  function chooseDesk(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get("desk") ?? "").trim().slice(0, 40);
    if (!name) return;
    saveDesk(eventSlug, name);
    setPageDesk(name);
    setChangingDesk(false);
    setOutcome({ tone: "info", text: t("desk.chosen", { desk: name }) });
  }

  if (!desk || changingDesk) {
    return (
      <section className="pk-panel" aria-labelledby="desk-title">
        <h2 id="desk-title" className="adm-h2">
          {t("desk.title")}
        </h2>
        <form className="adm-form" onSubmit={chooseDesk}>
          <div className="adm-field">
            <label className="adm-label" htmlFor={deskInput}>
              {t("desk.label")}
            </label>
            <p className="adm-hint" id={`${deskInput}-hint`}>
              {t("desk.hint")}
            </p>
            <input
              id={deskInput}
              name="desk"
              className="adm-input adm-input--medium"
              required
              maxLength={40}
              defaultValue={desk ?? ""}
              autoComplete="off"
              aria-describedby={`${deskInput}-hint`}
            />
          </div>
          <div className="adm-actions">
            <button type="submit" className="adm-button adm-button--primary">
              {t("desk.start")}
            </button>
            {desk ? (
              <button type="button" className="adm-button" onClick={() => setChangingDesk(false)}>
                {t("desk.keep")}
              </button>
            ) : null}
          </div>
        </form>
      </section>
    );
  }

  return (
    <div className="pk-desk">
      <p className="pk-desk-bar">
        <span>
          {t("desk.current")} <strong>{desk}</strong>
        </span>
        <button type="button" className="adm-button adm-button--quiet" onClick={() => setChangingDesk(true)}>
          {t("desk.change")}
        </button>
      </p>

      <section className="pk-panel" aria-labelledby="scan-title">
        <h2 id="scan-title" className="adm-h2">
          {t("scan.title")}
        </h2>
        <QrScanner
          onCode={(code) => find({ code })}
          onProblem={(text) => setOutcome({ tone: "error", text })}
          disabled={busy !== null}
        />
      </section>

      <section className="pk-panel" aria-labelledby="search-title">
        <h2 id="search-title" className="adm-h2">
          {t("search.title")}
        </h2>
        <form className="pk-search" onSubmit={search} role="search" aria-labelledby="search-title">
          <div className="adm-field">
            <label className="adm-label" htmlFor={searchInput}>
              {t("search.label")}
            </label>
            <p className="adm-hint" id={searchHint}>
              {t("search.hint")}
            </p>
            <div className="pk-search__row">
              <input id={searchInput} name="q" type="search" className="adm-input" maxLength={100} autoComplete="off" aria-describedby={searchHint} />
              <button type="submit" className="adm-button" disabled={busy !== null}>
                {busy === "search" ? t("search.searching") : t("search.button")}
              </button>
            </div>
          </div>
        </form>
        {results && results.runners.length > 1 ? (
          <div className="pk-results">
            <h3 className="adm-h3" ref={resultsHeading} tabIndex={-1}>
              {t("search.results", { count: results.runners.length })}
            </h3>
            <ul className="pk-results__list">
              {results.runners.map((r) => (
                <li key={r.registrationId}>
                  <button type="button" className="pk-result" onClick={() => open(r, results.query)} aria-current={card?.runner?.registrationId === r.registrationId ? "true" : undefined}>
                    <span className="pk-result__name">
                      {r.name.native}
                      {r.name.latin ? <span className="pk-result__latin"> {r.name.latin}</span> : null}
                    </span>
                    <span className="pk-result__facts">
                      {t("card.bib")} {r.bib ?? t("card.noBib")} · {locale === "zh" ? r.race.name.zh : r.race.name.en} · {r.idNumber}
                    </span>
                    <span className="pk-result__state">{r.pickup ? t("search.collected", { time: time(r.pickup.at), desk: r.pickup.desk }) : r.status === "confirmed" ? t("search.notCollected") : t(`status.${r.status}`)}</span>
                  </button>
                </li>
              ))}
            </ul>
            {results.more ? <p className="adm-hint">{t("search.more")}</p> : null}
          </div>
        ) : null}
      </section>

      <div className={`pk-outcome${outcome ? ` pk-outcome--${outcome.tone}` : ""}`} aria-live="assertive" aria-atomic="true" data-testid="pickup-outcome">
        {outcome ? <p className="pk-outcome__text">{outcome.text}</p> : null}
      </div>

      {card ? (
        <RunnerCard
          headingRef={cardHeading}
          runner={card.runner}
          refusal={card.refusal}
          handedOver={card.handedOver}
          busy={busy === "record"}
          onHandOver={handOver}
          refusalText={refusalText}
          time={time}
        />
      ) : null}
    </div>
  );
}
