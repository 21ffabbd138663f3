/**
 * Turns validation issues and DomainErrors into a FormState in the user's language (messages/<locale>/errors.json
 * for the domain's keys, admin.json formErrors.* for the form's own). Server-only: actions call it.
 */
import "server-only";
import { getTranslations } from "next-intl/server";
import { renderMessage, type FieldIssue } from "../../core/validation";
import type { DomainError } from "../../server/errors";
import { fieldFor } from "./field-paths";
import type { FormIssue, FormValues } from "./form-data";
import type { FormState } from "./form-state";

function issueKey(path: string): string {
  const target = fieldFor(path);
  return target.itemPath ?? target.field;
}

/** Form issues first; a core issue on a field (or list item) the form already reported is a consequence, not news. */
export function mergeIssues(formIssues: FormIssue[], coreIssues: FieldIssue[]): FormIssue[] {
  const taken = new Set(formIssues.map((i) => issueKey(i.path)));
  return [...formIssues, ...coreIssues.filter((i) => !taken.has(issueKey(i.path))).map((i) => ({ ...i, ns: "errors" as const }))];
}

export async function errorState(
  values: FormValues,
  issues: FormIssue[],
  items: Record<string, string> = {},
  message: string | null = null,
): Promise<FormState> {
  const tErrors = await getTranslations("errors");
  const tAdmin = await getTranslations("admin");
  const byField = new Map<string, string[]>();
  const seenPaths = new Set<string>();
  for (const issue of issues) {
    if (seenPaths.has(issue.path)) continue; // first issue per path, like issuesToFields
    seenPaths.add(issue.path);
    const template =
      issue.ns === "admin" ? tAdmin.raw(`formErrors.${issue.key}`) : tErrors.has(issue.key) ? tErrors.raw(issue.key) : tErrors.raw("invalid");
    let text = renderMessage(String(template), issue.params);
    const { field, itemPath } = fieldFor(issue.path);
    if (itemPath && items[itemPath] !== undefined) text = renderMessage(String(tAdmin.raw("formErrors.item")), { item: items[itemPath], message: text });
    const list = byField.get(field) ?? [];
    if (!list.includes(text)) list.push(text);
    byField.set(field, list);
  }
  const separator = String(tAdmin.raw("formErrors.separator"));
  // Fields in the order the form sent them (FormData keeps document order), so the summary reads top to bottom.
  const order = Object.keys(values);
  const position = (field: string) => order.indexOf(field);
  const fieldErrors = Object.fromEntries(
    [...byField].sort(([a], [b]) => position(a) - position(b)).map(([field, texts]) => [field, texts.join(separator)]),
  );
  return { status: "error", message, fieldErrors, values: withoutSecrets(values) };
}

function withoutSecrets(values: FormValues): FormValues {
  return Object.fromEntries(Object.entries(values).filter(([name]) => name !== "password"));
}

/** A DomainError from a server function: field issues by field; refusals and missing things as one message. */
export async function domainErrorState(error: DomainError, values: FormValues, items: Record<string, string> = {}): Promise<FormState> {
  const t = await getTranslations("admin");
  if (error.issues.length > 0) {
    return errorState(values, error.issues.map((i) => ({ ...i, ns: "errors" as const })), items);
  }
  const known = ["forbidden", "not_found", "unauthorized", "rate_limited", "conflict"] as const;
  const code = (known as readonly string[]).includes(error.code) ? error.code : "other";
  return errorState(values, [], items, t(`errorCodes.${code}`));
}

/** The form could not be read at all (a file where text belongs, a value far too long). */
export async function unreadableFormState(): Promise<FormState> {
  const t = await getTranslations("admin");
  return { status: "error", message: t("errorCodes.unreadable"), fieldErrors: {}, values: {} };
}
