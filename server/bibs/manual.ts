/**
 * Bibs and waves set by hand (issue 4): an organizer gives an entry a bib (locked, so a batch re-run keeps it),
 * swaps two entries' bibs, or moves an entry to another wave. Each under the event's bib lock, audited.
 *
 * A bib in a reserved range or in another race's range is allowed here: reserved ranges exist for organizers to
 * give by hand. A bib held by another entry of the event is refused (409 bib_taken, naming that entry), unless the
 * event reuses bibs of cancelled entries and the holder is cancelled: then it moves, and the holder loses it.
 */
import { and, count, eq, ne } from "drizzle-orm";
import { z } from "zod";
import { bibInRanges } from "../../core/bib-assignment";
import { normalizeBib } from "../../core/bibs";
import { isUuid } from "../../core/path-segments";
import type { FieldIssue } from "../../core/validation";
import { fromZodIssues } from "../../core/validation";
import { getConnection, isUniqueViolation, withTransaction, type Database } from "../db";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { DomainError } from "../errors";
import { eventForEditor, type EventRow } from "../events/queries";
import { isReleasable, lockEventBibs } from "./shared";
import { first } from "../../core/lists";

export interface SetBibInput {
  /** 1–12 letters, digits or hyphens; numeric bibs are stored without leading zeros. Null takes the bib away. */
  bib: string | null;
  /** Locked bibs survive a batch re-run. */
  locked: boolean;
}

const setBibSchema = z.object({ bib: z.string().nullable(), locked: z.boolean() });

function invalid(issues: FieldIssue[]): DomainError {
  return new DomainError("validation_failed", "The input is not valid; see the fields.", issues);
}

/** Checks a `{ bib, locked }` body (the API's PUT …/bib): 422 validation_failed with fields otherwise. */
export function parseSetBibInput(input: unknown): SetBibInput {
  const parsed = setBibSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) throw invalid(fromZodIssues(parsed.error.issues));
  if (parsed.data.bib === null) return { bib: null, locked: parsed.data.locked };
  const bib = normalizeBib(parsed.data.bib);
  if (bib === null) throw invalid([{ path: "bib", key: "bibFormat" }]);
  return { bib, locked: parsed.data.locked };
}

async function entryOrThrow(tx: Database, eventId: string, registrationId: string) {
  const { schema } = getConnection();
  const r = schema.registrations;
  // Entry ids are UUIDs: anything else names no entry and is not looked up.
  const [entry] = isUuid(registrationId)
    ? await tx
        .select()
        .from(r)
        .where(and(eq(r.eventId, eventId), eq(r.id, registrationId)))
    : [];
  if (!entry) throw new DomainError("not_found", `No entry ${registrationId} in this event.`);
  return entry;
}

function bibTaken(bib: string, holderId: string): DomainError {
  return new DomainError("bib_taken", `Bib ${bib} is already given to entry ${holderId}.`, [{ path: "bib", key: "bibTaken", params: { registrationId: holderId } }], {
    registrationId: holderId,
  });
}

/**
 * Frees `bib` for `forId` within the transaction: nothing to do when no other entry holds it; taken off a
 * cancelled holder when the event reuses bibs; otherwise 409 bib_taken.
 */
async function claimBib(tx: Database, actor: Actor, event: EventRow, bib: string, forId: string, now: Date): Promise<void> {
  const { schema } = getConnection();
  const r = schema.registrations;
  const [holder] = await tx
    .select({ id: r.id, status: r.status })
    .from(r)
    .where(and(eq(r.eventId, event.id), eq(r.bib, bib), ne(r.id, forId)));
  if (!holder) return;
  if (!event.reuseCancelledBibs || !isReleasable(holder.status)) throw bibTaken(bib, holder.id);
  await tx.update(r).set({ bib: null, updatedAt: now }).where(eq(r.id, holder.id));
  await recordAudit(tx, actor, { action: "registration.bib_release", entityType: "registration", entityId: holder.id, data: { bib, givenTo: forId } }, now);
}

/**
 * Gives an entry a bib by hand (or takes it away with `bib: null`) and sets its lock. 409 bib_taken when another
 * entry of the event holds the bib; 422 for a malformed bib; 404 for an entry outside the event.
 */
export async function setBib(actor: Actor, eventSlug: string, registrationId: string, input: SetBibInput): Promise<void> {
  const { bib, locked } = parseSetBibInput(input);
  const event = await eventForEditor(actor, eventSlug);
  const { schema } = getConnection();
  const r = schema.registrations;
  const now = new Date();
  try {
    await withTransaction(async (tx) => {
      await lockEventBibs(tx, event.id);
      const entry = await entryOrThrow(tx, event.id, registrationId);
      if (bib !== null && bib !== entry.bib) await claimBib(tx, actor, event, bib, entry.id, now);
      if (bib === entry.bib && locked === entry.bibLocked) return;
      await tx.update(r).set({ bib, bibLocked: locked, updatedAt: now }).where(eq(r.id, entry.id));
      const note = bib === null ? {} : await whereBibBelongs(tx, event.id, entry.raceId, bib);
      await recordAudit(tx, actor, { action: "registration.set_bib", entityType: "registration", entityId: entry.id, data: { from: entry.bib, to: bib, locked, ...note } }, now);
    });
  } catch (error) {
    // The unique index (event, bib) is the last word; the lock makes this a formality.
    if (isUniqueViolation(error) && bib !== null) {
      const [holder] = await getConnection()
        .db.select({ id: r.id })
        .from(r)
        .where(and(eq(r.eventId, event.id), eq(r.bib, bib)));
      if (holder) throw bibTaken(bib, holder.id);
    }
    throw error;
  }
}

/** For the audit: a hand-set bib outside the entry's own open ranges (reserved, or another race's). */
async function whereBibBelongs(tx: Database, eventId: string, raceId: string, bib: string): Promise<Record<string, unknown>> {
  const { schema } = getConnection();
  const races = await tx.select({ id: schema.races.id, slug: schema.races.slug, bibRanges: schema.races.bibRanges }).from(schema.races).where(eq(schema.races.eventId, eventId));
  const own = races.find((x) => x.id === raceId);
  if (own && bibInRanges(bib, own.bibRanges, { includeReserved: false })) return {};
  if (own && bibInRanges(bib, own.bibRanges, { includeReserved: true })) return { reservedRange: true };
  const other = races.find((x) => x.id !== raceId && bibInRanges(bib, x.bibRanges, { includeReserved: true }));
  return other ? { rangeOfRace: other.slug } : { outsideRanges: true };
}

/** Swaps the bibs of two entries of the event; both end locked. */
export async function swapBibs(actor: Actor, eventSlug: string, registrationIdA: string, registrationIdB: string): Promise<void> {
  if (registrationIdA === registrationIdB) throw invalid([{ path: "registrationIdB", key: "sameEntry" }]);
  const event = await eventForEditor(actor, eventSlug);
  const { schema } = getConnection();
  const r = schema.registrations;
  const now = new Date();
  await withTransaction(async (tx) => {
    await lockEventBibs(tx, event.id);
    const a = await entryOrThrow(tx, event.id, registrationIdA);
    const b = await entryOrThrow(tx, event.id, registrationIdB);
    // Through null, so the unique index (event, bib) never sees one bib twice.
    await tx.update(r).set({ bib: null, updatedAt: now }).where(eq(r.id, a.id));
    await tx.update(r).set({ bib: a.bib, bibLocked: true, updatedAt: now }).where(eq(r.id, b.id));
    await tx.update(r).set({ bib: b.bib, bibLocked: true, updatedAt: now }).where(eq(r.id, a.id));
    await recordAudit(tx, actor, { action: "registration.swap_bib", entityType: "registration", entityId: a.id, data: { from: a.bib, to: b.bib, with: b.id } }, now);
    await recordAudit(tx, actor, { action: "registration.swap_bib", entityType: "registration", entityId: b.id, data: { from: b.bib, to: a.bib, with: a.id } }, now);
  });
}

/**
 * Moves an entry to a wave of its race by hand (null: no wave). The wave may already be full: the organizer
 * decides, and the audit says so.
 */
export async function setWave(actor: Actor, eventSlug: string, registrationId: string, waveId: string | null): Promise<void> {
  const event = await eventForEditor(actor, eventSlug);
  const { schema } = getConnection();
  const r = schema.registrations;
  const now = new Date();
  await withTransaction(async (tx) => {
    await lockEventBibs(tx, event.id);
    const entry = await entryOrThrow(tx, event.id, registrationId);
    if (entry.waveId === waveId) return;
    let data: Record<string, unknown> = { from: entry.waveId, to: waveId };
    if (waveId !== null) {
      const [wave] = isUuid(waveId)
        ? await tx
            .select()
            .from(schema.waves)
            .where(and(eq(schema.waves.id, waveId), eq(schema.waves.raceId, entry.raceId)))
        : [];
      if (!wave) throw invalid([{ path: "waveId", key: "waveNotInRace" }]);
      const held = first(await tx
        .select({ n: count() })
        .from(r)
        .where(and(eq(r.waveId, wave.id), eq(r.status, "confirmed"), ne(r.id, entry.id))));
      const overMaxSize = wave.maxSize !== null && held.n >= wave.maxSize;
      data = { ...data, wave: wave.name, runnersBefore: held.n, maxSize: wave.maxSize, overMaxSize };
    }
    await tx.update(r).set({ waveId, updatedAt: now }).where(eq(r.id, entry.id));
    await recordAudit(tx, actor, { action: "registration.set_wave", entityType: "registration", entityId: entry.id, data }, now);
  });
}
