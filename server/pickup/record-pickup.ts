/**
 * Packet pickup (issue 4): a desk finds an entry (scanned QR code, bib, or an entry picked from a search), checks the
 * runner card, and records the handover once.
 *
 * What must stay true:
 * - One handover per entry, whatever the number of desks: `pickups.registration_id` is unique, and the insert is
 *   what decides. Two desks at once both pass the first read; on PostgreSQL the second insert waits for the first
 *   transaction and then violates the key, on SQLite the writes are serialized and the second violates it at once.
 *   The loser answers 409 already_collected with the winner's time and desk.
 * - Only confirmed entries are handed over: the registration's status is re-checked by the same transaction's
 *   conditional update (which also sets checked_in_at), so a cancellation that commits first wins.
 * - Every attempt is in the scan log (`pickup_scans`): the handover in its own transaction, a refusal in a separate
 *   write of its own (the refused transaction, if any, was rolled back). The scanned code itself is never stored.
 * - A handover sent again with its Idempotency-Key gets the first answer (201), not already_collected, and nothing
 *   is logged again: the key's answer is the handover transaction's first write, so of two requests with one key
 *   the key decides, and the loser answers from the winner (docs/decisions/012-idempotency-keys.md).
 */
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { getConnection, isUniqueViolation, withTransaction } from "../db";
import type { PickupOutcome } from "../../core/domain";
import { pickupRefusal, pickupRefusalMessage, type PickupRefusal } from "../../core/pickup-refusal";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { DomainError } from "../errors";
import { answerAfterKeyRace, findAnswer, saveAnswers, type IdempotencyRequest, type StoredAnswer } from "../idempotency";
import { methodOf, parsePickupLookup, parsePickupRequest, type PickupKey, type PickupMethod } from "./input";
import { deskEventAndEntry, deskEventOrThrow, findEntryRow, presentRunner, type DeskEvent, type PickupRunner, type RunnerRow } from "./runner";

/** Exactly one of code, bib and registrationId (an API body is checked as it comes: bad types are 422). */
export interface PickupRequest {
  code?: string;
  bib?: string;
  registrationId?: string;
  desk: string;
}

export interface PickupRecorded {
  pickup: { registrationId: string; at: string; desk: string };
  runner: PickupRunner;
}

export interface PickupCheck {
  runner: PickupRunner;
  /** May the packet be handed over now? */
  ready: boolean;
  /** Why not, as the handover would answer it (its error code, message and details). */
  refusal: { code: PickupRefusal["code"]; message: string; details: PickupRefusal["details"] } | null;
}

/** The rule of core/pickup-refusal.ts on a row as read now. */
function rowRefusal(row: RunnerRow, now: Date): PickupRefusal | null {
  return pickupRefusal({ status: row.status, holdExpiresAt: row.holdExpiresAt, pickup: row.pickupAt ? { at: row.pickupAt.toISOString(), desk: row.pickupDesk ?? "" } : null }, now);
}

function refusalError(refusal: PickupRefusal): DomainError {
  return new DomainError(refusal.code, pickupRefusalMessage(refusal), [], refusal.details);
}

function unknownError(key: PickupKey): DomainError {
  const what = key.kind === "code" ? "No entry of this event has this code." : key.kind === "bib" ? `No entry of this event has bib "${key.bib}".` : "No such entry in this event.";
  // details.by tells an unknown entry (what the desk was handed) from an unknown event.
  return new DomainError("not_found", what, [], { by: key.kind === "registration" ? "registrationId" : key.kind });
}

interface ScanFacts {
  event: DeskEvent;
  actor: Actor;
  method: PickupMethod;
  desk: string;
  key: PickupKey;
  row: RunnerRow | null;
  outcome: PickupOutcome;
  at: Date;
}

function scanValues(s: ScanFacts) {
  return {
    eventId: s.event.id,
    registrationId: s.row?.id ?? null,
    method: s.method,
    // The bib as found (or as typed, when no entry has it); never the scanned code.
    bib: s.row?.bib ?? (s.key.kind === "bib" ? s.key.bib : null),
    desk: s.desk,
    byLabel: s.actor.label,
    outcome: s.outcome,
    at: s.at,
  };
}

/** A refused or unknown scan, in a write of its own. */
async function logScan(s: ScanFacts): Promise<void> {
  const { schema } = getConnection();
  await withTransaction(async (tx) => {
    await tx.insert(schema.pickupScans).values(scanValues(s));
  });
}

/** Thrown inside the handover's transaction when the entry stopped being confirmed under it: rolls it back. */
class EntryNoLongerConfirmed extends Error {}

/**
 * Records the handover of an entry's packet at a desk. The entry is named by exactly one of `code` (the QR code of
 * the confirmation: the entry's pickup token), `bib` or `registrationId`. Allowed: the event's volunteers and
 * organizers, and admins.
 *
 * Answers the runner card and the pickup, or a DomainError: 404 not_found (event, or no entry of this event with
 * that code or bib), 409 not_confirmed (details.status: held, expired, cancelled, refunded, transferred),
 * 409 already_collected (details: the first handover's `at` and `desk`), 422 validation_failed, 403 forbidden.
 */
export async function recordPickup(
  actor: Actor,
  eventSlug: string,
  input: PickupRequest,
  options: { now?: Date } = {},
): Promise<PickupRecorded> {
  return (await pickUp(actor, eventSlug, input, options.now ?? new Date(), null)).result;
}

/**
 * A handover sent with an Idempotency-Key (POST …/pickups): the first answer to this key and request again
 * (`replayed`, with the runner card as it reads now), or the handover with its answer stored in its transaction.
 * 422 idempotency_key_reused for the key with another request.
 */
export function recordPickupOnce(
  actor: Actor,
  eventSlug: string,
  input: PickupRequest,
  idempotency: IdempotencyRequest | null,
  options: { now?: Date } = {},
): Promise<{ result: PickupRecorded; replayed: boolean }> {
  return pickUp(actor, eventSlug, input, options.now ?? new Date(), idempotency);
}

/** The stored answer keeps the handover only; the card (names, guardian's phone) is read again, not stored. */
async function replayPickup(event: DeskEvent, answer: StoredAnswer, now: Date): Promise<{ result: PickupRecorded; replayed: boolean }> {
  const { pickup } = answer.body as { pickup: PickupRecorded["pickup"] };
  const row = await findEntryRow(event.id, { kind: "registration", registrationId: pickup.registrationId });
  if (!row) throw new Error("An idempotency key's answer names an entry that does not exist");
  return { result: { pickup, runner: presentRunner(row, event, now) }, replayed: true };
}

async function pickUp(
  actor: Actor,
  eventSlug: string,
  input: PickupRequest,
  now: Date,
  idempotency: IdempotencyRequest | null,
): Promise<{ result: PickupRecorded; replayed: boolean }> {
  const event = await deskEventOrThrow(actor, eventSlug);
  const { key, desk } = parsePickupRequest(input);
  const method = methodOf(key);
  const scan = (row: RunnerRow | null, outcome: PickupOutcome): ScanFacts => ({ event, actor, method, desk, key, row, outcome, at: now });
  const { db, schema } = getConnection();
  // The answer a request with this key already got (422 when the key came with another request).
  const earlier = async () => (idempotency ? await findAnswer(db, idempotency, now) : null);

  const first = await earlier();
  if (first) return replayPickup(event, first, now);
  const row = await findEntryRow(event.id, key);
  if (!row) {
    await logScan(scan(null, "unknown"));
    throw unknownError(key);
  }
  const early = rowRefusal(row, now);
  if (early) {
    // Collected a moment ago by a request with this same key: that is this request's answer.
    const answered = early.code === "already_collected" ? await earlier() : null;
    if (answered) return replayPickup(event, answered, now);
    await logScan(scan(row, early.outcome));
    throw refusalError(early);
  }

  const r = schema.registrations;
  const pickupId = randomUUID();
  const recorded: PickupRecorded["pickup"] = { registrationId: row.id, at: now.toISOString(), desk };
  try {
    await withTransaction(async (tx) => {
      // The key's answer first: of two requests with one key, its unique index decides (the loser answers from the winner).
      if (idempotency) await saveAnswers(tx, [{ idempotency, status: 201, body: { pickup: recorded }, resourceId: row.id }], now);
      // The unique key on registration_id decides between desks (see the module comment).
      await tx.insert(schema.pickups).values({
        id: pickupId,
        eventId: event.id,
        registrationId: row.id,
        desk,
        byUserId: actor.kind === "user" ? actor.userId : null,
        byLabel: actor.label,
        at: now,
      });
      const changed = await tx
        .update(r)
        .set({ checkedInAt: now, updatedAt: now })
        .where(and(eq(r.id, row.id), eq(r.status, "confirmed")))
        .returning({ id: r.id });
      if (changed.length === 0) throw new EntryNoLongerConfirmed();
      await tx.insert(schema.pickupScans).values(scanValues(scan(row, "collected")));
      await recordAudit(tx, actor, { action: "registration.pickup", entityType: "registration", entityId: row.id, data: { pickupId, desk, method } }, now);
    });
  } catch (error) {
    const other = await answerAfterKeyRace(idempotency, error, now);
    if (other) return replayPickup(event, other, now);
    if (!(error instanceof EntryNoLongerConfirmed) && !isUniqueViolation(error)) throw error;
    // Another desk (or a cancellation) got there first: answer with what is true now.
    const current = await findEntryRow(event.id, { kind: "registration", registrationId: row.id });
    const late = current ? rowRefusal(current, now) : null;
    if (!current || !late) throw error;
    await logScan(scan(current, late.outcome));
    throw refusalError(late);
  }

  const runner = presentRunner({ ...row, pickupAt: now, pickupDesk: desk }, event, now);
  return { result: { pickup: recorded, runner }, replayed: false };
}

/**
 * The runner card for a code, bib or entry, and whether its packet may be handed over now: what a desk shows
 * before the handover. With a `desk`, a look-up that ends in a refusal (unknown code, not confirmed, already
 * collected) goes into the scan log like a refused handover; without one it only reads (scanner apps, the bench).
 * 404 not_found for an unknown code or bib. Allowed: the event's volunteers and organizers, and admins.
 */
export async function findForPickup(
  actor: Actor,
  eventSlug: string,
  input: { code?: string; bib?: string; registrationId?: string; desk?: string | null },
  options: { now?: Date } = {},
): Promise<PickupCheck> {
  const now = options.now ?? new Date();
  let parsed: ReturnType<typeof parsePickupLookup>;
  try {
    parsed = parsePickupLookup(input);
  } catch (error) {
    // A bad look-up is refused only after the event and the actor's access to it are checked (404, 403 first).
    await deskEventOrThrow(actor, eventSlug);
    throw error;
  }
  const { key, desk } = parsed;
  // The event, the actor's access and the entry in one query (the desk's hot path).
  const { event, row } = await deskEventAndEntry(actor, eventSlug, key);
  const facts = (outcome: PickupOutcome): ScanFacts => ({ event, actor, method: methodOf(key), desk: desk!, key, row, outcome, at: now });
  if (!row) {
    if (desk) await logScan(facts("unknown"));
    throw unknownError(key);
  }
  const refusal = rowRefusal(row, now);
  if (refusal && desk) await logScan(facts(refusal.outcome));
  return { runner: presentRunner(row, event, now), ready: refusal === null, refusal: refusal && { code: refusal.code, message: pickupRefusalMessage(refusal), details: refusal.details } };
}

/** The bench's and scanners' hot path: the card for a bib, read only (no scan log). */
export function findForPickupByBib(actor: Actor, eventSlug: string, bib: string): Promise<PickupCheck> {
  return findForPickup(actor, eventSlug, { bib });
}
