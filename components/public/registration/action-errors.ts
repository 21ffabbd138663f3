/**
 * Turns a failed registration (conversion issues, a DomainError) into the form's state in the runner's language:
 * the domain's keys from messages/<locale>/errors.json, the form's own from registration.json (form.errors).
 * Server-only: the registration action calls it.
 */
import "server-only";
import { getTranslations } from "next-intl/server";
import { renderMessage, type FieldIssue } from "../../../core/validation";
import type { DomainError } from "../../../server/errors";
import { fieldForIssue, type ConversionIssue, type FormValues } from "./form-body";
import type { RegistrationFormState } from "./form-state";

const GENERAL_CODES = ["sold_out", "registration_closed", "rate_limited", "payment_unavailable", "duplicate_entry", "not_found"] as const;

export async function registrationErrorState(
  locale: string,
  values: FormValues,
  blocks: number[],
  attempt: number,
  issues: { conversion?: ConversionIssue[]; domain?: FieldIssue[] },
  code: DomainError["code"] | "unreadable" | "internal" | null = null,
): Promise<RegistrationFormState> {
  const tErrors = await getTranslations({ locale, namespace: "errors" });
  const tForm = await getTranslations({ locale, namespace: "registration.form.errors" });
  const fieldErrors: Record<string, string> = {};
  const general: string[] = [];

  for (const issue of issues.conversion ?? []) fieldErrors[issue.path] ??= tForm(issue.key);
  for (const issue of issues.domain ?? []) {
    const template = tErrors.has(issue.key) ? String(tErrors.raw(issue.key)) : String(tErrors.raw("invalid"));
    const text = renderMessage(template, issue.params);
    const field = fieldForIssue(issue.path, blocks);
    // First problem per input, as the API does; the form's own conversion problem wins.
    if (field) fieldErrors[field] ??= text;
    else if (!general.includes(text)) general.push(text);
  }

  let message: string | null = null;
  if (code && (GENERAL_CODES as readonly string[]).includes(code)) message = tForm(`codes.${code as (typeof GENERAL_CODES)[number]}`);
  else if (code === "unreadable" || code === "internal") message = tForm(`codes.${code}`);
  // A problem with the order as a whole (e.g. races in two currencies) or an unexpected code.
  else if (general.length > 0 || (code && code !== "validation_failed")) message = tForm("codes.other");

  return { status: "error", message, fieldErrors, values, attempt };
}
