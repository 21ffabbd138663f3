/**
 * What an entry gets the moment it is confirmed (called by confirmOrderInTx, inside the payment's transaction):
 * a start wave from its predicted finish time (core/waves), and, when its race's strategy is `on_confirmation`,
 * the lowest free bib of the race's non-reserved ranges (core/bib-assignment). Races with the `batch` strategy get
 * their bibs from an organizer's batch later.
 *
 * Under the event's bib lock, so confirmations racing in several processes never give one bib twice or overfill a
 * wave. A race whose ranges have run out leaves the entry confirmed without a bib (audited; the organizers see it
 * in the batch proposal's withoutBib and in bibCounts), never a failed payment.
 */
import { and, asc, count, eq, inArray, isNotNull } from "drizzle-orm";
import { nextFreeBib } from "../../core/bib-assignment";
import { placeRunnersInWaves } from "../../core/waves";
import { getConnection, type Database } from "../db";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { isReleasable, lockEventBibs } from "./shared";
import { lookup } from "../../core/lists";

const CONFIRMATION_ACTOR: Actor = { kind: "system", label: "confirmation" };

export interface ConfirmationPlacement {
  registrationId: string;
  bib: string | null;
  waveId: string | null;
}

export async function assignOnConfirmationInTx(tx: Database, registrationIds: string[], now: Date): Promise<ConfirmationPlacement[]> {
  if (registrationIds.length === 0) return [];
  const { schema } = getConnection();
  const r = schema.registrations;
  const entries = await tx
    .select({ id: r.id, eventId: r.eventId, raceId: r.raceId, predictedFinishSeconds: r.predictedFinishSeconds, bib: r.bib, waveId: r.waveId })
    .from(r)
    .where(and(inArray(r.id, registrationIds), eq(r.status, "confirmed")))
    .orderBy(asc(r.createdAt), asc(r.id));
  if (entries.length === 0) return [];
  const eventIds = [...new Set(entries.map((e) => e.eventId))].sort();
  for (const id of eventIds) await lockEventBibs(tx, id);

  const raceIds = [...new Set(entries.map((e) => e.raceId))];
  // One query after another: a transaction has one connection.
  const races = await tx.select().from(schema.races).where(inArray(schema.races.id, raceIds));
  const waves = await tx.select().from(schema.waves).where(inArray(schema.waves.raceId, raceIds));
  const events = await tx
    .select({ id: schema.events.id, reuseCancelledBibs: schema.events.reuseCancelledBibs })
    .from(schema.events)
    .where(inArray(schema.events.id, eventIds));
  const raceById = new Map(races.map((x) => [x.id, x]));
  const result = new Map(entries.map((e) => [e.id, { registrationId: e.id, bib: e.bib, waveId: e.waveId } as ConfirmationPlacement]));
  const audit = new Map<string, Record<string, unknown>>();

  // Waves, counting the runners each already holds.
  const unplaced = entries.filter((e) => e.waveId === null && waves.some((w) => w.raceId === e.raceId));
  if (unplaced.length > 0) {
    const held = await tx
      .select({ waveId: r.waveId, n: count() })
      .from(r)
      .where(and(inArray(r.raceId, raceIds), eq(r.status, "confirmed"), isNotNull(r.waveId)))
      .groupBy(r.waveId);
    const counts = new Map(held.map((h) => [h.waveId!, h.n]));
    for (const raceId of raceIds) {
      const raceWaves = waves.filter((w) => w.raceId === raceId);
      const runners = unplaced.filter((e) => e.raceId === raceId).map((e) => ({ id: e.id, predictedFinishSeconds: e.predictedFinishSeconds }));
      if (runners.length === 0) continue;
      for (const [id, waveId] of placeRunnersInWaves(raceWaves, runners, counts)) {
        if (waveId === null) continue;
        await tx.update(r).set({ waveId, updatedAt: now }).where(eq(r.id, id));
        lookup(result, id).waveId = waveId;
        audit.set(id, { waveId, wave: raceWaves.find((w) => w.id === waveId)?.name });
      }
    }
  }

  // Bibs for races that give them on confirmation.
  for (const event of events) {
    const wanting = entries.filter((e) => {
      const race = lookup(raceById, e.raceId);
      return e.eventId === event.id && e.bib === null && race.bibStrategy === "on_confirmation" && race.bibRanges.some((x) => !x.reserved);
    });
    if (wanting.length === 0) continue;
    const used = await tx
      .select({ id: r.id, bib: r.bib, status: r.status })
      .from(r)
      .where(and(eq(r.eventId, event.id), isNotNull(r.bib)));
    const unavailable = new Set<string>();
    const releasable = new Map<string, string>();
    for (const u of used) {
      if (event.reuseCancelledBibs && isReleasable(u.status)) releasable.set(u.bib!, u.id);
      else unavailable.add(u.bib!);
    }
    for (const entry of wanting) {
      const bib = nextFreeBib(lookup(raceById, entry.raceId).bibRanges, unavailable);
      if (bib === null) {
        audit.set(entry.id, { ...audit.get(entry.id), bib: null, bibsExhausted: true });
        continue;
      }
      const holder = releasable.get(bib);
      if (holder) {
        await tx.update(r).set({ bib: null, updatedAt: now }).where(and(eq(r.id, holder), eq(r.bib, bib)));
        await recordAudit(tx, CONFIRMATION_ACTOR, { action: "registration.bib_release", entityType: "registration", entityId: holder, data: { bib, givenTo: entry.id } }, now);
        releasable.delete(bib);
      }
      await tx.update(r).set({ bib, updatedAt: now }).where(eq(r.id, entry.id));
      unavailable.add(bib);
      lookup(result, entry.id).bib = bib;
      audit.set(entry.id, { ...audit.get(entry.id), bib });
    }
  }

  for (const [id, data] of audit) {
    await recordAudit(tx, CONFIRMATION_ACTOR, { action: "registration.assign_on_confirmation", entityType: "registration", entityId: id, data }, now);
  }
  return [...result.values()];
}
