"use client";
/**
 * The entry page's correction form (organizers and admins): the runner's names, gender, birth date, nationality,
 * contacts, shirt size and predicted time, starting from what is stored. The server checks them with the
 * registration rules; a refusal comes back next to each field and in a summary that takes focus, with what was
 * typed kept; success reloads the page with a notice and the change at the top of the history.
 */
import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { ErrorSummary, FormScope, SelectField, SubmitButton, TextField } from "../form-kit";
import { IDLE_FORM, type FormState } from "../form-state";

type Action = (prev: FormState, data: FormData) => Promise<FormState>;

const SIZES = ["110", "120", "130", "140", "150", "XS", "S", "M", "L", "XL", "XXL", "XXXL"];

export function EntryEditForm({
  action,
  keys,
  defaults,
  genders,
}: {
  action: Action;
  keys: { eventSlug: string; registrationId: string };
  defaults: Record<string, string>;
  genders: { value: string; label: string }[];
}) {
  const t = useTranslations("admin.participants.edit");
  const [state, formAction] = useActionState(action, IDLE_FORM);
  const fields = ["familyName", "givenName", "latinName", "gender", "birthDate", "nationality", "phone", "email", "emergencyName", "emergencyPhone", "tshirtSize", "predicted"] as const;
  const labels = Object.fromEntries(fields.map((f) => [f, t(f)])) as Record<(typeof fields)[number], string>;
  const labelByField = new Map<string, string>(Object.entries(labels));
  return (
    <FormScope idPrefix="edit-entry" state={state} defaults={defaults}>
      <form action={formAction} noValidate className="adm-form adm-part-edit" aria-labelledby="edit-title">
        <input type="hidden" name="eventSlug" value={keys.eventSlug} />
        <input type="hidden" name="registrationId" value={keys.registrationId} />
        <ErrorSummary labelFor={(field) => labelByField.get(field) ?? null} />
        <div className="adm-part-edit__grid">
          <TextField name="familyName" label={labels.familyName} required maxLength={60} size="medium" />
          <TextField name="givenName" label={labels.givenName} required maxLength={60} size="medium" />
          <TextField name="latinName" label={labels.latinName} maxLength={120} lang="en" size="medium" />
          <SelectField name="gender" label={labels.gender} required options={genders} />
          <TextField name="birthDate" label={labels.birthDate} hint={t("birthDateHint")} required size="short" inputMode="numeric" />
          <TextField name="nationality" label={labels.nationality} hint={t("nationalityHint")} required maxLength={2} size="short" spellCheck={false} />
          <TextField name="phone" label={labels.phone} required size="medium" autoComplete="off" inputMode="text" />
          <TextField name="email" label={labels.email} type="email" required size="long" spellCheck={false} />
          <TextField name="emergencyName" label={labels.emergencyName} required maxLength={60} size="medium" />
          <TextField name="emergencyPhone" label={labels.emergencyPhone} required size="medium" />
          <SelectField name="tshirtSize" label={labels.tshirtSize} options={[{ value: "", label: t("noSize") }, ...SIZES.map((s) => ({ value: s, label: s }))]} />
          <TextField name="predicted" label={labels.predicted} hint={t("predictedHint")} size="short" inputMode="numeric" />
        </div>
        <div className="adm-actions">
          <SubmitButton label={t("save")} pendingLabel={t("saving")} />
        </div>
      </form>
    </FormScope>
  );
}
