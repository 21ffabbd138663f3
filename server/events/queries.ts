/** Reads of events and races shared by the public pages, the admin and the API. */
import { asc, eq, inArray, desc } from "drizzle-orm";
import { isSlug } from "../../core/event-input";
import { getConnection } from "../db";
import type { Actor } from "../actor";
import { requireEventEditor, requireEventViewer, type EventAccess } from "../auth/policy";
import { DomainError } from "../errors";
import { takenSeats } from "../registration/holds";
import { only } from "../../core/lists";

export type EventRow = typeof import("../../db/schema.pg").events.$inferSelect;
export type RaceRow = typeof import("../../db/schema.pg").races.$inferSelect;
export type WaveRow = typeof import("../../db/schema.pg").waves.$inferSelect;

export interface RaceWithWaves extends RaceRow {
  waves: WaveRow[];
  /** Places still free: capacity less confirmed entries and unexpired holds. */
  placesLeft: number;
}

export interface EventWithRaces extends EventRow {
  races: RaceWithWaves[];
}

export const PUBLIC_STATUSES = ["published", "closed"] as const;

/** The event by slug; null for none, and without a query for a value that cannot be a slug (a NUL, a space). */
export async function findEventBySlug(slug: string): Promise<EventRow | null> {
  if (!isSlug(slug)) return null;
  const { db, schema } = getConnection();
  const [row] = await db.select().from(schema.events).where(eq(schema.events.slug, slug)).limit(1);
  return row ?? null;
}

/** The event by slug (404) for one who may change it: its organizers and admins (403 anyone else). */
export async function eventForEditor(actor: Actor, slug: string): Promise<EventRow> {
  const event = await findEventBySlug(slug);
  if (!event) throw new DomainError("not_found", `No event "${slug}".`);
  await requireEventEditor(actor, event.id);
  return event;
}

/** The event by slug (404) for one who works on it, volunteers too (403 anyone else), with their access. */
export async function eventForViewer(actor: Actor, slug: string): Promise<{ event: EventRow; access: Exclude<EventAccess, null> }> {
  const event = await findEventBySlug(slug);
  if (!event) throw new DomainError("not_found", `No event "${slug}".`);
  return { event, access: await requireEventViewer(actor, event.id) };
}

/**
 * Places taken per race now, counted from the entries by the rule registration's seat counters keep
 * (core/places.ts): confirmed entries plus holds that have not run out, swept or not.
 */
function takenPlacesByRace(raceIds: string[]): Promise<Map<string, number>> {
  return takenSeats(getConnection().db, raceIds, new Date());
}

export async function loadRaces(eventIds: string[]): Promise<RaceWithWaves[]> {
  if (eventIds.length === 0) return [];
  const { db, schema } = getConnection();
  const races = await db
    .select()
    .from(schema.races)
    .where(inArray(schema.races.eventId, eventIds))
    .orderBy(asc(schema.races.position), asc(schema.races.createdAt));
  if (races.length === 0) return [];
  const ids = races.map((r) => r.id);
  const [waves, taken] = await Promise.all([
    db.select().from(schema.waves).where(inArray(schema.waves.raceId, ids)).orderBy(asc(schema.waves.position)),
    takenPlacesByRace(ids),
  ]);
  return races.map((r) => ({
    ...r,
    waves: waves.filter((w) => w.raceId === r.id),
    placesLeft: Math.max(0, r.capacity - (taken.get(r.id) ?? 0)),
  }));
}

async function withRaces(events: EventRow[]): Promise<EventWithRaces[]> {
  const races = await loadRaces(events.map((e) => e.id));
  return events.map((e) => ({ ...e, races: races.filter((r) => r.eventId === e.id) }));
}

/** Published (and closed) events, soonest first, with their races: the home page and `GET /api/v1/events`. */
export async function listPublicEvents(): Promise<EventWithRaces[]> {
  const { db, schema } = getConnection();
  const rows = await db
    .select()
    .from(schema.events)
    .where(inArray(schema.events.status, [...PUBLIC_STATUSES]))
    .orderBy(asc(schema.events.date), asc(schema.events.slug));
  return withRaces(rows);
}

/** One public event with its races, or null when it does not exist or is a draft. */
export async function getPublicEvent(slug: string): Promise<EventWithRaces | null> {
  const event = await findEventBySlug(slug);
  if (!event || !PUBLIC_STATUSES.includes(event.status as (typeof PUBLIC_STATUSES)[number])) return null;
  return only(await withRaces([event]), "event");
}

/** Any event with its races (admin). Authorization is the caller's job. */
export async function getEventWithRaces(slug: string): Promise<EventWithRaces | null> {
  const event = await findEventBySlug(slug);
  if (!event) return null;
  return only(await withRaces([event]), "event");
}

/** The events a staff member may see in the admin: all for admins, their assigned ones for others. */
export async function listEventsForActor(actor: Actor): Promise<(EventRow & { access: "admin" | "organizer" | "volunteer" })[]> {
  const { db, schema } = getConnection();
  if (actor.kind === "system" || actor.role === "admin") {
    const rows = await db.select().from(schema.events).orderBy(desc(schema.events.date));
    return rows.map((r) => ({ ...r, access: "admin" as const }));
  }
  const rows = await db
    .select({ event: schema.events, role: schema.eventRoles.role })
    .from(schema.eventRoles)
    .innerJoin(schema.events, eq(schema.events.id, schema.eventRoles.eventId))
    .where(eq(schema.eventRoles.userId, actor.userId))
    .orderBy(desc(schema.events.date));
  return rows.map((r) => ({
    ...r.event,
    access: r.role === "organizer" && actor.role === "organizer" ? ("organizer" as const) : ("volunteer" as const),
  }));
}
