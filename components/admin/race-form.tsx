"use client";
import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { ErrorSummary, FormScope, SubmitButton } from "./form-kit";
import { IDLE_FORM, type FormState } from "./form-state";
import { useLabelFor } from "./labels";
import { RaceFields } from "./race-fields";

/** Adds a race to an event (`raceSlug` absent) or changes one. */
export function RaceForm({
  action,
  eventSlug,
  raceSlug,
  timezone,
  defaults,
  priceHint,
  labelledBy,
}: {
  action: (prev: FormState, data: FormData) => Promise<FormState>;
  eventSlug: string;
  raceSlug?: string;
  timezone: string;
  defaults: Record<string, string>;
  priceHint?: string;
  labelledBy: string;
}) {
  const t = useTranslations("admin");
  const [state, formAction] = useActionState(action, IDLE_FORM);
  const labelFor = useLabelFor("race");
  const idPrefix = raceSlug ? "edit-race" : "add-race";
  return (
    <FormScope idPrefix={idPrefix} state={state} defaults={defaults}>
      <form action={formAction} noValidate className="adm-form" aria-labelledby={labelledBy}>
        <input type="hidden" name="eventSlug" value={eventSlug} />
        {raceSlug ? <input type="hidden" name="raceSlug" value={raceSlug} /> : null}
        <input type="hidden" name="timezone" value={timezone} />
        <ErrorSummary labelFor={labelFor} />
        <p className="adm-hint">{t("raceForm.timesIn", { zone: timezone })}</p>
        <RaceFields prefix="" priceHint={priceHint} />
        <div className="adm-actions">
          <SubmitButton label={raceSlug ? t("form.save") : t("raceForm.add")} pendingLabel={t("form.saving")} />
        </div>
      </form>
    </FormScope>
  );
}
