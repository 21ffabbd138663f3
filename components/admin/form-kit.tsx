"use client";
/**
 * Accessible form pieces for the admin: every field has a visible label, an optional hint and, after a failed
 * submit, its error next to it (aria-invalid + aria-describedby). The error summary at the top takes focus
 * and links to each field. Inputs are uncontrolled: after an error they start from what the user sent.
 */
import { createContext, useContext, useEffect, useRef, type ReactNode } from "react";
import { useFormStatus } from "react-dom";
import { useTranslations } from "next-intl";
import { fieldId } from "./field-paths";
import type { FormState } from "./form-state";

interface FormContextValue {
  idPrefix: string;
  state: FormState;
  defaults: Record<string, string>;
}

const FormContext = createContext<FormContextValue | null>(null);

export function FormScope({ idPrefix, state, defaults, children }: FormContextValue & { children: ReactNode }) {
  return <FormContext.Provider value={{ idPrefix, state, defaults }}>{children}</FormContext.Provider>;
}

function useForm(): FormContextValue {
  const ctx = useContext(FormContext);
  if (!ctx) throw new Error("Form fields must be inside <FormScope>");
  return ctx;
}

export function useFieldIds(name: string) {
  const { idPrefix, state, defaults } = useForm();
  const id = `${idPrefix}-${fieldId(name)}`;
  const error = state.status === "error" ? state.fieldErrors[name] : undefined;
  const defaultValue = state.status === "error" ? (state.values[name] ?? "") : (defaults[name] ?? "");
  return { id, hintId: `${id}-hint`, errorId: `${id}-error`, error, defaultValue };
}

interface FieldProps {
  name: string;
  label: string;
  hint?: ReactNode;
  required?: boolean;
  className?: string;
}

function FieldFrame({
  name,
  label,
  hint,
  required,
  className,
  render,
}: FieldProps & { render: (a: { id: string; describedBy: string | undefined; invalid: boolean; defaultValue: string }) => ReactNode }) {
  const { id, hintId, errorId, error, defaultValue } = useFieldIds(name);
  const t = useTranslations("admin.form");
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`adm-field${error ? " adm-field--invalid" : ""}${className ? ` ${className}` : ""}`}>
      <label htmlFor={id} className="adm-label">
        {label}
        {required ? <span className="adm-required"> {t("requiredMark")}</span> : null}
      </label>
      {hint ? (
        <p id={hintId} className="adm-hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="adm-error">
          <span className="visually-hidden">{t("errorPrefix")} </span>
          {t("fieldError", { label, message: error })}
        </p>
      ) : null}
      {render({ id, describedBy, invalid: Boolean(error), defaultValue })}
    </div>
  );
}

type InputProps = FieldProps & {
  type?: "text" | "email" | "password" | "date" | "datetime-local" | "number";
  inputMode?: "text" | "numeric" | "decimal";
  autoComplete?: string;
  list?: string;
  maxLength?: number;
  lang?: string;
  spellCheck?: boolean;
  size?: "short" | "medium" | "long";
};

export function TextField({ type = "text", inputMode, autoComplete, list, maxLength, lang, spellCheck, size = "long", ...frame }: InputProps) {
  return (
    <FieldFrame
      {...frame}
      render={({ id, describedBy, invalid, defaultValue }) => (
        <input
          // A new default (after a failed submit) must reach the DOM even when React keeps the element.
          key={defaultValue}
          id={id}
          name={frame.name}
          type={type}
          inputMode={inputMode}
          autoComplete={autoComplete ?? "off"}
          list={list}
          maxLength={maxLength}
          lang={lang}
          spellCheck={spellCheck}
          defaultValue={defaultValue}
          required={frame.required}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          className={`adm-input adm-input--${size}`}
        />
      )}
    />
  );
}

export function TextAreaField({ rows = 3, lang, ...frame }: FieldProps & { rows?: number; lang?: string }) {
  return (
    <FieldFrame
      {...frame}
      render={({ id, describedBy, invalid, defaultValue }) => (
        <textarea
          key={defaultValue}
          id={id}
          name={frame.name}
          rows={rows}
          lang={lang}
          defaultValue={defaultValue}
          required={frame.required}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          className="adm-input adm-textarea"
        />
      )}
    />
  );
}

export function SelectField({ options, ...frame }: FieldProps & { options: { value: string; label: string }[] }) {
  return (
    <FieldFrame
      {...frame}
      render={({ id, describedBy, invalid, defaultValue }) => (
        <select
          key={defaultValue}
          id={id}
          name={frame.name}
          defaultValue={defaultValue}
          required={frame.required}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          className="adm-input adm-input--medium"
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    />
  );
}

/**
 * The list of problems at the top of a form. It takes focus when a submit fails, so keyboard and screen reader
 * users land on it; each entry links to its field.
 */
export function ErrorSummary({ labelFor }: { labelFor: (field: string) => string | null }) {
  const { idPrefix, state } = useForm();
  const t = useTranslations("admin.form");
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.status === "error") ref.current?.focus();
  }, [state]);
  if (state.status !== "error") return null;
  const entries = Object.entries(state.fieldErrors);
  const count = entries.length;
  return (
    <div ref={ref} tabIndex={-1} className="adm-summary" role="group" aria-labelledby={`${idPrefix}-summary-title`}>
      <h2 id={`${idPrefix}-summary-title`} className="adm-summary__title">
        {count > 0 ? t("summaryTitle", { count }) : t("summaryTitleGeneral")}
      </h2>
      {state.message ? <p className="adm-summary__message">{state.message}</p> : null}
      {count > 0 ? (
        <ul className="adm-summary__list">
          {entries.map(([field, message]) => {
            const label = labelFor(field);
            const text = label ? t("fieldError", { label, message }) : message;
            return (
              <li key={field}>
                {label ? (
                  <a
                    href={`#${idPrefix}-${fieldIdOf(field)}`}
                    onClick={(e) => {
                      const el = document.getElementById(`${idPrefix}-${fieldIdOf(field)}`);
                      if (el) {
                        e.preventDefault();
                        el.scrollIntoView({ block: "center" });
                        el.focus();
                      }
                    }}
                  >
                    {text}
                  </a>
                ) : (
                  text
                )}
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}

function fieldIdOf(field: string) {
  return fieldId(field);
}

export function SubmitButton({ label, pendingLabel, className = "adm-button adm-button--primary" }: { label: string; pendingLabel: string; className?: string }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className={className} aria-disabled={pending || undefined} disabled={pending}>
      {pending ? pendingLabel : label}
    </button>
  );
}
