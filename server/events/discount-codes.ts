/**
 * Discount codes of an event, for its organizers and admins (volunteers never see them): create, list with the
 * uses left, change the window or the use limit, end one now. Runners redeem them at registration
 * (server/registration/register.ts `redeemDiscount`), which takes a use under the lock `discount:<id>`; a change
 * here takes the same lock and reads the uses afresh, so a limit is never set below the uses already taken, and
 * once lowered to them no further registration gets through. Rules: core/discount-input.ts.
 */
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq } from "drizzle-orm";
import {
  discountCodeStatus,
  discountUsesLeft,
  normalizeDiscountCode,
  parseDiscountCodeInput,
  parseDiscountCodePatch,
  type DiscountCodeStatus,
  type DiscountContext,
  type NormalizedDiscountCode,
} from "../../core/discount-input";
import { formatInZone } from "../../core/time";
import type { FieldIssue } from "../../core/validation";
import { getConnection, isUniqueViolation, withTransaction } from "../db";
import type { DiscountKind } from "../../core/domain";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { requireEventEditor } from "../auth/policy";
import { DomainError } from "../errors";
import { findEventBySlug, getEventWithRaces, type EventWithRaces } from "./queries";
import { first } from "../../core/lists";

type DiscountCodeRow = typeof import("../../db/schema.pg").discountCodes.$inferSelect;

export interface DiscountCodeItem {
  id: string;
  code: string;
  kind: DiscountKind;
  /** Percent (1–100) or an amount in minor units of `currency`. */
  value: number;
  /** The currency of the races the code applies to; null when they have none in common (or there are none). */
  currency: string | null;
  /** The race's slug; null for every race of the event. */
  race: string | null;
  validFrom: Date | null;
  validUntil: Date | null;
  maxUses: number | null;
  /** Orders holding or paid with the code; an order that expires or is cancelled gives its use back. */
  usedCount: number;
  usesLeft: number | null;
  status: DiscountCodeStatus;
  createdAt: Date;
}

function invalid(issues: FieldIssue[]): DomainError {
  return new DomainError("validation_failed", "The discount code is not valid; see the fields.", issues);
}

function duplicate(code: string): DomainError {
  return new DomainError("duplicate_code", `The event already has a discount code "${code}".`, [{ path: "code", key: "discountCodeTaken" }]);
}

async function eventOrThrow(slug: string): Promise<EventWithRaces> {
  const event = await getEventWithRaces(slug);
  if (!event) throw new DomainError("not_found", `No event "${slug}".`);
  return event;
}

function contextOf(event: EventWithRaces): DiscountContext {
  return { timezone: event.timezone, races: event.races.map((r) => ({ id: r.id, slug: r.slug, currency: r.currency })) };
}

function toItem(row: DiscountCodeRow, event: EventWithRaces, now: Date): DiscountCodeItem {
  const race = row.raceId ? event.races.find((r) => r.id === row.raceId) : undefined;
  const currencies = new Set(event.races.map((r) => r.currency));
  return {
    id: row.id,
    code: row.code,
    kind: row.kind,
    value: row.value,
    currency: race ? race.currency : currencies.size === 1 ? ([...currencies][0] ?? null) : null,
    race: race?.slug ?? null,
    validFrom: row.validFrom,
    validUntil: row.validUntil,
    maxUses: row.maxUses,
    usedCount: row.usedCount,
    usesLeft: discountUsesLeft(row),
    status: discountCodeStatus(row, now),
    createdAt: row.createdAt,
  };
}

/** The audit log's picture of a code: plain JSON, instants in UTC. */
function auditFields(d: NormalizedDiscountCode): Record<string, unknown> {
  return {
    code: d.code,
    kind: d.kind,
    value: d.value,
    raceId: d.raceId,
    validFrom: d.validFrom?.toISOString() ?? null,
    validUntil: d.validUntil?.toISOString() ?? null,
    maxUses: d.maxUses,
  };
}

/** The API's shape: instants with the event's offset, like every other date-time of the event. */
export function presentDiscountCode(item: DiscountCodeItem, zone: string) {
  const at = (d: Date | null) => (d ? formatInZone(d, zone) : null);
  return {
    code: item.code,
    kind: item.kind,
    value: item.value,
    currency: item.currency,
    race: item.race,
    validFrom: at(item.validFrom),
    validUntil: at(item.validUntil),
    maxUses: item.maxUses,
    usedCount: item.usedCount,
    usesLeft: item.usesLeft,
    status: item.status,
    createdAt: at(item.createdAt),
  };
}

/** The time zone the API shows an event's codes in (the event's own). */
export async function discountCodeZone(eventSlug: string): Promise<string> {
  const event = await findEventBySlug(eventSlug);
  if (!event) throw new DomainError("not_found", `No event "${eventSlug}".`);
  return event.timezone;
}

/** Every code of the event, newest first. Admins and the event's organizers. */
export async function listDiscountCodes(actor: Actor, eventSlug: string): Promise<DiscountCodeItem[]> {
  const event = await eventOrThrow(eventSlug);
  await requireEventEditor(actor, event.id);
  const { db, schema } = getConnection();
  const d = schema.discountCodes;
  const rows = await db.select().from(d).where(eq(d.eventId, event.id)).orderBy(desc(d.createdAt), asc(d.code));
  const now = new Date();
  return rows.map((row) => toItem(row, event, now));
}

/** Creates a code (stored upper case). 409 duplicate_code when the event has it already. */
export async function createDiscountCode(actor: Actor, eventSlug: string, input: unknown): Promise<DiscountCodeItem> {
  const event = await eventOrThrow(eventSlug);
  await requireEventEditor(actor, event.id);
  const parsed = parseDiscountCodeInput(input, contextOf(event));
  if (!parsed.ok) throw invalid(parsed.issues);
  const code = parsed.value;
  const { schema } = getConnection();
  const d = schema.discountCodes;
  const now = new Date();
  const id = randomUUID();
  try {
    await withTransaction(async (tx) => {
      await getConnection().lockKeys(tx, [`discount-code:${event.id}:${code.code}`]);
      const [taken] = await tx.select({ id: d.id }).from(d).where(and(eq(d.eventId, event.id), eq(d.code, code.code)));
      if (taken) throw duplicate(code.code);
      await tx.insert(d).values({ id, eventId: event.id, ...code, usedCount: 0, createdAt: now });
      await recordAudit(tx, actor, { action: "discount_code.create", entityType: "discount_code", entityId: id, data: { eventId: event.id, ...auditFields(code) } }, now);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(code.code);
    throw error;
  }
  return toItem({ id, eventId: event.id, ...code, usedCount: 0, createdAt: now }, event, now);
}

/**
 * Changes a code (found in any case): its window, its use limit, or, while unused, its kind, value and race;
 * `{ endNow: true }` ends it now. Changing nothing writes nothing.
 */
export async function updateDiscountCode(actor: Actor, eventSlug: string, codeText: string, patch: unknown): Promise<DiscountCodeItem> {
  const event = await eventOrThrow(eventSlug);
  await requireEventEditor(actor, event.id);
  const codeName = normalizeDiscountCode(codeText);
  const { schema } = getConnection();
  const d = schema.discountCodes;
  const now = new Date();
  const row = await withTransaction(async (tx) => {
    const [found] = await tx.select({ id: d.id }).from(d).where(and(eq(d.eventId, event.id), eq(d.code, codeName)));
    if (!found) throw new DomainError("not_found", `No discount code "${codeName}" in event "${eventSlug}".`);
    // Registration takes a use under this lock: the uses read next are the uses, until commit.
    await getConnection().lockKeys(tx, [`discount:${found.id}`]);
    const stored = first(await tx.select().from(d).where(eq(d.id, found.id)));
    const parsed = parseDiscountCodePatch(patch, stored, contextOf(event), now);
    if (!parsed.ok) throw invalid(parsed.issues);
    const before = auditFields(stored);
    const after = auditFields(parsed.value);
    const changes = Object.fromEntries(
      Object.keys(after)
        .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
        .map((k) => [k, { from: before[k], to: after[k] }]),
    );
    if (Object.keys(changes).length === 0) return stored;
    const { kind, value, raceId, validFrom, validUntil, maxUses } = parsed.value;
    const fields = { kind, value, raceId, validFrom, validUntil, maxUses };
    await tx.update(d).set(fields).where(eq(d.id, stored.id));
    const ended = (patch as { endNow?: unknown }).endNow === true && "validUntil" in changes;
    await recordAudit(
      tx,
      actor,
      { action: ended ? "discount_code.end" : "discount_code.update", entityType: "discount_code", entityId: stored.id, data: { eventId: event.id, code: stored.code, changes } },
      now,
    );
    return { ...stored, ...fields };
  });
  return toItem(row, event, now);
}
