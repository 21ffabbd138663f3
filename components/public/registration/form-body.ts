/**
 * The registration form's fields and the API body (core/registration-input.ts) are the same thing: inputs are named
 * after the body's paths (`participants.0.idNumber`, `participants.1.guardian.consent`), so a DomainError issue
 * lands on the input of the same name. This file only converts text to the body's types; the rules stay in core.
 * Pure: used by the server action and by unit tests.
 */

/** What the browser sent: text fields only, in document order. */
export type FormValues = Record<string, string>;

/** A conversion problem; its key lives in messages/<locale>/registration.json under form.errors. */
export interface ConversionIssue {
  path: string;
  key: "finishTimeFormat";
}

const MAX_VALUE_LENGTH = 2_000;
const MAX_FIELDS = 400;

/** FormData as text fields; null when it holds a file, an oversized value or far too many fields. */
export function formValues(formData: FormData): FormValues | null {
  const values: FormValues = {};
  let count = 0;
  let bad = false;
  formData.forEach((value, key) => {
    if (key.startsWith("$ACTION")) return;
    count += 1;
    if (typeof value !== "string" || value.length > MAX_VALUE_LENGTH) bad = true;
    else values[key] = value;
  });
  return bad || count > MAX_FIELDS ? null : values;
}

/** The participant blocks present in the form, in order (`participants.<i>.…`). */
export function participantIndexes(values: FormValues): number[] {
  const found = new Set<number>();
  for (const key of Object.keys(values)) {
    const m = /^participants\.(\d{1,2})\./.exec(key);
    if (m) found.add(Number(m[1]));
  }
  return [...found].sort((a, b) => a - b);
}

/** "1:55", "1：55", "01:55:00", "1h55" or "1时55分" → seconds; "" → undefined; anything else → null. */
export function parseFinishTime(text: string): number | undefined | null {
  const v = text.replace(/\s+/g, "").replace(/(min|m|分)$/, "");
  if (v === "") return undefined;
  const parts = v.split(/[:：hH时]/);
  if (parts.length < 2 || parts.length > 3 || !parts.every((p) => /^\d{1,2}$/.test(p))) return null;
  const [h = 0, min = 0, s = 0] = parts.map(Number); // two or three parts (checked above): h and min are there
  if (min > 59 || s > 59) return null;
  return h * 3600 + min * 60 + s;
}

function text(values: FormValues, name: string): string | undefined {
  const v = values[name]?.trim();
  // Empty means "not given": the schema then says "required" (or leaves an optional field out).
  return v ? v : undefined;
}

/**
 * The body for registerEntries(). Participants are renumbered 0..n-1 in form order, and `blocks` maps the new
 * index back to the block the form used, so issues can be shown on the right inputs.
 */
export function registrationBodyFromForm(values: FormValues, locale: string) {
  const issues: ConversionIssue[] = [];
  const blocks = participantIndexes(values);
  const participants = blocks.map((block) => {
    const at = (field: string) => `participants.${block}.${field}`;
    const finishField = at("predictedFinish");
    const finish = parseFinishTime(values[finishField] ?? "");
    if (finish === null) issues.push({ path: finishField, key: "finishTimeFormat" });
    // The guardian block is only in the form for a minor; when it is there, it is sent as typed.
    const hasGuardian = Object.keys(values).some((k) => k.startsWith(at("guardian.")));
    return {
      race: text(values, at("race")),
      familyName: text(values, at("familyName")),
      givenName: text(values, at("givenName")),
      latinName: text(values, at("latinName")),
      gender: text(values, at("gender")),
      birthDate: text(values, at("birthDate")),
      nationality: text(values, at("nationality")),
      idType: text(values, at("idType")),
      idNumber: text(values, at("idNumber")),
      phone: text(values, at("phone")),
      emergencyContact: { name: text(values, at("emergencyContact.name")), phone: text(values, at("emergencyContact.phone")) },
      tshirtSize: text(values, at("tshirtSize")),
      predictedFinishSeconds: finish ?? undefined,
      guardian: hasGuardian
        ? {
            name: text(values, at("guardian.name")),
            phone: text(values, at("guardian.phone")),
            idNumber: text(values, at("guardian.idNumber")),
            consent: values[at("guardian.consent")] === "on",
          }
        : undefined,
    };
  });
  const body = {
    email: text(values, "email"),
    locale,
    acceptTerms: values.acceptTerms === "on",
    discountCode: text(values, "discountCode"),
    participants,
  };
  return { body, issues, blocks };
}

/**
 * The input an issue belongs to, given the body's path (`participants.1.predictedFinishSeconds`) and the form
 * blocks the body's participants came from. Null when the issue belongs to no single input (the whole order).
 */
export function fieldForIssue(path: string, blocks: number[]): string | null {
  if (path === "email" || path === "acceptTerms" || path === "discountCode") return path;
  const [head, index, ...restParts] = path.split(".");
  if (head !== "participants" || !/^\d+$/.test(index ?? "") || restParts.length === 0) return null;
  const block = blocks[Number(index)];
  if (block === undefined) return null;
  const rest = restParts.join(".");
  const field = rest === "predictedFinishSeconds" ? "predictedFinish" : rest === "emergencyContact" ? "emergencyContact.name" : rest;
  return `participants.${block}.${field}`;
}
