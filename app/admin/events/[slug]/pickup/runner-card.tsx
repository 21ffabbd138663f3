"use client";
import { useLocale, useTranslations } from "next-intl";
import type { RefObject } from "react";
import type { Locale } from "@/i18n/routing";
import type { DeskRefusal, PickupRunner } from "./desk-types";

/** Chinese characters read as Chinese whatever the page's language; anything else follows the page. */
function langOf(text: string): string | undefined {
  return /[\u3400-\u9fff]/.test(text) ? "zh-CN" : undefined;
}

/**
 * What the desk checks before handing a packet over: name in both scripts, race, bib, wave, shirt size, the masked
 * ID number, and for a runner under 18 the guardian. One large "Hand over packet" button when the packet may go; a
 * refusal (already collected, not paid, cancelled, unknown code) in its place otherwise.
 */
export function RunnerCard({
  headingRef,
  runner,
  refusal,
  handedOver,
  busy,
  onHandOver,
  refusalText,
  time,
}: {
  headingRef: RefObject<HTMLHeadingElement | null>;
  runner: PickupRunner | null;
  refusal: DeskRefusal | null;
  handedOver: { at: string; desk: string } | null;
  busy: boolean;
  onHandOver: () => void;
  refusalText: (refusal: DeskRefusal) => string;
  time: (iso: string) => string;
}) {
  const t = useTranslations("admin.pickup");
  const locale = useLocale() as Locale;

  if (!runner) {
    return (
      <section className="pk-card pk-card--refused" aria-labelledby="card-title">
        <h2 id="card-title" className="adm-h2" ref={headingRef} tabIndex={-1}>
          {t("card.unknownTitle")}
        </h2>
        {refusal ? <p className="pk-card__refusal">{refusalText(refusal)}</p> : null}
        <p className="adm-hint">{t("card.unknownHint")}</p>
      </section>
    );
  }

  const main = locale === "en" && runner.name.latin ? runner.name.latin : runner.name.native;
  const other = main === runner.name.native ? runner.name.latin : runner.name.native;
  const state = handedOver ? "done" : refusal ? "refused" : "ready";

  return (
    <section className={`pk-card pk-card--${state}`} aria-labelledby="card-title">
      <h2 id="card-title" className="adm-h2 pk-card__name" ref={headingRef} tabIndex={-1}>
        <span lang={langOf(main)}>{main}</span>
        {other ? (
          <span className="pk-card__other" lang={langOf(other)}>
            {other}
          </span>
        ) : null}
      </h2>
      <dl className="pk-facts">
        <div className="pk-facts__bib">
          <dt>{t("card.bib")}</dt>
          <dd>{runner.bib ?? t("card.noBib")}</dd>
        </div>
        <div>
          <dt>{t("card.race")}</dt>
          <dd>{locale === "zh" ? runner.race.name.zh : runner.race.name.en}</dd>
        </div>
        <div>
          <dt>{t("card.wave")}</dt>
          <dd>{runner.wave ?? t("card.noWave")}</dd>
        </div>
        <div>
          <dt>{t("card.shirt")}</dt>
          <dd>{runner.tshirtSize ?? t("card.noShirt")}</dd>
        </div>
        <div>
          <dt>{t("card.idNumber")}</dt>
          <dd className="pk-mono">{runner.idNumber}</dd>
        </div>
        <div>
          <dt>{t("card.age")}</dt>
          <dd>{runner.ageOnRaceDay}</dd>
        </div>
      </dl>
      {runner.minor && runner.guardian ? (
        <div className="pk-guardian" role="note" aria-labelledby="guardian-title">
          <h3 id="guardian-title" className="adm-h3">
            {t("card.minorTitle")}
          </h3>
          <p>{t("card.minorHint")}</p>
          <dl className="pk-facts pk-facts--guardian">
            <div>
              <dt>{t("card.guardianName")}</dt>
              <dd>{runner.guardian.name ?? "—"}</dd>
            </div>
            <div>
              <dt>{t("card.guardianPhone")}</dt>
              <dd className="pk-mono">{runner.guardian.phone ?? "—"}</dd>
            </div>
          </dl>
        </div>
      ) : null}
      {handedOver ? (
        <p className="pk-card__done">{t("card.handedOver", { time: time(handedOver.at), desk: handedOver.desk })}</p>
      ) : refusal ? (
        <p className="pk-card__refusal">{refusalText(refusal)}</p>
      ) : (
        <button type="button" className="adm-button adm-button--primary pk-big-button pk-hand-over" onClick={onHandOver} disabled={busy}>
          {busy ? t("card.handingOver") : t("card.handOver")}
        </button>
      )}
    </section>
  );
}
