/**
 * Seats and holds in the database: the rule of a taken place (core/places.ts) as SQL, the races' seat counters, and
 * the one way to change an entry's status so that its race's counter moves with it (docs/decisions/013).
 *
 * `races.seats_taken` counts the entries holding a claim on a place (confirmed, or held and not yet expired by a
 * status change). Every transaction that changes an entry's status goes through `changeEntryStatus` (or, for new
 * entries, `countNewEntries`), in the same transaction and under the races' locks (docs/architecture.md "Locks"), so
 * the counter never drifts from the recount. Registration and late payments expire the event's lapsed holds first:
 * the counter is then the places taken, read in constant time however many entries the race holds.
 */
import { and, asc, eq, gt, inArray, isNotNull, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import { CLAIMING_ENTRY_STATUSES, EXPIRING_ENTRY_STATUSES, FIRM_ENTRY_STATUSES, PlaceBook, counterChange } from "../../core/places";
import type { RegistrationStatus } from "../../core/domain";
import { getConnection, type Database } from "../db";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { lookup } from "../../core/lists";

/** drizzle's `and` of one or more conditions, which is always a condition (it answers undefined only for none). */
export function allOf(...conditions: [SQL, ...SQL[]]): SQL {
  const joined = and(...conditions);
  if (!joined) throw new Error("allOf: no condition");
  return joined;
}

/** drizzle's `or` of one or more conditions, which is always a condition (it answers undefined only for none). */
export function anyOf(...conditions: [SQL, ...SQL[]]): SQL {
  const joined = or(...conditions);
  if (!joined) throw new Error("anyOf: no condition");
  return joined;
}

/** Who expires a lapsed hold found while another registration of its event is being made. */
const EXPIRY_ACTOR: Actor = { kind: "system", label: "registration" };

// ---- The rule as SQL (core/places.ts; server/registration/places-sql.test.ts checks that both agree) -------------

function entries() {
  return getConnection().schema.registrations;
}

/** The hold has not run out at `now` (no expiry: it has not). */
function holdRunning(now: Date): SQL {
  const r = entries();
  return anyOf(isNull(r.holdExpiresAt), gt(r.holdExpiresAt, now));
}

/** The entry takes its race's place at `now`: a firm claim, or a claim with an expiry that has not run out. */
export function takesPlaceSql(now: Date): SQL {
  const r = entries();
  return anyOf(inArray(r.status, [...FIRM_ENTRY_STATUSES]), allOf(inArray(r.status, [...EXPIRING_ENTRY_STATUSES]), holdRunning(now)));
}

/** A hold still running at `now`: what the lists call `held`. */
export function runningHoldSql(now: Date): SQL {
  return allOf(eq(entries().status, "held"), holdRunning(now));
}

/** A hold that ran out by `now` and is not marked yet: the lists read it as `expired`. */
export function ranOutHoldSql(now: Date): SQL {
  const r = entries();
  return allOf(eq(r.status, "held"), lte(r.holdExpiresAt, now));
}

/** The entry holds a claim that only a status change gives up: what the seat counter counts. */
export function claimsPlaceSql(): SQL {
  return inArray(entries().status, [...CLAIMING_ENTRY_STATUSES]);
}

async function countPerRace(db: Database, raceIds: string[], condition: SQL): Promise<Map<string, number>> {
  const counts = new Map(raceIds.map((id) => [id, 0]));
  if (raceIds.length === 0) return counts;
  const r = entries();
  const rows = await db
    .select({ raceId: r.raceId, n: sql<number>`count(*)`.mapWith(Number) })
    .from(r)
    .where(and(inArray(r.raceId, raceIds), condition))
    .groupBy(r.raceId);
  for (const row of rows) counts.set(row.raceId, row.n);
  return counts;
}

/** Places taken per race at `now`, counted from the entries: confirmed entries plus holds that have not run out. */
export function takenSeats(db: Database, raceIds: string[], now: Date): Promise<Map<string, number>> {
  return countPerRace(db, raceIds, takesPlaceSql(now));
}

/** What each race's seat counter should say, counted from the entries (the recount the counter is checked against). */
export function recountSeats(db: Database, raceIds: string[]): Promise<Map<string, number>> {
  return countPerRace(db, raceIds, claimsPlaceSql());
}

/**
 * Sets the races' seat counters to the recount: for rows written straight into the table (test fixtures, the
 * benchmark's synthetic entries). Service code keeps the counters with each change instead.
 */
export async function resetSeatCounters(tx: Database, raceIds: string[]): Promise<void> {
  const { schema } = getConnection();
  for (const [raceId, n] of await recountSeats(tx, raceIds)) {
    await tx.update(schema.races).set({ seatsTaken: n }).where(eq(schema.races.id, raceId));
  }
}

/**
 * The races' places as the counters say, for a transaction that holds their locks and has expired its event's
 * lapsed holds (`expireStaleOrders`): capacity and places taken, in constant time.
 */
export async function readPlaceBook(tx: Database, raceIds: string[]): Promise<PlaceBook> {
  const { schema } = getConnection();
  const rows =
    raceIds.length === 0
      ? []
      : await tx.select({ id: schema.races.id, capacity: schema.races.capacity, taken: schema.races.seatsTaken }).from(schema.races).where(inArray(schema.races.id, raceIds));
  return new PlaceBook(new Map(rows.map((r) => [r.id, r.capacity])), new Map(rows.map((r) => [r.id, r.taken])));
}

// ---- Locks ---------------------------------------------------------------------------------------------------

/** Locks races whose places a transaction counts or changes (no-op on SQLite, where writers are serialized). */
export function lockRaces(tx: Database, raceIds: string[]): Promise<void> {
  return getConnection().lockKeys(tx, raceIds.map((id) => `race:${id}`));
}

/**
 * Locks every race of an event: a transaction that expires the event's lapsed holds (registration, a late payment)
 * may change any of their counters. Returns the races' ids.
 */
export async function lockEventRaces(tx: Database, eventId: string): Promise<string[]> {
  const { schema } = getConnection();
  const ids = (await tx.select({ id: schema.races.id }).from(schema.races).where(eq(schema.races.eventId, eventId))).map((r) => r.id);
  await lockRaces(tx, ids);
  return ids;
}

/** Locks the races of an order's entries (after the order's own lock, by the lock order). */
export async function lockOrderRaces(tx: Database, orderId: string): Promise<void> {
  const r = entries();
  const races = await tx.selectDistinct({ raceId: r.raceId }).from(r).where(eq(r.orderId, orderId));
  await lockRaces(tx, races.map((x) => x.raceId));
}

// ---- Status changes --------------------------------------------------------------------------------------------

type EntryColumns = typeof import("../../db/schema.pg").registrations.$inferInsert;

/** What a status change sets: the status, and other columns of the same entries (never their race). */
export type EntryStatusChange = { status: RegistrationStatus } & Omit<Partial<EntryColumns>, "status" | "raceId" | "id">;

export interface ChangedEntry {
  id: string;
  raceId: string;
  from: RegistrationStatus;
}

/**
 * Changes the entries that `which` selects (a condition on registrations) and moves their races' seat counters by
 * each entry's change (core/places.ts counterChange), in the caller's transaction. The caller holds the races'
 * locks (or the order's, whose releasePendingOrder takes them). Each entry is changed only from the status it was
 * read in, so a concurrent change is never counted twice. Returns the entries changed.
 */
export async function changeEntryStatus(tx: Database, which: SQL, change: EntryStatusChange): Promise<ChangedEntry[]> {
  const r = entries();
  const found = await tx.select({ id: r.id, raceId: r.raceId, status: r.status }).from(r).where(which);
  if (found.length === 0) return [];
  const byStatus = new Map<RegistrationStatus, string[]>();
  for (const e of found) byStatus.set(e.status, [...(byStatus.get(e.status) ?? []), e.id]);
  const changed: ChangedEntry[] = [];
  for (const [from, ids] of byStatus) {
    const rows = await tx
      .update(r)
      .set(change)
      .where(and(inArray(r.id, ids), eq(r.status, from)))
      .returning({ id: r.id, raceId: r.raceId });
    changed.push(...rows.map((row) => ({ ...row, from })));
  }
  const moves = new Map<string, number>();
  for (const e of changed) moves.set(e.raceId, (moves.get(e.raceId) ?? 0) + counterChange(e.from, change.status));
  await moveSeatCounters(tx, moves);
  return changed;
}

/** New entries of `status` (one race id per entry) take their claims: for the transaction that inserts them. */
export function countNewEntries(tx: Database, raceIds: string[], status: RegistrationStatus): Promise<void> {
  const moves = new Map<string, number>();
  for (const id of raceIds) moves.set(id, (moves.get(id) ?? 0) + counterChange(null, status));
  return moveSeatCounters(tx, moves);
}

async function moveSeatCounters(tx: Database, moves: Map<string, number>): Promise<void> {
  const { schema } = getConnection();
  const races = schema.races;
  // In id order, like the locks: two transactions never take the same race rows in opposite orders.
  for (const raceId of [...moves.keys()].sort()) {
    const n = lookup(moves, raceId);
    if (n === 0) continue;
    await tx.update(races).set({ seatsTaken: sql`${races.seatsTaken} + ${n}` }).where(eq(races.id, raceId));
  }
}

// ---- Holds -----------------------------------------------------------------------------------------------------

/**
 * Marks pending orders whose hold ran out as expired, with their held entries; releases the document keys (so the
 * same runner may register again), the places and the discount uses; each in the audit log. Idempotent; safe in any
 * transaction that holds the event's races' locks (lockEventRaces). Orders are taken in id order, so two
 * transactions expiring overlapping sets lock their rows in the same order and cannot deadlock each other on
 * PostgreSQL.
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
 * entries stop taking a place and release their document key, and its discount use is given back. Takes the locks
 * of the order's races (after the order's own, which the caller holds, or with the event's races already held).
 * Does nothing when the order is no longer pending (another process or a payment got there first). Returns whether
 * it acted.
 */
export async function releasePendingOrder(
  tx: Database,
  order: { id: string; discountCodeId: string | null },
  status: "expired" | "cancelled",
  now: Date,
): Promise<boolean> {
  const { schema } = getConnection();
  const o = schema.orders;
  const r = schema.registrations;
  await lockOrderRaces(tx, order.id);
  const changed = await tx
    .update(o)
    .set({ status, updatedAt: now })
    .where(and(eq(o.id, order.id), eq(o.status, "pending")))
    .returning({ id: o.id });
  if (changed.length === 0) return false;
  await changeEntryStatus(tx, allOf(eq(r.orderId, order.id), eq(r.status, "held")), {
    status,
    liveIdKey: null,
    ...(status === "cancelled" ? { cancelledAt: now } : {}),
    updatedAt: now,
  });
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
  const r = entries();
  const rows = await tx
    .select({ key: r.liveIdKey })
    .from(r)
    .where(and(eq(r.eventId, eventId), isNotNull(r.liveIdKey), inArray(r.liveIdKey, keys)));
  return new Set(rows.map((row) => row.key!));
}
