"use client";
/**
 * A checkbox in an admin form (inside <FormScope>): its label beside it, a hint under the label, and after a failed
 * submit its error. The form's values are text, so "on" is ticked and anything else (or nothing) is not; a ticked
 * box sends "on", an unticked one sends nothing.
 */
import type { ReactNode } from "react";
import { useTranslations } from "next-intl";
import { useFieldIds } from "./form-kit";
import "./bibs/bibs.css";

export function CheckboxField({ name, label, hint }: { name: string; label: string; hint?: ReactNode }) {
  const { id, hintId, errorId, error, defaultValue } = useFieldIds(name);
  const t = useTranslations("admin.form");
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`adm-field adm-check${error ? " adm-field--invalid" : ""}`}>
      {error ? (
        <p id={errorId} className="adm-error">
          <span className="visually-hidden">{t("errorPrefix")} </span>
          {t("fieldError", { label, message: error })}
        </p>
      ) : null}
      <div className="adm-check__row">
        <input
          key={defaultValue}
          id={id}
          name={name}
          type="checkbox"
          defaultChecked={defaultValue === "on"}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          className="adm-check__box"
        />
        <div>
          <label htmlFor={id} className="adm-label">
            {label}
          </label>
          {hint ? (
            <p id={hintId} className="adm-hint">
              {hint}
            </p>
          ) : null}
        </div>
      </div>
    </div>
  );
}
