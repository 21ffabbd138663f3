/**
 * Pickup progress per race: packets collected out of confirmed entries. Polled every few seconds by the progress
 * page, so it is one grouped query over the event's confirmed entries (registrations_event_status_idx) joined to
 * their pickups by the unique key, plus the race names.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { getConnection } from "../db";
import type { Actor } from "../actor";
import { deskEventOrThrow } from "./runner";

export interface RaceProgress {
  slug: string;
  name: { en: string; zh: string };
  /** Confirmed entries (a packet to hand over each). */
  confirmed: number;
  /** Of those, packets handed over. */
  collected: number;
}

export interface PickupProgress {
  event: { slug: string; name: { en: string; zh: string }; timezone: string };
  races: RaceProgress[];
  total: { confirmed: number; collected: number };
  /** When the counts were read. */
  at: string;
}

/** Collected / confirmed per race. Allowed: the event's volunteers and organizers, and admins. */
export async function pickupProgress(actor: Actor, eventSlug: string, options: { now?: Date } = {}): Promise<PickupProgress> {
  const event = await deskEventOrThrow(actor, eventSlug);
  const { db, schema } = getConnection();
  const r = schema.registrations;
  const [races, counts] = await Promise.all([
    db
      .select({ id: schema.races.id, slug: schema.races.slug, nameEn: schema.races.nameEn, nameZh: schema.races.nameZh })
      .from(schema.races)
      .where(eq(schema.races.eventId, event.id))
      .orderBy(asc(schema.races.position), asc(schema.races.createdAt)),
    db
      .select({
        raceId: r.raceId,
        confirmed: sql<number>`count(*)`.mapWith(Number),
        collected: sql<number>`count(${schema.pickups.id})`.mapWith(Number),
      })
      .from(r)
      .leftJoin(schema.pickups, eq(schema.pickups.registrationId, r.id))
      .where(and(eq(r.eventId, event.id), eq(r.status, "confirmed")))
      .groupBy(r.raceId),
  ]);
  const byRace = new Map(counts.map((c) => [c.raceId, c]));
  const list = races.map((race) => ({
    slug: race.slug,
    name: { en: race.nameEn, zh: race.nameZh },
    confirmed: byRace.get(race.id)?.confirmed ?? 0,
    collected: byRace.get(race.id)?.collected ?? 0,
  }));
  return {
    event: { slug: event.slug, name: event.name, timezone: event.timezone },
    races: list,
    total: { confirmed: list.reduce((s, x) => s + x.confirmed, 0), collected: list.reduce((s, x) => s + x.collected, 0) },
    at: (options.now ?? new Date()).toISOString(),
  };
}
