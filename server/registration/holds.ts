/**
 * Seats and holds. A seat is taken by a confirmed entry or an unexpired hold; the count is made inside the write
 * transaction after locking the race (docs/architecture.md "Rules and where they live"). Expired holds stop counting the moment they expire;
 * `expireStaleOrders` later marks them expired and releases their document key and discount use.
 */
import { and, asc, eq, gt, inArray, isNotNull, lte, or, sql } from "drizzle-orm";
import { getConnection, type Database } from "../db";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";

/** Who expires a lapsed hold found while another registration of its event is being made. */
const EXPIRY_ACTOR: Actor = { kind: "system", label: "registration" };

/** Seats taken per race now: confirmed entries plus holds that have not expired. */
export async function takenSeats(db: Database, raceIds: string[], now: Date): Promise<Map<string, number>> {
  const taken = new Map(raceIds.map((id) => [id, 0]));
  if (raceIds.length === 0) return taken;
  const { schema } = getConnection();
  const r = schema.registrations;
  const rows = await db
    .select({ raceId: r.raceId, n: sql<number>`count(*)`.mapWith(Number) })
    .from(r)
    .where(and(inArray(r.raceId, raceIds), or(eq(r.status, "confirmed"), and(eq(r.status, "held"), gt(r.holdExpiresAt, now)))))
    .groupBy(r.raceId);
  for (const row of rows) taken.set(row.raceId, row.n);
  return taken;
}

/** Locks the races whose seats a transaction counts (no-op on SQLite, where writers are serialized). */
export function lockRaces(tx: Database, raceIds: string[]): Promise<void> {
  return getConnection().lockKeys(tx, raceIds.map((id) => `race:${id}`));
}

/**
 * Marks pending orders whose hold ran out as expired, with their held entries; releases the document keys (so the
 * same runner may register again) and the discount uses; each in the audit log. Idempotent; safe in any
 * transaction. Orders are taken in id order, so two transactions expiring overlapping sets lock their rows in the
 * same order and cannot deadlock each other on PostgreSQL.
 */
export async function expireStaleOrders(tx: Database, now: Date, eventId?: string): Promise<number> {
  const { schema } = getConnection();
  const o = schema.orders;
  const stale = await tx
    .select({ id: o.id, discountCodeId: o.discountCodeId })
    .from(o)
    .where(and(eq(o.status, "pending"), lte(o.expiresAt, now), eventId ? eq(o.eventId, eventId) : undefined))
    .orderBy(asc(o.id));
  let expired = 0;
  for (const order of stale) {
    if (!(await releasePendingOrder(tx, order, "expired", now))) continue;
    await recordAudit(tx, EXPIRY_ACTOR, { action: "order.expire", entityType: "order", entityId: order.id, data: { reason: "hold_expired" } }, now);
    expired += 1;
  }
  return expired;
}

/**
 * Ends a pending order that will not be paid (hold expired, buyer cancelled, checkout could not start): its held
 * entries stop taking a seat and release their document key, and its discount use is given back. Does nothing
 * when the order is no longer pending (another process or a payment got there first). Returns whether it acted.
 */
export async function releasePendingOrder(
  tx: Database,
  order: { id: string; discountCodeId: string | null },
  status: "expired" | "cancelled",
  now: Date,
): Promise<boolean> {
  const { schema } = getConnection();
  const o = schema.orders;
  const changed = await tx
    .update(o)
    .set({ status, updatedAt: now })
    .where(and(eq(o.id, order.id), eq(o.status, "pending")))
    .returning({ id: o.id });
  if (changed.length === 0) return false;
  await tx
    .update(schema.registrations)
    .set({ status, liveIdKey: null, ...(status === "cancelled" ? { cancelledAt: now } : {}), updatedAt: now })
    .where(and(eq(schema.registrations.orderId, order.id), eq(schema.registrations.status, "held")));
  if (order.discountCodeId) {
    await tx
      .update(schema.discountCodes)
      .set({ usedCount: sql`${schema.discountCodes.usedCount} - 1` })
      .where(and(eq(schema.discountCodes.id, order.discountCodeId), gt(schema.discountCodes.usedCount, 0)));
  }
  return true;
}

/** Document keys already live (held and unexpired, or confirmed) in the event, among `keys`. */
export async function liveDocumentKeys(tx: Database, eventId: string, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const { schema } = getConnection();
  const r = schema.registrations;
  const rows = await tx
    .select({ key: r.liveIdKey })
    .from(r)
    .where(and(eq(r.eventId, eventId), isNotNull(r.liveIdKey), inArray(r.liveIdKey, keys)));
  return new Set(rows.map((row) => row.key!));
}
