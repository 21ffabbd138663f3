"use client";
import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { ErrorSummary, FormScope, SelectField, SubmitButton, TextField } from "../form-kit";
import { IDLE_FORM, type FormState } from "../form-state";

export const NEW_DISCOUNT_CODE_DEFAULTS: Record<string, string> = { kind: "percent", race: "" };

/** Creates a discount code. Inputs are named after the API's fields, so a domain error lands on its input. */
export function DiscountCodeForm({
  action,
  eventSlug,
  races,
  currency,
  timezone,
  labelledBy,
}: {
  action: (prev: FormState, data: FormData) => Promise<FormState>;
  eventSlug: string;
  races: { slug: string; name: string }[];
  /** The currency a fixed amount is typed in (the races'). */
  currency: string;
  timezone: string;
  labelledBy: string;
}) {
  const t = useTranslations("admin");
  const [state, formAction] = useActionState(action, IDLE_FORM);
  const labelFor = (field: string) => (t.has(`discountFields.${field}`) ? t(`discountFields.${field}`) : null);
  return (
    <FormScope idPrefix="new-code" state={state} defaults={NEW_DISCOUNT_CODE_DEFAULTS}>
      <form action={formAction} noValidate className="adm-form" aria-labelledby={labelledBy}>
        <input type="hidden" name="eventSlug" value={eventSlug} />
        <ErrorSummary labelFor={labelFor} />
        <p className="adm-hint">{t("form.requiredNote")}</p>
        <TextField name="code" label={t("discountFields.code")} hint={t("discountHints.code")} required maxLength={32} size="medium" spellCheck={false} autoComplete="off" />
        <div className="adm-grid">
          <SelectField
            name="kind"
            label={t("discountFields.kind")}
            required
            options={[
              { value: "percent", label: t("discountKind.percent") },
              { value: "fixed", label: t("discountKind.fixed") },
            ]}
          />
          <TextField name="value" label={t("discountFields.value")} hint={t("discountHints.value", { currency })} inputMode="decimal" required size="short" />
          <SelectField
            name="race"
            label={t("discountFields.race")}
            options={[{ value: "", label: t("discountCodes.allRaces") }, ...races.map((r) => ({ value: r.slug, label: r.name }))]}
          />
        </div>
        <div className="adm-grid">
          <TextField name="validFrom" type="datetime-local" label={t("discountFields.validFrom")} hint={t("discountHints.validFrom", { zone: timezone })} size="medium" />
          <TextField name="validUntil" type="datetime-local" label={t("discountFields.validUntil")} hint={t("discountHints.validUntil", { zone: timezone })} size="medium" />
          <TextField name="maxUses" label={t("discountFields.maxUses")} hint={t("discountHints.maxUses")} inputMode="numeric" size="short" />
        </div>
        <div className="adm-actions">
          <SubmitButton label={t("discountCodes.create")} pendingLabel={t("discountCodes.creating")} />
        </div>
      </form>
    </FormScope>
  );
}
