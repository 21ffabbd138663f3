/**
 * Every change to an event or a race: validate, authorize, then one write transaction that re-checks what the
 * database must guarantee (unique slugs, bib ranges that overlap nowhere in the event) and writes the audit log.
 */
import { randomUUID } from "node:crypto";
import { and, eq, ne } from "drizzle-orm";
import {
  bibRangeConflicts,
  parseEventFields,
  parseEventInput,
  parseRaceInput,
  type NormalizedEvent,
  type NormalizedRace,
  type NormalizedWave,
} from "../../core/event-input";
import type { FieldIssue } from "../../core/validation";
import { getConnection, isUniqueViolation, withTransaction, type Database } from "../db";
import type { EventStatus } from "../../core/domain";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { requireEventCreator, requireEventEditor } from "../auth/policy";
import { DomainError } from "../errors";
import { invalidatePublicEvents } from "./public-cache";
import { findEventBySlug, getEventWithRaces, type EventRow, type RaceRow, type RaceWithWaves } from "./queries";
import { first, present } from "../../core/lists";

function invalid(issues: FieldIssue[]): DomainError {
  return new DomainError("validation_failed", "The input is not valid; see the fields.", issues);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

async function eventOrThrow(slug: string): Promise<EventRow> {
  const event = await findEventBySlug(slug);
  if (!event) throw new DomainError("not_found", `No event "${slug}".`);
  return event;
}

async function insertRace(tx: Database, eventId: string, race: NormalizedRace, position: number, now: Date): Promise<string> {
  const { schema } = getConnection();
  const { waves, ...fields } = race;
  const id = randomUUID();
  await tx.insert(schema.races).values({ id, eventId, ...fields, position, createdAt: now, updatedAt: now });
  if (waves.length > 0) {
    await tx.insert(schema.waves).values(waves.map((w, i) => ({ id: randomUUID(), raceId: id, ...w, position: i })));
  }
  return id;
}

/** Throws 409 bib_ranges_overlap when `candidates` overlap each other or another race of the event. */
async function assertBibRangesFree(
  tx: Database,
  eventId: string,
  candidates: { race: string; prefix: string; ranges: NormalizedRace["bibRanges"] }[],
  exceptRaceId?: string,
): Promise<void> {
  const { schema } = getConnection();
  const others = await tx
    .select({ slug: schema.races.slug, bibRanges: schema.races.bibRanges })
    .from(schema.races)
    .where(exceptRaceId ? and(eq(schema.races.eventId, eventId), ne(schema.races.id, exceptRaceId)) : eq(schema.races.eventId, eventId));
  const conflicts = bibRangeConflicts(
    candidates,
    others.map((o) => ({ race: o.slug, ranges: o.bibRanges })),
  );
  if (conflicts.length > 0) throw new DomainError("bib_ranges_overlap", "Bib ranges overlap within the event.", conflicts);
}

/** Creates an event with its races. An organizer who creates an event becomes its organizer. */
export async function createEvent(actor: Actor, input: unknown): Promise<EventRow> {
  requireEventCreator(actor);
  const parsed = parseEventInput(input);
  if (!parsed.ok) throw invalid(parsed.issues);
  const { event, races } = parsed.value;
  const { schema } = getConnection();
  const now = new Date();
  const id = randomUUID();
  try {
    await withTransaction(async (tx) => {
      await getConnection().lockKeys(tx, [`event-slug:${event.slug}`]);
      const [taken] = await tx.select({ id: schema.events.id }).from(schema.events).where(eq(schema.events.slug, event.slug));
      if (taken) throw new DomainError("duplicate_slug", `The event slug "${event.slug}" is taken.`, [{ path: "slug", key: "slugTaken" }]);
      const conflicts = bibRangeConflicts(
        races.map((r, i) => ({ race: r.slug, prefix: `races.${i}`, ranges: r.bibRanges })),
        [],
      );
      if (conflicts.length > 0) throw new DomainError("bib_ranges_overlap", "Bib ranges overlap within the event.", conflicts);

      await tx.insert(schema.events).values({ id, ...event, createdAt: now, updatedAt: now });
      await recordAudit(tx, actor, { action: "event.create", entityType: "event", entityId: id, data: { ...event } }, now);
      for (const [i, race] of races.entries()) {
        const raceId = await insertRace(tx, id, race, i, now);
        await recordAudit(tx, actor, { action: "race.create", entityType: "race", entityId: raceId, data: { eventId: id, ...race } }, now);
      }
      if (actor.kind === "user" && actor.role === "organizer") {
        await tx.insert(schema.eventRoles).values({ userId: actor.userId, eventId: id, role: "organizer", createdAt: now });
      }
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("duplicate_slug", `The event slug "${event.slug}" is taken.`, [{ path: "slug", key: "slugTaken" }]);
    throw error;
  }
  invalidatePublicEvents();
  return present(await findEventBySlug(event.slug), "the event just written");
}

function eventAsInput(e: EventRow) {
  return {
    slug: e.slug,
    name: { en: e.nameEn, zh: e.nameZh },
    date: e.date,
    timezone: e.timezone,
    venue: { en: e.venueEn, zh: e.venueZh },
    city: { en: e.cityEn, zh: e.cityZh },
    description: { en: e.descriptionEn, zh: e.descriptionZh },
    status: e.status,
    registrationOpensAt: e.registrationOpensAt?.toISOString() ?? null,
    registrationClosesAt: e.registrationClosesAt?.toISOString() ?? null,
    holdMinutes: e.holdMinutes,
    refundPolicy: e.refundPolicy,
    reuseCancelledBibs: e.reuseCancelledBibs,
  };
}

function raceAsInput(r: RaceWithWaves) {
  return {
    slug: r.slug,
    name: { en: r.nameEn, zh: r.nameZh },
    distanceMeters: r.distanceMeters,
    capacity: r.capacity,
    currency: r.currency,
    priceTiers: r.priceTiers,
    minAge: r.minAge,
    maxAge: r.maxAge,
    startTime: r.startTime.toISOString(),
    rankBy: r.rankBy,
    bibStrategy: r.bibStrategy,
    ageGroupBounds: r.ageGroupBounds,
    bibRanges: r.bibRanges,
    waves: r.waves.map(waveAsInput),
  };
}

function waveAsInput(w: Pick<NormalizedWave, "name" | "startTime" | "minPredictedSeconds" | "maxPredictedSeconds" | "maxSize">) {
  return {
    name: w.name,
    startTime: w.startTime.toISOString(),
    minPredictedSeconds: w.minPredictedSeconds,
    maxPredictedSeconds: w.maxPredictedSeconds,
    maxSize: w.maxSize,
  };
}

/** A patch merged over stored values; localized objects merge key by key (`{ name: { en } }` keeps `zh`). */
function mergePatch(stored: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...stored };
  for (const [key, value] of Object.entries(patch)) {
    const old = stored[key];
    merged[key] = isPlainObject(old) && isPlainObject(value) ? { ...old, ...value } : value;
  }
  return merged;
}

function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = { from: before[key] ?? null, to: after[key] };
  }
  return changes;
}

function requireObject(patch: unknown): Record<string, unknown> {
  if (!isPlainObject(patch)) throw invalid([{ path: "", key: "objectExpected" }]);
  return patch;
}

/** Changes an event's own fields (not its races). Returns the event as stored afterwards. */
export async function updateEvent(actor: Actor, slug: string, patch: unknown): Promise<EventRow> {
  const event = await eventOrThrow(slug);
  await requireEventEditor(actor, event.id);
  const body = requireObject(patch);
  if ("races" in body) throw invalid([{ path: "races", key: "racesSeparately" }]);
  const parsed = parseEventFields(mergePatch(eventAsInput(event), body));
  if (!parsed.ok) throw invalid(parsed.issues);
  const next: NormalizedEvent = parsed.value;
  const { schema } = getConnection();
  const now = new Date();
  try {
    await withTransaction(async (tx) => {
      await getConnection().lockKeys(tx, [`event:${event.id}`, `event-slug:${next.slug}`]);
      const [current] = await tx.select().from(schema.events).where(eq(schema.events.id, event.id));
      if (!current) throw new DomainError("not_found", `No event "${slug}".`);
      if (next.slug !== current.slug) {
        const [taken] = await tx.select({ id: schema.events.id }).from(schema.events).where(eq(schema.events.slug, next.slug));
        if (taken) throw new DomainError("duplicate_slug", `The event slug "${next.slug}" is taken.`, [{ path: "slug", key: "slugTaken" }]);
      }
      const changes = changedFields(current as unknown as Record<string, unknown>, next as unknown as Record<string, unknown>);
      if (Object.keys(changes).length === 0) return;
      await tx.update(schema.events).set({ ...next, updatedAt: now }).where(eq(schema.events.id, event.id));
      const action = "status" in changes ? `event.${next.status === "published" ? "publish" : next.status === "draft" ? "unpublish" : "close"}` : "event.update";
      await recordAudit(tx, actor, { action, entityType: "event", entityId: event.id, data: { changes } }, now);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("duplicate_slug", `The event slug "${next.slug}" is taken.`, [{ path: "slug", key: "slugTaken" }]);
    throw error;
  }
  invalidatePublicEvents();
  return present(await findEventBySlug(next.slug), "the event just written");
}

export function setEventStatus(actor: Actor, slug: string, status: EventStatus): Promise<EventRow> {
  return updateEvent(actor, slug, { status });
}

/** Adds a race to an event. */
export async function addRace(actor: Actor, eventSlug: string, input: unknown): Promise<RaceRow> {
  const event = await eventOrThrow(eventSlug);
  await requireEventEditor(actor, event.id);
  const parsed = parseRaceInput(input, event.timezone);
  if (!parsed.ok) throw invalid(parsed.issues);
  const race = parsed.value;
  const { schema } = getConnection();
  const now = new Date();
  let raceId = "";
  try {
    await withTransaction(async (tx) => {
      await getConnection().lockKeys(tx, [`event:${event.id}`]);
      const existing = await tx.select({ slug: schema.races.slug, position: schema.races.position }).from(schema.races).where(eq(schema.races.eventId, event.id));
      if (existing.some((r) => r.slug === race.slug)) {
        throw new DomainError("duplicate_slug", `The race slug "${race.slug}" is taken in this event.`, [{ path: "slug", key: "slugTaken" }]);
      }
      await assertBibRangesFree(tx, event.id, [{ race: race.slug, prefix: "", ranges: race.bibRanges }]);
      const position = existing.reduce((m, r) => Math.max(m, r.position + 1), 0);
      raceId = await insertRace(tx, event.id, race, position, now);
      await recordAudit(tx, actor, { action: "race.create", entityType: "race", entityId: raceId, data: { eventId: event.id, ...race } }, now);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("duplicate_slug", `The race slug "${race.slug}" is taken in this event.`, [{ path: "slug", key: "slugTaken" }]);
    throw error;
  }
  const { db } = getConnection();
  const row = first(await db.select().from(schema.races).where(eq(schema.races.id, raceId)), "race");
  invalidatePublicEvents();
  return row;
}

/** Changes a race. `waves`, `bibRanges`, `priceTiers` and `ageGroupBounds` are replaced whole when given. */
export async function updateRace(actor: Actor, eventSlug: string, raceSlug: string, patch: unknown): Promise<RaceRow> {
  const event = await getEventWithRaces(eventSlug);
  if (!event) throw new DomainError("not_found", `No event "${eventSlug}".`);
  const stored = event.races.find((r) => r.slug === raceSlug);
  if (!stored) throw new DomainError("not_found", `No race "${raceSlug}" in event "${eventSlug}".`);
  await requireEventEditor(actor, event.id);
  const body = requireObject(patch);
  const base: Record<string, unknown> = raceAsInput(stored);
  if ("priceCents" in body && !("priceTiers" in body)) delete base.priceTiers;
  const parsed = parseRaceInput(mergePatch(base, body), event.timezone);
  if (!parsed.ok) throw invalid(parsed.issues);
  const { waves, ...fields } = parsed.value;
  const { schema } = getConnection();
  const now = new Date();
  try {
    await withTransaction(async (tx) => {
      await getConnection().lockKeys(tx, [`event:${event.id}`]);
      if (fields.slug !== stored.slug) {
        const [taken] = await tx
          .select({ id: schema.races.id })
          .from(schema.races)
          .where(and(eq(schema.races.eventId, event.id), eq(schema.races.slug, fields.slug)));
        if (taken) throw new DomainError("duplicate_slug", `The race slug "${fields.slug}" is taken in this event.`, [{ path: "slug", key: "slugTaken" }]);
      }
      await assertBibRangesFree(tx, event.id, [{ race: fields.slug, prefix: "", ranges: fields.bibRanges }], stored.id);
      const before = { ...raceAsInput(stored) } as Record<string, unknown>;
      const after = { ...fields, startTime: fields.startTime.toISOString(), waves: waves.map(waveAsInput) };
      const changes = changedFields(
        { ...before, name: undefined, nameEn: stored.nameEn, nameZh: stored.nameZh },
        after as unknown as Record<string, unknown>,
      );
      if (Object.keys(changes).length === 0) return;
      await tx.update(schema.races).set({ ...fields, updatedAt: now }).where(eq(schema.races.id, stored.id));
      if ("waves" in changes) await replaceWaves(tx, stored, waves);
      await recordAudit(tx, actor, { action: "race.update", entityType: "race", entityId: stored.id, data: { eventId: event.id, changes } }, now);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("duplicate_slug", `The race slug "${fields.slug}" is taken in this event.`, [{ path: "slug", key: "slugTaken" }]);
    throw error;
  }
  const { db } = getConnection();
  const row = first(await db.select().from(schema.races).where(eq(schema.races.id, stored.id)), "race");
  invalidatePublicEvents();
  return row;
}

/**
 * Waves keep their id when their name stays (entries point at waves); others are added or removed. Entries of a
 * removed wave are left without a wave (the next bib batch, or the organizer, places them again).
 */
async function replaceWaves(tx: Database, race: RaceWithWaves, waves: NormalizedRace["waves"]): Promise<void> {
  const { schema } = getConnection();
  const byName = new Map(race.waves.map((w) => [w.name, w]));
  const keep = new Set(waves.map((w) => w.name));
  for (const old of race.waves) {
    if (keep.has(old.name)) continue;
    await tx.update(schema.registrations).set({ waveId: null }).where(eq(schema.registrations.waveId, old.id));
    await tx.delete(schema.waves).where(eq(schema.waves.id, old.id));
  }
  for (const [i, w] of waves.entries()) {
    const old = byName.get(w.name);
    if (old) await tx.update(schema.waves).set({ ...w, position: i }).where(eq(schema.waves.id, old.id));
    else await tx.insert(schema.waves).values({ id: randomUUID(), raceId: race.id, ...w, position: i });
  }
}
