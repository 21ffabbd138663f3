/**
 * What a discount code may look like, for the API and the admin form: one zod schema, then checks that need the
 * event (its time zone, its races and their currency) and, for a change, the stored code (its uses so far).
 * Pure: the caller loads the event and, inside its write transaction, the stored code.
 *
 * Codes are stored upper case; registration normalizes what the runner types the same way, so a code matches
 * whatever case (or full-width form) it is typed in.
 */
import { z } from "zod";
import type { DiscountKind } from "./domain";
import { parseInstant } from "./time";
import { fromZodIssues, type FieldIssue } from "./validation";

export const DISCOUNT_KINDS = ["percent", "fixed"] as const satisfies readonly DiscountKind[];
export const MAX_FIXED_DISCOUNT_CENTS = 100_000_000;
export const MAX_DISCOUNT_USES = 10_000_000;
const CODE_FORMAT = /^[A-Z0-9-]+$/;

/** What a runner or an organizer typed, as stored: full-width forms folded (NFKC), trimmed, upper case. */
export function normalizeDiscountCode(text: string): string {
  return text.normalize("NFKC").trim().toUpperCase();
}

/** Whether `text` (as typed) can name a stored code: 3–32 of A–Z, 0–9 and `-` once normalized. */
export function isDiscountCode(text: string): boolean {
  const code = normalizeDiscountCode(text);
  return code.length >= 3 && code.length <= 32 && CODE_FORMAT.test(code);
}

const instantString = z.string().trim().min(1);
const code = z
  .string()
  .transform(normalizeDiscountCode)
  .pipe(z.string().min(1).min(3).max(32).regex(CODE_FORMAT, "discountCodeFormat"));
// Ranges depend on the kind (percent 1–100, fixed > 0): checked after parsing, with the kind known.
const value = z.number().int("wholeNumber");
const race = z.string().trim().max(100).nullish();
const maxUses = z.number().int("wholeNumber").min(1).max(MAX_DISCOUNT_USES).nullish();

const createSchema = z.object({
  code,
  kind: z.enum(DISCOUNT_KINDS),
  value,
  race,
  validFrom: instantString.nullish(),
  validUntil: instantString.nullish(),
  maxUses,
});

const patchSchema = z.object({
  // The code names the row: it is accepted unchanged (a client may send the whole object back) but never changed.
  code: z.string().max(100).optional(),
  kind: z.enum(DISCOUNT_KINDS).optional(),
  value: value.optional(),
  race,
  validFrom: instantString.nullish(),
  validUntil: instantString.nullish(),
  maxUses,
  endNow: z.boolean().optional(),
});

export type DiscountCodeInput = z.input<typeof createSchema>;
export type DiscountCodePatch = z.input<typeof patchSchema>;

/** The event a code belongs to: local times are read in its zone, `race` is one of its race slugs. */
export interface DiscountContext {
  timezone: string;
  races: { id: string; slug: string; currency: string }[];
}

export interface NormalizedDiscountCode {
  code: string;
  kind: DiscountKind;
  /** Percent (1–100) or an amount in minor units of the races' currency. */
  value: number;
  raceId: string | null;
  validFrom: Date | null;
  validUntil: Date | null;
  maxUses: number | null;
}

/** A stored code as the update sees it, read inside the write transaction. */
export interface StoredDiscountCode extends NormalizedDiscountCode {
  usedCount: number;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

function instantOrIssue(text: string | null | undefined, zone: string, path: string, issues: FieldIssue[]): Date | null {
  if (text === null || text === undefined) return null;
  const instant = parseInstant(text, zone);
  if (!instant) issues.push({ path, key: "instantFormat" });
  return instant;
}

function checkValue(kind: DiscountKind, amount: number, issues: FieldIssue[]): void {
  if (kind === "percent" && (amount < 1 || amount > 100)) issues.push({ path: "value", key: "percentRange" });
  if (kind === "fixed" && amount < 1) issues.push({ path: "value", key: "mustBeAbove", params: { minimum: 0 } });
  if (kind === "fixed" && amount > MAX_FIXED_DISCOUNT_CENTS) issues.push({ path: "value", key: "tooBig", params: { maximum: MAX_FIXED_DISCOUNT_CENTS } });
}

/** The race's id for a slug (null: every race), or an issue. */
function raceIdOrIssue(slug: string | null | undefined, ctx: DiscountContext, issues: FieldIssue[]): string | null {
  if (slug === null || slug === undefined || slug === "") return null;
  const found = ctx.races.find((r) => r.slug === slug);
  if (!found) issues.push({ path: "race", key: "unknownRace" });
  return found?.id ?? null;
}

/** A fixed amount is in minor units of one currency: a code for every race needs the races to share it. */
function checkCurrency(kind: DiscountKind, raceId: string | null, ctx: DiscountContext, issues: FieldIssue[]): void {
  if (kind !== "fixed" || raceId !== null) return;
  const currencies = [...new Set(ctx.races.map((r) => r.currency))].sort();
  if (currencies.length > 1) issues.push({ path: "race", key: "fixedNeedsOneCurrency", params: { currencies: currencies.join(", ") } });
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Each field parsed on its own, so the checks that need the event run on every field that is valid even when
 * another is not: one answer names every problem. `bad` holds the fields zod refused (their issues are given).
 */
function parseFields<S extends z.ZodRawShape>(schema: z.ZodObject<S>, raw: Record<string, unknown>) {
  const issues: FieldIssue[] = [];
  const fields: Record<string, unknown> = {};
  const bad = new Set<string>();
  for (const [key, field] of Object.entries(schema.shape) as [string, z.ZodType][]) {
    const result = field.safeParse(raw[key], { reportInput: true });
    if (result.success) fields[key] = result.data;
    else {
      bad.add(key);
      issues.push(...fromZodIssues(result.error.issues, key));
    }
  }
  return { issues, fields: fields as Partial<z.output<z.ZodObject<S>>>, bad };
}

/** Validates a new code for the event in `ctx`. */
export function parseDiscountCodeInput(input: unknown, ctx: DiscountContext): Parsed<NormalizedDiscountCode> {
  if (!isPlainObject(input)) return { ok: false, issues: [{ path: "", key: "objectExpected" }] };
  const { issues, fields: d, bad } = parseFields(createSchema, input);
  const ok = (...keys: string[]) => keys.every((k) => !bad.has(k));
  if (ok("kind", "value")) checkValue(d.kind!, d.value!, issues);
  const raceId = ok("race") ? raceIdOrIssue(d.race, ctx, issues) : null;
  if (ok("kind", "race")) checkCurrency(d.kind!, raceId, ctx, issues);
  const validFrom = ok("validFrom") ? instantOrIssue(d.validFrom, ctx.timezone, "validFrom", issues) : null;
  const validUntil = ok("validUntil") ? instantOrIssue(d.validUntil, ctx.timezone, "validUntil", issues) : null;
  if (validFrom && validUntil && validUntil <= validFrom) issues.push({ path: "validUntil", key: "endBeforeStart" });
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: { code: d.code!, kind: d.kind!, value: d.value!, raceId, validFrom, validUntil, maxUses: d.maxUses ?? null } };
}

/**
 * A change to a stored code, as the code after it. Given fields replace the stored ones (`null` clears a time or
 * the use limit); `endNow: true` ends the window at `now` (a window that has not started yet starts and ends at
 * `now`; a code that already ended stays as it is). Once a code has been used, its kind, value and race are fixed
 * (orders carry what it took off), and its use limit may not go below the uses already taken.
 */
export function parseDiscountCodePatch(patch: unknown, stored: StoredDiscountCode, ctx: DiscountContext, now: Date): Parsed<NormalizedDiscountCode> {
  if (!isPlainObject(patch)) return { ok: false, issues: [{ path: "", key: "objectExpected" }] };
  const { issues, fields: given, bad } = parseFields(patchSchema, patch);
  // A refused field counts as not given: the stored value stands in for the checks that follow.
  const p = Object.fromEntries(Object.entries(given).filter(([k, v]) => v !== undefined && !bad.has(k))) as typeof given;
  const has = (key: keyof typeof given) => key in p;

  if (has("code") && normalizeDiscountCode(p.code!) !== stored.code) issues.push({ path: "code", key: "codeFixed" });
  if (p.endNow && (has("validFrom") || has("validUntil") || bad.has("validFrom") || bad.has("validUntil"))) {
    issues.push({ path: "endNow", key: "endNowConflict" });
  }

  const kind = p.kind ?? stored.kind;
  const amount = p.value ?? stored.value;
  if (has("kind") || has("value")) checkValue(kind, amount, issues);
  const raceId = has("race") ? raceIdOrIssue(p.race, ctx, issues) : stored.raceId;
  if (has("kind") || has("race")) checkCurrency(kind, raceId, ctx, issues);

  if (stored.usedCount > 0) {
    const used = { used: stored.usedCount };
    if (kind !== stored.kind) issues.push({ path: "kind", key: "changeAfterUse", params: used });
    if (amount !== stored.value) issues.push({ path: "value", key: "changeAfterUse", params: used });
    if (raceId !== stored.raceId) issues.push({ path: "race", key: "changeAfterUse", params: used });
  }

  const limit = has("maxUses") ? (p.maxUses ?? null) : stored.maxUses;
  if (has("maxUses") && limit !== null && limit < stored.usedCount) {
    issues.push({ path: "maxUses", key: "maxUsesBelowUsed", params: { used: stored.usedCount } });
  }

  let validFrom = has("validFrom") ? instantOrIssue(p.validFrom, ctx.timezone, "validFrom", issues) : stored.validFrom;
  let validUntil = has("validUntil") ? instantOrIssue(p.validUntil, ctx.timezone, "validUntil", issues) : stored.validUntil;
  // Only a window being changed is checked: an ended code (from == until) can still get a new use limit.
  if ((has("validFrom") || has("validUntil")) && validFrom && validUntil && validUntil <= validFrom) {
    issues.push({ path: "validUntil", key: "endBeforeStart" });
  }
  if (p.endNow && !(stored.validUntil && stored.validUntil <= now)) {
    validUntil = now;
    if (validFrom && validFrom > now) validFrom = now;
  }

  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: { code: stored.code, kind, value: amount, raceId, validFrom, validUntil, maxUses: limit } };
}

export const DISCOUNT_CODE_STATUSES = ["scheduled", "active", "ended", "used_up"] as const;
export type DiscountCodeStatus = (typeof DISCOUNT_CODE_STATUSES)[number];

/**
 * Whether a runner can use the code at `now`, as registration decides it (server/registration/register.ts):
 * the window is [validFrom, validUntil), and a code with `maxUses` uses taken is used up. An ended window says
 * more than a full count, so it wins.
 */
export function discountCodeStatus(c: { validFrom: Date | null; validUntil: Date | null; maxUses: number | null; usedCount: number }, now: Date): DiscountCodeStatus {
  if (c.validUntil && now >= c.validUntil) return "ended";
  if (c.maxUses !== null && c.usedCount >= c.maxUses) return "used_up";
  if (c.validFrom && now < c.validFrom) return "scheduled";
  return "active";
}

/** Uses still available; null when the code has no limit. */
export function discountUsesLeft(c: { maxUses: number | null; usedCount: number }): number | null {
  return c.maxUses === null ? null : Math.max(0, c.maxUses - c.usedCount);
}
