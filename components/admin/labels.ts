"use client";
import { useTranslations } from "next-intl";
import { splitRaceField } from "./field-paths";

/** The label of a form field by its input name, for the error summary ("Race 2 · Capacity"). */
export function useLabelFor(kind: "event" | "race") {
  const t = useTranslations("admin");
  return (field: string): string | null => {
    const { race, key } = splitRaceField(field);
    if (race !== null) {
      const k = `raceFields.${key}`;
      return t.has(k) ? t("form.raceFieldLabel", { n: race + 1, label: t(k) }) : null;
    }
    const k = `${kind === "race" ? "raceFields" : "eventFields"}.${key}`;
    return t.has(k) ? t(k) : null;
  };
}
