"use client";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { LANGUAGE_TAG, type Locale } from "@/i18n/routing";
import { pickupProgressAction } from "./actions";
import type { PickupProgress } from "./desk-types";

/** How often the counts are read again while the page is visible (one grouped query each time). */
export const PROGRESS_POLL_MS = 5_000;

/**
 * Collected / confirmed per race, read again every PROGRESS_POLL_MS while the tab is visible (paused when hidden,
 * read at once when it comes back). The table is not a live region: counts that change every few seconds would
 * interrupt a screen reader; the "updated" time says how fresh they are.
 */
export function LiveProgress({ eventSlug, initial }: { eventSlug: string; initial: PickupProgress }) {
  const t = useTranslations("admin.pickup.progress");
  const locale = useLocale() as Locale;
  const [progress, setProgress] = useState(initial);
  const [stale, setStale] = useState(false);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const form = new FormData();
    form.append("eventSlug", eventSlug);
    async function poll() {
      if (stopped) return;
      if (document.visibilityState === "visible") {
        try {
          const result = await pickupProgressAction(form);
          if (result.status === "ok") {
            setProgress(result.progress);
            setStale(false);
          } else setStale(true);
        } catch {
          setStale(true);
        }
      }
      if (!stopped) timer = setTimeout(poll, PROGRESS_POLL_MS);
    }
    function onVisible() {
      if (document.visibilityState !== "visible") return;
      clearTimeout(timer);
      void poll();
    }
    timer = setTimeout(poll, PROGRESS_POLL_MS);
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [eventSlug]);

  const number = new Intl.NumberFormat(LANGUAGE_TAG[locale]);
  const percent = (collected: number, confirmed: number) =>
    new Intl.NumberFormat(LANGUAGE_TAG[locale], { style: "percent", maximumFractionDigits: 0 }).format(confirmed === 0 ? 0 : collected / confirmed);
  const updated = new Intl.DateTimeFormat(LANGUAGE_TAG[locale], { timeZone: progress.event.timezone, hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }).format(
    new Date(progress.at),
  );
  const rows = [
    ...progress.races.map((r) => ({ key: r.slug, label: locale === "zh" ? r.name.zh : r.name.en, collected: r.collected, confirmed: r.confirmed })),
    { key: "", label: t("total"), ...progress.total },
  ];

  return (
    <section aria-labelledby="progress-caption">
      <table className="pk-progress">
        <caption id="progress-caption" className="pk-progress__caption">
          {t("caption")} <span className="pk-progress__updated">{t("updated", { time: updated })}</span>
          {stale ? <span className="pk-progress__stale"> {t("stale")}</span> : null}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t("race")}</th>
            <th scope="col">{t("collectedOfConfirmed")}</th>
            <th scope="col">{t("share")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key || "total"} className={r.key ? undefined : "pk-progress__total"}>
              <th scope="row">{r.label}</th>
              <td className="pk-num">{t("count", { collected: number.format(r.collected), confirmed: number.format(r.confirmed) })}</td>
              <td className="pk-num">
                {percent(r.collected, r.confirmed)}
                <progress className="pk-progress__bar" max={Math.max(1, r.confirmed)} value={r.collected} aria-hidden="true" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
