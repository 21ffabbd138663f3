"use client";
import { useTranslations } from "next-intl";
import { CheckboxField } from "./checkbox-field";
import { TextAreaField, TextField } from "./form-kit";

const COMMON_ZONES = [
  "Asia/Shanghai",
  "Asia/Hong_Kong",
  "Asia/Taipei",
  "Asia/Singapore",
  "Asia/Tokyo",
  "Asia/Seoul",
  "Australia/Sydney",
  "Europe/London",
  "Europe/Berlin",
  "America/New_York",
  "America/Los_Angeles",
  "UTC",
];

/** The event's own fields, shared by the create and the edit form. */
export function EventFields({ idPrefix }: { idPrefix: string }) {
  const t = useTranslations("admin");
  const zonesId = `${idPrefix}-zones`;
  return (
    <>
      <fieldset className="adm-fieldset">
        <legend className="adm-legend">{t("eventForm.basics")}</legend>
        <TextField name="slug" label={t("eventFields.slug")} hint={t("eventHints.slug")} required size="medium" spellCheck={false} />
        <div className="adm-pair">
          <TextField name="name.zh" label={t("eventFields.name.zh")} required lang="zh-CN" />
          <TextField name="name.en" label={t("eventFields.name.en")} required lang="en" />
        </div>
        <div className="adm-pair">
          <TextField name="date" type="date" label={t("eventFields.date")} hint={t("eventHints.date")} required size="medium" />
          <TextField
            name="timezone"
            label={t("eventFields.timezone")}
            hint={t("eventHints.timezone")}
            list={zonesId}
            required
            size="medium"
            spellCheck={false}
          />
        </div>
        <datalist id={zonesId}>
          {COMMON_ZONES.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
      </fieldset>
      <fieldset className="adm-fieldset">
        <legend className="adm-legend">{t("eventForm.place")}</legend>
        <div className="adm-pair">
          <TextField name="venue.zh" label={t("eventFields.venue.zh")} lang="zh-CN" />
          <TextField name="venue.en" label={t("eventFields.venue.en")} lang="en" />
        </div>
        <div className="adm-pair">
          <TextField name="city.zh" label={t("eventFields.city.zh")} lang="zh-CN" />
          <TextField name="city.en" label={t("eventFields.city.en")} lang="en" />
        </div>
        <div className="adm-pair">
          <TextAreaField name="description.zh" label={t("eventFields.description.zh")} rows={4} lang="zh-CN" />
          <TextAreaField name="description.en" label={t("eventFields.description.en")} rows={4} lang="en" />
        </div>
      </fieldset>
      <fieldset className="adm-fieldset">
        <legend className="adm-legend">{t("eventForm.registration")}</legend>
        <p className="adm-hint">{t("eventHints.localTimes")}</p>
        <div className="adm-pair">
          <TextField name="registrationOpensAt" type="datetime-local" label={t("eventFields.registrationOpensAt")} size="medium" />
          <TextField name="registrationClosesAt" type="datetime-local" label={t("eventFields.registrationClosesAt")} size="medium" />
        </div>
        <TextField name="holdMinutes" type="number" inputMode="numeric" label={t("eventFields.holdMinutes")} hint={t("eventHints.holdMinutes")} size="short" />
        <TextAreaField name="refundPolicy" label={t("eventFields.refundPolicy")} hint={t("eventHints.refundPolicy")} rows={3} />
      </fieldset>
      <fieldset className="adm-fieldset">
        <legend className="adm-legend">{t("eventForm.bibs")}</legend>
        <CheckboxField name="reuseCancelledBibs" label={t("eventFields.reuseCancelledBibs")} hint={t("eventHints.reuseCancelledBibs")} />
      </fieldset>
    </>
  );
}
