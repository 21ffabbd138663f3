/**
 * What the bib and wave services share: the event's bib lock, who may give a bib back, runner names, and the bulk
 * updates of registrations for batches of tens of thousands of entries (db/bulk.ts writes them).
 *
 * The bib lock (`bibs:<event id>`) guards every bib and wave written in an event: the batch, hand edits and the
 * assignment on confirmation all take it, so two of them never give one number twice or overfill a wave. Lock
 * order (docs/architecture.md "Locks"): after an order's and its races' locks, before any row lock.
 */
import { sql } from "drizzle-orm";
import { getConnection, type Database } from "../db";
import { isPostgres, ROWS_PER_STATEMENT, runStatement } from "../../db/bulk";
import type { RegistrationStatus } from "../../core/domain";

export function lockEventBibs(tx: Database, eventId: string): Promise<void> {
  return getConnection().lockKeys(tx, [`bibs:${eventId}`]);
}

/** Entries whose bib may be given again when the event reuses bibs of cancelled entries. */
export const RELEASABLE_STATUSES: readonly RegistrationStatus[] = ["cancelled", "refunded", "expired"];

export function isReleasable(status: RegistrationStatus): boolean {
  return RELEASABLE_STATUSES.includes(status);
}

/**
 * Sets one text column (`bib` or `wave_id`) of many registrations, each to its own value (null allowed), and
 * their updated_at.
 */
export async function setRegistrationColumn(tx: Database, column: "bib" | "wave_id", values: { id: string; value: string | null }[], now: Date): Promise<void> {
  for (let i = 0; i < values.length; i += ROWS_PER_STATEMENT) {
    const json = JSON.stringify(values.slice(i, i + ROWS_PER_STATEMENT));
    const col = sql.raw(`"${column}"`);
    await runStatement(
      tx,
      isPostgres(tx)
        ? sql`update registrations as r set ${col} = v.value, updated_at = ${now.toISOString()}::timestamptz from json_to_recordset(${json}::json) as v(id text, value text) where r.id = v.id`
        : sql`update registrations set ${col} = v.value, updated_at = ${now.getTime()} from (select value ->> '$.id' as id, value ->> '$.value' as value from json_each(${json})) as v where registrations.id = v.id`,
    );
  }
}

export interface EntryUpdate {
  id: string;
  /** The entry's new wave; null leaves its wave as it is. */
  waveId: string | null;
  /** Whether `bib` is written (null then takes the bib away). */
  setBib: boolean;
  bib: string | null;
}

/**
 * Writes new waves and bibs of many registrations in one UPDATE per few thousand rows: one new row version per
 * entry (on PostgreSQL every version of a registration costs an entry in each of its indexes). Each entry is also
 * marked for its "your bib and wave" email (bib_notice_due_at = now; queued from that marker by notify.ts).
 */
export async function updateEntries(tx: Database, updates: EntryUpdate[], now: Date): Promise<void> {
  for (let i = 0; i < updates.length; i += ROWS_PER_STATEMENT) {
    const json = JSON.stringify(updates.slice(i, i + ROWS_PER_STATEMENT).map((u) => ({ id: u.id, wave_id: u.waveId, set_bib: u.setBib, bib: u.bib })));
    await runStatement(
      tx,
      isPostgres(tx)
        ? sql`update registrations as r set wave_id = coalesce(v.wave_id, r.wave_id), bib = case when v.set_bib then v.bib else r.bib end, bib_notice_due_at = ${now.toISOString()}::timestamptz, updated_at = ${now.toISOString()}::timestamptz from json_to_recordset(${json}::json) as v(id text, wave_id text, set_bib boolean, bib text) where r.id = v.id`
        : sql`update registrations set wave_id = coalesce(v.wave_id, registrations.wave_id), bib = case when v.set_bib then v.bib else registrations.bib end, bib_notice_due_at = ${now.getTime()}, updated_at = ${now.getTime()} from (select value ->> '$.id' as id, value ->> '$.wave_id' as wave_id, value ->> '$.set_bib' as set_bib, value ->> '$.bib' as bib from json_each(${json})) as v where registrations.id = v.id`,
    );
  }
}
