"use client";
/**
 * Compose a message to runners: who (race, wave, packet collected), what (subject and text in Chinese and in
 * English), how fast. "Preview recipients" counts who it would go to; only then does "Send" appear, and any change
 * to the form hides it again until the count is asked for anew.
 */
import { useActionState, useEffect, useRef, useState } from "react";
import { useTranslations } from "next-intl";
import { useFormStatus } from "react-dom";
import { ErrorSummary, FormScope, SelectField, TextAreaField, TextField } from "../form-kit";
import { IDLE_FORM } from "../form-state";
import { MESSAGE_FORM_DEFAULTS, type MessageFormState } from "./message-form-data";

export function MessageForm({
  action,
  eventSlug,
  races,
  waves,
  labelledBy,
}: {
  action: (prev: MessageFormState, data: FormData) => Promise<MessageFormState>;
  eventSlug: string;
  races: { slug: string; name: string }[];
  /** Wave names across the event's races. */
  waves: string[];
  labelledBy: string;
}) {
  const t = useTranslations("admin.messages");
  const [state, formAction] = useActionState(action, IDLE_FORM as MessageFormState);
  // The answer the form was changed after: its preview no longer holds.
  const [changedAfter, setChangedAfter] = useState<MessageFormState | null>(null);
  const previewRef = useRef<HTMLDivElement>(null);
  const preview = state.preview && changedAfter !== state ? state.preview : null;
  useEffect(() => {
    if (state.preview) previewRef.current?.focus();
  }, [state]);
  const labelFor = (field: string) => (t.has(`fields.${field}`) ? t(`fields.${field}`) : null);
  return (
    <FormScope idPrefix="msg" state={state} defaults={state.preview ? state.values : MESSAGE_FORM_DEFAULTS}>
      <form action={formAction} noValidate className="adm-form" aria-labelledby={labelledBy} onChange={() => setChangedAfter(state)}>
        <input type="hidden" name="eventSlug" value={eventSlug} />
        <ErrorSummary labelFor={labelFor} />
        <fieldset className="adm-fieldset">
          <legend className="adm-legend">{t("who")}</legend>
          <p className="adm-hint">{t("whoHint")}</p>
          <div className="adm-grid">
            <SelectField name="race" label={t("fields.race")} options={[{ value: "", label: t("allRaces") }, ...races.map((r) => ({ value: r.slug, label: r.name }))]} />
            <SelectField name="wave" label={t("fields.wave")} options={[{ value: "", label: t("allWaves") }, ...waves.map((w) => ({ value: w, label: w }))]} />
            <SelectField
              name="pickedUp"
              label={t("fields.pickedUp")}
              options={[
                { value: "", label: t("pickedUpAny") },
                { value: "no", label: t("pickedUpNo") },
                { value: "yes", label: t("pickedUpYes") },
              ]}
            />
          </div>
        </fieldset>
        <fieldset className="adm-fieldset" lang="zh-CN">
          <legend className="adm-legend">{t("inChinese")}</legend>
          <TextField name="subjectZh" label={t("fields.subjectZh")} required maxLength={200} lang="zh-CN" />
          <TextAreaField name="bodyZh" label={t("fields.bodyZh")} hint={t("bodyHint")} required rows={6} lang="zh-CN" />
        </fieldset>
        <fieldset className="adm-fieldset" lang="en">
          <legend className="adm-legend">{t("inEnglish")}</legend>
          <TextField name="subjectEn" label={t("fields.subjectEn")} required maxLength={200} lang="en" />
          <TextAreaField name="bodyEn" label={t("fields.bodyEn")} hint={t("bodyHint")} required rows={6} lang="en" />
        </fieldset>
        <TextField name="ratePerMinute" label={t("fields.ratePerMinute")} hint={t("rateHint")} inputMode="numeric" size="short" />
        <div className="adm-actions">
          <button type="submit" name="intent" value="preview" className={preview ? "adm-button" : "adm-button adm-button--primary"}>
            {t("preview")}
          </button>
        </div>
        <div ref={previewRef} tabIndex={-1} role="status" className={preview ? "adm-msg-preview" : undefined}>
          {preview ? (
            <>
              <p>{t("previewCount", { count: preview.count })}</p>
              {preview.count > 0 ? (
                <div className="adm-actions">
                  <SendButton label={t("send", { count: preview.count })} pendingLabel={t("sending")} />
                </div>
              ) : null}
            </>
          ) : null}
        </div>
      </form>
    </FormScope>
  );
}

/** The submit that sends (its own `intent`, so the preview button's never sends). */
function SendButton({ label, pendingLabel }: { label: string; pendingLabel: string }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" name="intent" value="send" className="adm-button adm-button--primary" aria-disabled={pending || undefined} disabled={pending}>
      {pending ? pendingLabel : label}
    </button>
  );
}
