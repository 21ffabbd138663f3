"use client";
/**
 * The entry page's bib and wave forms (organizers and admins): set a bib by hand (locked unless unticked), unlock
 * a locked bib, swap bibs with another entry, move the entry to another wave. Each is a small form of its own; a
 * refusal comes back next to its field (and in a summary that takes focus), success reloads the page with a notice.
 */
import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { CheckboxField } from "../checkbox-field";
import { ErrorSummary, FormScope, SelectField, SubmitButton, TextField } from "../form-kit";
import { IDLE_FORM, type FormState } from "../form-state";

type Action = (prev: FormState, data: FormData) => Promise<FormState>;

interface EntryKeys {
  eventSlug: string;
  registrationId: string;
}

function Hidden({ fields }: { fields: Record<string, string> }) {
  return Object.entries(fields).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />);
}

export function SetBibForm({ action, keys, bib }: { action: Action; keys: EntryKeys; bib: string | null }) {
  const t = useTranslations("admin.bibs.entry");
  const [state, formAction] = useActionState(action, IDLE_FORM);
  const labels: Record<string, string> = { bib: t("bibLabel"), locked: t("lockLabel") };
  return (
    <FormScope idPrefix="set-bib" state={state} defaults={{ bib: bib ?? "", locked: "on" }}>
      <form action={formAction} noValidate className="adm-form adm-bib-form" aria-labelledby="set-bib-title">
        <h3 id="set-bib-title" className="adm-h3">
          {t("setTitle")}
        </h3>
        <Hidden fields={{ ...keys }} />
        <ErrorSummary labelFor={(field) => labels[field] ?? null} />
        <TextField name="bib" label={t("bibLabel")} hint={t("bibHint")} maxLength={12} size="short" spellCheck={false} />
        <CheckboxField name="locked" label={t("lockLabel")} hint={t("lockHint")} />
        <div className="adm-actions">
          <SubmitButton label={t("saveBib")} pendingLabel={t("saving")} />
        </div>
      </form>
    </FormScope>
  );
}

/** One button: keeps the bib, drops the lock (the next batch may renumber the entry). */
export function UnlockBibForm({ action, keys, bib }: { action: Action; keys: EntryKeys; bib: string }) {
  const t = useTranslations("admin.bibs.entry");
  const [state, formAction] = useActionState(action, IDLE_FORM);
  const problems = state.status === "error" ? [state.message, ...Object.values(state.fieldErrors)].filter(Boolean) : [];
  return (
    <form action={formAction} className="adm-bib-unlock">
      <Hidden fields={{ ...keys, bib, intent: "unlock" }} />
      <p>{t("lockedNote", { bib })}</p>
      {problems.length > 0 ? (
        <div role="alert" className="adm-summary">
          {problems.map((p) => (
            <p key={p} className="adm-summary__message">
              {p}
            </p>
          ))}
        </div>
      ) : null}
      <SubmitButton label={t("unlock", { bib })} pendingLabel={t("saving")} className="adm-button" />
    </form>
  );
}

export function SwapBibsForm({ action, keys }: { action: Action; keys: EntryKeys }) {
  const t = useTranslations("admin.bibs.entry");
  const [state, formAction] = useActionState(action, IDLE_FORM);
  return (
    <FormScope idPrefix="swap-bib" state={state} defaults={{}}>
      <form action={formAction} noValidate className="adm-form adm-bib-form" aria-labelledby="swap-bib-title">
        <h3 id="swap-bib-title" className="adm-h3">
          {t("swapTitle")}
        </h3>
        <Hidden fields={{ ...keys }} />
        <ErrorSummary labelFor={(field) => (field === "other" ? t("otherLabel") : null)} />
        <TextField name="other" label={t("otherLabel")} hint={t("otherHint")} maxLength={100} size="medium" spellCheck={false} />
        <div className="adm-actions">
          <SubmitButton label={t("swap")} pendingLabel={t("saving")} className="adm-button" />
        </div>
      </form>
    </FormScope>
  );
}

export function MoveWaveForm({ action, keys, waves, waveId }: { action: Action; keys: EntryKeys; waves: { id: string; label: string }[]; waveId: string | null }) {
  const t = useTranslations("admin.bibs.entry");
  const [state, formAction] = useActionState(action, IDLE_FORM);
  return (
    <FormScope idPrefix="move-wave" state={state} defaults={{ waveId: waveId ?? "" }}>
      <form action={formAction} noValidate className="adm-form adm-bib-form" aria-labelledby="move-wave-title">
        <h3 id="move-wave-title" className="adm-h3">
          {t("waveTitle")}
        </h3>
        <Hidden fields={{ ...keys }} />
        <ErrorSummary labelFor={(field) => (field === "waveId" ? t("waveLabel") : null)} />
        <SelectField name="waveId" label={t("waveLabel")} hint={t("waveHint")} options={[{ value: "", label: t("noWave") }, ...waves.map((w) => ({ value: w.id, label: w.label }))]} />
        <div className="adm-actions">
          <SubmitButton label={t("moveWave")} pendingLabel={t("saving")} className="adm-button" />
        </div>
      </form>
    </FormScope>
  );
}
