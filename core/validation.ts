/**
 * Validation issues as translatable keys, so the API (English) and the admin pages (the staff member's
 * language) show the same rule in their own words. Keys live under "errors" in messages/<locale>.json.
 */
import type { z } from "zod";

export interface FieldIssue {
  /** Dotted path of the field, e.g. `races.0.capacity`; empty for the whole input. */
  path: string;
  key: string;
  params?: Record<string, string | number>;
}

export function issuePath(path: readonly PropertyKey[]): string {
  return path.map(String).join(".");
}

const CUSTOM_KEY = /^[a-z][A-Za-z]+$/;

/** Turns zod issues into keys. Custom issues carry their key as the message. */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[], prefix = ""): FieldIssue[] {
  return issues.map((i) => {
    const path = [prefix, issuePath(i.path)].filter(Boolean).join(".");
    // Our schemas give their own key as the message (`.regex(re, "slugFormat")`); zod's own messages have spaces.
    if (CUSTOM_KEY.test(i.message) && i.code !== "custom") return { path, key: i.message };
    switch (i.code) {
      case "invalid_type":
        return i.input === undefined || i.input === null
          ? { path, key: "required" }
          : { path, key: "invalidType", params: { expected: String(i.expected) } };
      case "too_small":
        if (i.origin === "string") return Number(i.minimum) <= 1 ? { path, key: "required" } : { path, key: "tooShort", params: { minimum: Number(i.minimum) } };
        if (i.origin === "array") return { path, key: "tooFewItems", params: { minimum: Number(i.minimum) } };
        return { path, key: i.inclusive ? "tooSmall" : "mustBeAbove", params: { minimum: Number(i.minimum) } };
      case "too_big":
        if (i.origin === "string") return { path, key: "tooLong", params: { maximum: Number(i.maximum) } };
        if (i.origin === "array") return { path, key: "tooManyItems", params: { maximum: Number(i.maximum) } };
        return { path, key: "tooBig", params: { maximum: Number(i.maximum) } };
      case "invalid_value":
        return { path, key: "oneOf", params: { values: i.values.map(String).join(", ") } };
      case "invalid_format":
        return { path, key: "invalidFormat" };
      case "not_multiple_of":
        return { path, key: "wholeNumber" };
      case "custom":
        return { path, key: i.message, params: (i.params as Record<string, string | number> | undefined) ?? undefined };
      default:
        return { path, key: "invalid" };
    }
  });
}

/** Renders `{name}` placeholders. Used with the message catalogs, which are ICU-simple strings. */
export function renderMessage(template: string, params?: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (params && name in params ? String(params[name]) : m));
}

/** First issue per field: `{ "races.0.capacity": "must be at least 0" }`. */
export function issuesToFields(issues: FieldIssue[], translate: (key: string) => string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const i of issues) fields[i.path || "_"] ??= renderMessage(translate(i.key), i.params);
  return fields;
}
