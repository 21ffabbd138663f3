/**
 * What a desk sends: one way to find the entry (the scanned code, a bib, or an entry picked from a search) and the
 * desk's name. The same rules for the API and the admin; problems are 422 with the field as the path.
 */
import { z } from "zod";
import { personText } from "../../core/text";
import { fromZodIssues, type FieldIssue } from "../../core/validation";
import { DomainError } from "../errors";

export type PickupKey = { kind: "code"; code: string } | { kind: "bib"; bib: string } | { kind: "registration"; registrationId: string };

/** How the entry was found, as the scan log records it. */
export type PickupMethod = "code" | "bib" | "search";

export const DESK_MAX_LENGTH = 40;

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

// What a scanner or a person sends is typed text (core/text.ts): control characters are a 422 on the field.
const keySchema = z.object({
  code: z.preprocess(blankToUndefined, personText({ max: 200 }).optional()),
  // A scanner may send a numeric bib as a JSON number.
  bib: z.preprocess((v) => (typeof v === "number" && Number.isSafeInteger(v) && v >= 0 ? String(v) : blankToUndefined(v)), personText({ max: 20 }).optional()),
  registrationId: z.preprocess(blankToUndefined, personText({ max: 100 }).optional()),
});

const deskSchema = personText({ max: DESK_MAX_LENGTH });

function invalid(issues: FieldIssue[]): DomainError {
  return new DomainError("validation_failed", "The pickup request is not valid; see the fields.", issues);
}

function keyOf(raw: unknown, issues: FieldIssue[]): PickupKey | null {
  const parsed = keySchema.safeParse(raw);
  if (!parsed.success) {
    issues.push(...fromZodIssues(parsed.error.issues));
    return null;
  }
  const { code, bib, registrationId } = parsed.data;
  const given = [code, bib, registrationId].filter((v) => v !== undefined).length;
  if (given === 0) {
    issues.push({ path: "code", key: "codeOrBibRequired" });
    return null;
  }
  if (given > 1) {
    issues.push({ path: bib !== undefined ? "bib" : "registrationId", key: "codeOrBibOnlyOne" });
    return null;
  }
  if (code !== undefined) return { kind: "code", code };
  if (bib !== undefined) return { kind: "bib", bib };
  if (registrationId !== undefined) return { kind: "registration", registrationId };
  issues.push({ path: "code", key: "codeOrBibRequired" }); // not reached: exactly one was given (checked above)
  return null;
}

function objectOf(raw: unknown): Record<string, unknown> {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new DomainError("validation_failed", "The body must be a JSON object.", [{ path: "", key: "objectExpected" }]);
  }
  return raw as Record<string, unknown>;
}

/** The entry key and the desk (both required), e.g. `{ "code": "…", "desk": "Desk 2" }`. */
export function parsePickupRequest(raw: unknown): { key: PickupKey; desk: string } {
  const body = objectOf(raw);
  const issues: FieldIssue[] = [];
  const key = keyOf(body, issues);
  const desk = deskSchema.safeParse(body.desk);
  if (!desk.success) issues.push(...fromZodIssues(desk.error.issues, "desk"));
  if (issues.length > 0 || !key || !desk.success) throw invalid(issues);
  return { key, desk: desk.data };
}

/** The entry key and, when given, the desk (a look-up names its desk only when its refusals should be logged). */
export function parsePickupLookup(raw: unknown): { key: PickupKey; desk: string | null } {
  const body = objectOf(raw);
  const issues: FieldIssue[] = [];
  const key = keyOf(body, issues);
  const rawDesk = blankToUndefined(body.desk);
  const desk = rawDesk === undefined || rawDesk === null ? null : deskSchema.safeParse(rawDesk);
  if (desk && !desk.success) issues.push(...fromZodIssues(desk.error.issues, "desk"));
  if (issues.length > 0 || !key || (desk && !desk.success)) throw invalid(issues);
  return { key, desk: desk?.success ? desk.data : null };
}

export function methodOf(key: PickupKey): PickupMethod {
  return key.kind === "registration" ? "search" : key.kind;
}
