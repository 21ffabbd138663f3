"use client";
import { useTranslations } from "next-intl";
import { SelectField, TextAreaField, TextField } from "./form-kit";

/** The fields of one race. `prefix` is "races.<i>." on the create form and "" on the race forms. */
export function RaceFields({ prefix, priceHint }: { prefix: string; priceHint?: string }) {
  const t = useTranslations("admin");
  const n = (name: string) => `${prefix}${name}`;
  return (
    <>
      <TextField name={n("slug")} label={t("raceFields.slug")} hint={t("raceHints.slug")} required size="medium" spellCheck={false} />
      <div className="adm-pair">
        <TextField name={n("name.zh")} label={t("raceFields.name.zh")} required lang="zh-CN" />
        <TextField name={n("name.en")} label={t("raceFields.name.en")} required lang="en" />
      </div>
      {priceHint ? <p className="adm-callout">{priceHint}</p> : null}
      <div className="adm-grid">
        <TextField name={n("distanceMeters")} label={t("raceFields.distanceMeters")} hint={t("raceHints.distanceMeters")} inputMode="decimal" required size="short" />
        <TextField name={n("capacity")} label={t("raceFields.capacity")} inputMode="numeric" required size="short" />
        <TextField name={n("price")} label={t("raceFields.price")} hint={priceHint ? t("raceHints.priceKeep") : t("raceHints.price")} inputMode="decimal" required={!priceHint} size="short" />
        <TextField name={n("currency")} label={t("raceFields.currency")} hint={t("raceHints.currency")} maxLength={3} required size="short" spellCheck={false} />
      </div>
      <div className="adm-grid">
        <TextField name={n("minAge")} label={t("raceFields.minAge")} inputMode="numeric" required size="short" />
        <TextField name={n("maxAge")} label={t("raceFields.maxAge")} inputMode="numeric" required size="short" />
        <TextField name={n("startTime")} type="datetime-local" label={t("raceFields.startTime")} hint={t("raceHints.startTime")} required size="medium" />
        <SelectField
          name={n("rankBy")}
          label={t("raceFields.rankBy")}
          options={[
            { value: "gun", label: t("rankBy.gun") },
            { value: "net", label: t("rankBy.net") },
          ]}
        />
      </div>
      <TextField name={n("ageGroupBounds")} label={t("raceFields.ageGroupBounds")} hint={t("raceHints.ageGroupBounds")} spellCheck={false} />
      <SelectField
        name={n("bibStrategy")}
        label={t("raceFields.bibStrategy")}
        hint={t("raceHints.bibStrategy")}
        options={[
          { value: "on_confirmation", label: t("bibStrategy.on_confirmation") },
          { value: "batch", label: t("bibStrategy.batch") },
        ]}
      />
      <div className="adm-pair">
        <TextAreaField name={n("bibRanges")} label={t("raceFields.bibRanges")} hint={t("raceHints.bibRanges")} rows={4} />
        <TextAreaField name={n("waves")} label={t("raceFields.waves")} hint={t("raceHints.waves")} rows={4} />
      </div>
    </>
  );
}

export const NEW_RACE_DEFAULTS: Record<string, string> = {
  currency: "CNY",
  rankBy: "gun",
  bibStrategy: "on_confirmation",
  ageGroupBounds: "18, 40, 45, 50, 55, 60, 65, 70, 75, 80",
};
