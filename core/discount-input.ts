/**
 * What a discount code may look like, for the API and the admin form: one zod schema, then checks that need the
 * event (its time zone, its races and their currency) and, for a change, the stored code (its uses so far).
 * Pure: the caller loads the event and, inside its write transaction, the stored code.
 *
 * Codes are stored upper case; registration normalizes what the runner types the same way, so a code matches
 * whatever case (or full-width form) it is typed in.
 */
import { z } from "zod";
import type { DiscountKind } from "../db/types";
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

/** Validates a new code for the event in `ctx`. */
export function parseDiscountCodeInput(input: unknown, ctx: DiscountContext): Parsed<NormalizedDiscountCode> {
  const parsed = createSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) return { ok: false, issues: fromZodIssues(parsed.error.issues) };
  const d = parsed.data;
  const issues: FieldIssue[] = [];
  checkValue(d.kind, d.value, issues);
  const raceId = raceIdOrIssue(d.race, ctx, issues);
  checkCurrency(d.kind, raceId, ctx, issues);
  const validFrom = instantOrIssue(d.validFrom, ctx.timezone, "validFrom", issues);
  const validUntil = instantOrIssue(d.validUntil, ctx.timezone, "validUntil", issues);
  if (validFrom && validUntil && validUntil <= validFrom) issues.push({ path: "validUntil", key: "endBeforeStart" });
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: { code: d.code, kind: d.kind, value: d.value, raceId, validFrom, validUntil, maxUses: d.maxUses ?? null } };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * A change to a stored code, as the code after it. Given fields replace the stored ones (`null` clears a time or
 * the use limit); `endNow: true` ends the window at `now` (a window that has not started yet starts and ends at
 * `now`; a code that already ended stays as it is). Once a code has been used, its kind, value and race are fixed
 * (orders carry what it took off), and its use limit may not go below the uses already taken.
 */
export function parseDiscountCodePatch(patch: unknown, stored: StoredDiscountCode, ctx: DiscountContext, now: Date): Parsed<NormalizedDiscountCode> {
  if (!isPlainObject(patch)) return { ok: false, issues: [{ path: "", key: "objectExpected" }] };
  const parsed = patchSchema.safeParse(patch, { reportInput: true });
  if (!parsed.success) return { ok: false, issues: fromZodIssues(parsed.error.issues) };
  const p = parsed.data;
  const issues: FieldIssue[] = [];

  if (p.code !== undefined && normalizeDiscountCode(p.code) !== stored.code) issues.push({ path: "code", key: "codeFixed" });
  if (p.endNow && (p.validFrom !== undefined || p.validUntil !== undefined)) issues.push({ path: "endNow", key: "endNowConflict" });

  const kind = p.kind ?? stored.kind;
  const amount = p.value ?? stored.value;
  if (p.kind !== undefined || p.value !== undefined) checkValue(kind, amount, issues);
  const raceId = p.race === undefined ? stored.raceId : raceIdOrIssue(p.race, ctx, issues);
  if (p.kind !== undefined || p.race !== undefined) checkCurrency(kind, raceId, ctx, issues);

  if (stored.usedCount > 0) {
    const used = { used: stored.usedCount };
    if (kind !== stored.kind) issues.push({ path: "kind", key: "changeAfterUse", params: used });
    if (amount !== stored.value) issues.push({ path: "value", key: "changeAfterUse", params: used });
    if (raceId !== stored.raceId) issues.push({ path: "race", key: "changeAfterUse", params: used });
  }

  const limit = p.maxUses === undefined ? stored.maxUses : p.maxUses;
  if (p.maxUses !== undefined && limit !== null && limit < stored.usedCount) {
    issues.push({ path: "maxUses", key: "maxUsesBelowUsed", params: { used: stored.usedCount } });
  }

  let validFrom = p.validFrom === undefined ? stored.validFrom : instantOrIssue(p.validFrom, ctx.timezone, "validFrom", issues);
  let validUntil = p.validUntil === undefined ? stored.validUntil : instantOrIssue(p.validUntil, ctx.timezone, "validUntil", issues);
  // Only a window being changed is checked: an ended code (from == until) can still get a new use limit.
  if ((p.validFrom !== undefined || p.validUntil !== undefined) && validFrom && validUntil && validUntil <= validFrom) {
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
