/**
 * The event's messages, newest first: to whom, when, and how far each has got — a bar of the addresses whose email
 * is out (delivered or failed) of all, with queued, delivered and failed in words beside it.
 */
import Link from "next/link";
import { useTranslations } from "next-intl";
import { LANGUAGE_TAG, type Locale } from "@/i18n/routing";
import type { BroadcastSummary } from "@/server/messages/broadcast";

export function BroadcastList({
  broadcasts,
  locale,
  timezone,
  raceNames,
  path,
}: {
  broadcasts: BroadcastSummary[];
  locale: Locale;
  timezone: string;
  raceNames: Map<string, string>;
  path: string;
}) {
  const t = useTranslations("admin.messages");
  if (broadcasts.length === 0) return <p className="adm-empty">{t("none")}</p>;
  const when = new Intl.DateTimeFormat(LANGUAGE_TAG[locale], { dateStyle: "medium", timeStyle: "short", timeZone: timezone });
  return (
    <ul className="adm-msg-list">
      {broadcasts.map((b) => {
        const subject = locale === "zh" ? b.subject.zh : b.subject.en;
        const audience = [
          b.filter.race ? (raceNames.get(b.filter.race) ?? b.filter.race) : t("allRaces"),
          b.filter.wave ? t("waveNamed", { wave: b.filter.wave }) : null,
          b.filter.pickedUp === true ? t("pickedUpYes") : b.filter.pickedUp === false ? t("pickedUpNo") : null,
        ]
          .filter(Boolean)
          .join(" · ");
        const out = b.delivered + b.failed;
        const progress = t("progress", { queued: b.queued, delivered: b.delivered, failed: b.failed, total: b.total });
        const barId = `msg-${b.id}-bar`;
        return (
          <li key={b.id} className="adm-msg-item" aria-labelledby={`msg-${b.id}-title`}>
            <h3 id={`msg-${b.id}-title`} className="adm-h3">
              {subject}
            </h3>
            <p className="adm-hint">
              {t("sentBy", { when: when.format(new Date(b.createdAt)), who: b.createdBy })} · {audience} · {t("rate", { rate: b.ratePerMinute })}
            </p>
            <p>
              <span className={`adm-badge adm-msg-status adm-msg-status--${b.status}`}>{t(`status.${b.status}`)}</span>
            </p>
            <label htmlFor={barId} className="adm-label">
              {t("progressLabel")}
            </label>
            <progress id={barId} max={Math.max(b.total, 1)} value={out} aria-valuetext={progress} aria-describedby={`${barId}-text`} className="adm-msg-bar" />
            <p id={`${barId}-text`} className="adm-msg-progress" data-testid="broadcast-progress">
              {progress}
            </p>
            {b.status === "queued" || b.status === "sending" ? (
              <Link href={`${path}?cancel=${b.id}`} className="adm-button adm-button--quiet">
                {t("cancel")}
              </Link>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
