/**
 * The batch bib assignment of one race (issue 4, "Bibs"): load the race's confirmed entries and the bibs taken
 * elsewhere in the event, place entries without a wave (core/waves), ask core/bib-assignment for the proposal,
 * and either show it (proposeBibs) or apply it in one transaction under the event's bib lock (applyBibs), then
 * tell each runner whose bib or wave changed by email (notify.ts: the transaction marks them, so a crash before
 * the emails are queued loses none).
 *
 * Entries that already have a wave keep it (it may have been set by hand); only entries without one are placed.
 * On a `batch` race, unlocked entries are renumbered from the lowest free number; locked ones keep their bib. On an
 * `on_confirmation` race every bib already given stays as if locked (the runner was told it in the confirmation):
 * the batch only gives bibs to entries without one. A packet already collected keeps its bib on any race. When the event reuses bibs of cancelled entries, such a bib
 * given again is taken off the old entry in the same transaction.
 */
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { proposeBibAssignment, type BibEntry } from "../../core/bib-assignment";
import { placeRunnersInWaves } from "../../core/waves";
import { isSlug } from "../../core/event-input";
import { getConnection, withTransaction, type Database } from "../db";
import type { Actor } from "../actor";
import type { AuditEntry } from "../audit/record-audit";
import { recordAudit, recordAuditMany } from "../audit/record-audit";
import { deliverOutboxSoon } from "../email/outbox";
import { DomainError } from "../errors";
import { eventForEditor, type EventRow, type RaceRow, type WaveRow } from "../events/queries";
import { errorKind } from "../log-safe";
import { queueBibEmails } from "./notify";
import { nameWithLatin } from "../../core/names";
import { isReleasable, lockEventBibs, setRegistrationColumn, updateEntries, type EntryUpdate } from "./shared";
import { lookup } from "../../core/lists";

export interface BibProposalView {
  /** The race's slug. */
  race: string;
  /**
   * Every unlocked confirmed entry that gets a bib, in bib order (also those whose bib stays the same). On an
   * on_confirmation race, only entries that had no bib.
   */
  assignments: { registrationId: string; bib: string; previousBib: string | null; wave: string | null; name: string }[];
  /** Locked entries (on an on_confirmation race also every entry that had a bib): they keep their bib. */
  kept: number;
  /** Entries left without a bib because the race's ranges ran out. */
  withoutBib: { registrationId: string; name: string }[];
  /** Confirmed entries of the race. */
  total: number;
}

interface RaceContext {
  event: EventRow;
  race: RaceRow;
}

/** The event and race by slug (404 otherwise), after checking that the actor may edit the event. */
export async function raceForBibs(actor: Actor, eventSlug: string, raceSlug: string): Promise<RaceContext> {
  const { db, schema } = getConnection();
  const event = await eventForEditor(actor, eventSlug);
  const [race] = !isSlug(raceSlug)
    ? []
    : await db
        .select()
        .from(schema.races)
        .where(and(eq(schema.races.eventId, event.id), eq(schema.races.slug, raceSlug)));
  if (!race) throw new DomainError("not_found", `No race "${raceSlug}" in event "${eventSlug}".`);
  return { event, race };
}

interface Computed {
  view: BibProposalView;
  /** Wave given to entries that had none. */
  placements: { id: string; waveId: string }[];
  /** Entries whose bib changes (new bib, or none when the ranges ran out). */
  bibChanges: { id: string; from: string | null; to: string | null }[];
  /** Bibs given again, by the entry (cancelled, reuse on) that holds them now. */
  releases: { holderId: string; bib: string; toId: string }[];
}

/** Works out the proposal from what `db` sees (inside the apply transaction: under the event's bib lock). */
async function computeProposal(db: Database, { event, race }: RaceContext): Promise<Computed> {
  const { schema } = getConnection();
  const r = schema.registrations;
  // One query after another: inside the apply transaction they share one connection.
  const waves = await db.select().from(schema.waves).where(eq(schema.waves.raceId, race.id));
  const entries = await db
    .select({
      id: r.id,
      familyName: r.familyName,
      givenName: r.givenName,
      latinName: r.latinName,
      predictedFinishSeconds: r.predictedFinishSeconds,
      bib: r.bib,
      bibLocked: r.bibLocked,
      waveId: r.waveId,
      checkedInAt: r.checkedInAt,
    })
    .from(r)
    .where(and(eq(r.raceId, race.id), eq(r.status, "confirmed")));
  const used = await db
    .select({ id: r.id, bib: r.bib, status: r.status })
    .from(r)
    .where(and(eq(r.eventId, event.id), isNotNull(r.bib)));

  // Waves: entries without one are placed after those already in a wave.
  const waveById = new Map<string, WaveRow>(waves.map((w) => [w.id, w]));
  const counts = new Map<string, number>();
  for (const e of entries) if (e.waveId && waveById.has(e.waveId)) counts.set(e.waveId, (counts.get(e.waveId) ?? 0) + 1);
  const unplaced = entries.filter((e) => !e.waveId || !waveById.has(e.waveId));
  const placed = placeRunnersInWaves(waves, unplaced.map((e) => ({ id: e.id, predictedFinishSeconds: e.predictedFinishSeconds })), counts);
  const waveOf = new Map(entries.map((e) => [e.id, e.waveId && waveById.has(e.waveId) ? e.waveId : (placed.get(e.id) ?? null)]));

  // Bibs taken outside this race's confirmed entries; with reuse on, those of cancelled entries are free.
  const inBatch = new Set(entries.map((e) => e.id));
  const unavailable: string[] = [];
  const releasable = new Map<string, string>();
  for (const u of used) {
    if (inBatch.has(u.id)) continue;
    if (event.reuseCancelledBibs && isReleasable(u.status)) releasable.set(u.bib!, u.id);
    else unavailable.push(u.bib!);
  }

  // On an on_confirmation race a bib once given is never renumbered: the runner has it in their confirmation.
  // Nor is the bib of a packet already collected, on any race: the runner holds it printed.
  const keepGiven = race.bibStrategy === "on_confirmation";
  const bibEntries: BibEntry[] = entries.map((e) => ({
    registrationId: e.id,
    wavePosition: waveById.get(waveOf.get(e.id) ?? "")?.position ?? null,
    predictedFinishSeconds: e.predictedFinishSeconds,
    familyName: e.familyName,
    givenName: e.givenName,
    bib: e.bib,
    locked: e.bibLocked || (e.bib !== null && (keepGiven || e.checkedInAt !== null)),
  }));
  const proposal = proposeBibAssignment({ ranges: race.bibRanges, unavailable, entries: bibEntries });

  const byId = new Map(entries.map((e) => [e.id, e]));
  const waveName = (id: string | null) => (id ? (waveById.get(id)?.name ?? null) : null);
  const bibChanges: Computed["bibChanges"] = [];
  const releases: Computed["releases"] = [];
  const newBib = new Map<string, string | null>();
  for (const a of proposal.assignments) {
    newBib.set(a.registrationId, a.bib);
    if (a.bib === a.previousBib) continue;
    bibChanges.push({ id: a.registrationId, from: a.previousBib, to: a.bib });
    const holder = releasable.get(a.bib);
    if (holder) releases.push({ holderId: holder, bib: a.bib, toId: a.registrationId });
  }
  for (const id of proposal.withoutBib) {
    newBib.set(id, null);
    const from = lookup(byId, id).bib;
    if (from !== null) bibChanges.push({ id, from, to: null });
  }
  const placements = [...placed].filter((p): p is [string, string] => p[1] !== null).map(([id, waveId]) => ({ id, waveId }));

  return {
    view: {
      race: race.slug,
      assignments: proposal.assignments.map((a) => {
        const e = lookup(byId, a.registrationId);
        return { registrationId: a.registrationId, bib: a.bib, previousBib: a.previousBib, wave: waveName(waveOf.get(a.registrationId) ?? null), name: nameWithLatin(e) };
      }),
      kept: proposal.kept.length,
      withoutBib: proposal.withoutBib.map((id) => ({ registrationId: id, name: nameWithLatin(lookup(byId, id)) })),
      total: entries.length,
    },
    placements,
    bibChanges,
    releases,
  };
}

/** The proposal for a race, changing nothing (the organizer's preview). Organizers of the event and admins. */
export async function proposeBibs(actor: Actor, eventSlug: string, raceSlug: string): Promise<BibProposalView> {
  const context = await raceForBibs(actor, eventSlug, raceSlug);
  return (await computeProposal(getConnection().db, context)).view;
}

/**
 * Recomputes the proposal and applies it in one transaction under the event's bib lock: waves for entries without
 * one, then the bibs (cleared first, then set, so numbers can move between entries without breaking the unique
 * index). Each change is in the audit log, and each changed entry is marked for its email. After commit, each
 * order whose runners' bib or wave changed gets one email in its language. Returns the applied proposal.
 */
export async function applyBibs(actor: Actor, eventSlug: string, raceSlug: string): Promise<BibProposalView> {
  const applied = await applyBibProposal(actor, eventSlug, raceSlug);
  await notifyBibChanges(applied);
  return applied.view;
}

export interface AppliedBibs {
  view: BibProposalView;
  event: EventRow;
  /** Entries whose bib or wave changed (each marked for its email). */
  changed: number;
  at: Date;
}

/** applyBibs' transaction alone (the benchmark times it apart from the emails). */
export async function applyBibProposal(actor: Actor, eventSlug: string, raceSlug: string): Promise<AppliedBibs> {
  const context = await raceForBibs(actor, eventSlug, raceSlug);
  const now = new Date();
  const computed = await withTransaction(async (tx) => {
    await lockEventBibs(tx, context.event.id);
    const c = await computeProposal(tx, context);
    await writeProposal(tx, actor, context, c, now);
    return c;
  });
  const changed = new Set([...computed.placements.map((p) => p.id), ...computed.bibChanges.map((b) => b.id)]).size;
  return { view: computed.view, event: context.event, changed, at: now };
}

/**
 * After commit: one email per order whose runners' bib or wave changed, then delivery. The bibs are applied by
 * now, so a failure here is logged, not thrown: the marked entries are emailed by the next sweep.
 */
export async function notifyBibChanges(applied: AppliedBibs): Promise<void> {
  if (applied.changed === 0) return;
  try {
    await queueBibEmails(applied.at, { eventId: applied.event.id });
  } catch (error) {
    console.error(`[bibs] queuing the bib emails failed (the sweep retries): ${errorKind(error)}`);
  }
  deliverOutboxSoon();
}

async function writeProposal(tx: Database, actor: Actor, { event, race }: RaceContext, c: Computed, now: Date): Promise<void> {
  const { schema } = getConnection();
  const r = schema.registrations;
  const audit: AuditEntry[] = [];
  for (const rel of c.releases) {
    await tx
      .update(r)
      .set({ bib: null, updatedAt: now })
      .where(and(eq(r.id, rel.holderId), eq(r.bib, rel.bib)));
    audit.push({ action: "registration.bib_release", entityType: "registration", entityId: rel.holderId, data: { bib: rel.bib, givenTo: rel.toId } });
  }
  // An entry whose current bib goes to another entry gives it up first, so the unique index (event, bib) never sees
  // one bib twice while the new bibs are written.
  const wanted = new Set(c.bibChanges.map((b) => b.to));
  const giving = c.bibChanges.filter((b) => b.from !== null && wanted.has(b.from));
  await setRegistrationColumn(tx, "bib", giving.map((b) => ({ id: b.id, value: null })), now);

  // Then each entry's new wave and bib in one write, and one audit row for it.
  const updates = new Map<string, EntryUpdate>();
  for (const p of c.placements) updates.set(p.id, { id: p.id, waveId: p.waveId, setBib: false, bib: null });
  for (const b of c.bibChanges) updates.set(b.id, { id: b.id, waveId: updates.get(b.id)?.waveId ?? null, setBib: true, bib: b.to });
  await updateEntries(tx, [...updates.values()], now);
  const from = new Map(c.bibChanges.map((b) => [b.id, b.from]));
  for (const u of updates.values()) {
    const wave = u.waveId ? { waveId: u.waveId } : {};
    audit.push(
      u.setBib
        ? { action: "registration.bib_assign", entityType: "registration", entityId: u.id, data: { from: from.get(u.id) ?? null, to: u.bib, ...wave, source: "batch" } }
        : { action: "registration.wave_assign", entityType: "registration", entityId: u.id, data: { ...wave, source: "batch" } },
    );
  }
  await recordAuditMany(tx, actor, audit, now);
  await recordAudit(
    tx,
    actor,
    {
      action: "race.bibs_apply",
      entityType: "race",
      entityId: race.id,
      data: {
        eventId: event.id,
        total: c.view.total,
        assigned: c.view.assignments.length,
        changed: c.bibChanges.length,
        wavesPlaced: c.placements.length,
        kept: c.view.kept,
        withoutBib: c.view.withoutBib.length,
      },
    },
    now,
  );
}

/** Per race of an event: confirmed entries, how many have a bib, how many have none (for the organizers' pages). */
export async function bibCounts(actor: Actor, eventSlug: string): Promise<{ race: string; confirmed: number; withBib: number; withoutBib: number; withoutWave: number }[]> {
  const { db, schema } = getConnection();
  const event = await eventForEditor(actor, eventSlug);
  const r = schema.registrations;
  const rows = await db
    .select({
      race: schema.races.slug,
      position: schema.races.position,
      confirmed: sql<number>`count(${r.id})`.mapWith(Number),
      withBib: sql<number>`count(${r.bib})`.mapWith(Number),
      withWave: sql<number>`count(${r.waveId})`.mapWith(Number),
    })
    .from(schema.races)
    .leftJoin(r, and(eq(r.raceId, schema.races.id), eq(r.status, "confirmed")))
    .where(eq(schema.races.eventId, event.id))
    .groupBy(schema.races.slug, schema.races.position)
    .orderBy(schema.races.position);
  return rows.map((row) => ({ race: row.race, confirmed: row.confirmed, withBib: row.withBib, withoutBib: row.confirmed - row.withBib, withoutWave: row.confirmed - row.withWave }));
}
