"use client";
import { useActionState, useEffect, useRef, useState } from "react";
import { useTranslations } from "next-intl";
import { EventFields } from "./event-fields";
import { ErrorSummary, FormScope, SubmitButton } from "./form-kit";
import { IDLE_FORM, type FormState } from "./form-state";
import { useLabelFor } from "./labels";
import { NEW_RACE_DEFAULTS, RaceFields } from "./race-fields";

const MAX_RACES = 20;
const ID = "create-event";

function countRaces(values: Record<string, string>): number {
  let n = 0;
  for (const key of Object.keys(values)) {
    const m = /^races\.(\d+)\./.exec(key);
    if (m) n = Math.max(n, Number(m[1]) + 1);
  }
  return n;
}

/** A new event with one or more races, sent in one go (createEvent validates and writes them together). */
export function CreateEventForm({ action }: { action: (prev: FormState, data: FormData) => Promise<FormState> }) {
  const t = useTranslations("admin");
  const [state, formAction] = useActionState(action, IDLE_FORM);
  const labelFor = useLabelFor("event");
  const nextKey = useRef(1);
  const [blocks, setBlocks] = useState<number[]>([0]);
  const focusBlock = useRef<number | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);

  // After a failed submit the form shows as many race blocks as were sent.
  useEffect(() => {
    if (state.status !== "error") return;
    const n = countRaces(state.values);
    if (n > 0 && n !== blocks.length) {
      setBlocks(Array.from({ length: n }, () => nextKey.current++));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state]);

  useEffect(() => {
    if (focusBlock.current === null) return;
    document.getElementById(`${ID}-race-${focusBlock.current}`)?.focus();
    focusBlock.current = null;
  }, [blocks]);

  const defaults: Record<string, string> = { timezone: "Asia/Shanghai" };
  blocks.forEach((_, i) => {
    for (const [k, v] of Object.entries(NEW_RACE_DEFAULTS)) defaults[`races.${i}.${k}`] = v;
  });

  return (
    <FormScope idPrefix={ID} state={state} defaults={defaults}>
      <form action={formAction} noValidate className="adm-form" aria-labelledby="page-title">
        <ErrorSummary labelFor={labelFor} />
        <p className="adm-hint">{t("form.requiredNote")}</p>
        <EventFields idPrefix={ID} />
        <section className="adm-races" aria-labelledby={`${ID}-races-title`}>
          <h2 id={`${ID}-races-title`} className="adm-h2">
            {t("eventForm.races")}
          </h2>
          <p className="adm-hint">{t("eventForm.racesHint")}</p>
          {blocks.map((key, i) => (
            <fieldset key={key} className="adm-fieldset adm-race-block">
              <legend className="adm-legend">
                <span id={`${ID}-race-${key}`} tabIndex={-1}>
                  {t("eventForm.raceN", { n: i + 1 })}
                </span>
              </legend>
              <RaceFields prefix={`races.${i}.`} />
              {blocks.length > 1 ? (
                <button
                  type="button"
                  className="adm-button adm-button--quiet"
                  onClick={() => {
                    setBlocks((b) => b.filter((k) => k !== key));
                    addButton.current?.focus();
                  }}
                >
                  {t("eventForm.removeRace", { n: i + 1 })}
                </button>
              ) : null}
            </fieldset>
          ))}
          {blocks.length < MAX_RACES ? (
            <button
              ref={addButton}
              type="button"
              className="adm-button"
              onClick={() => {
                const key = nextKey.current++;
                focusBlock.current = key;
                setBlocks((b) => [...b, key]);
              }}
            >
              {t("eventForm.addRace")}
            </button>
          ) : null}
        </section>
        <div className="adm-actions">
          <SubmitButton label={t("eventForm.create")} pendingLabel={t("form.saving")} />
        </div>
      </form>
    </FormScope>
  );
}
