/**
 * What the bib and wave services share: the event's bib lock, who may give a bib back, runner names, and bulk
 * writes for batches of tens of thousands of entries.
 *
 * The bib lock (`bibs:<event id>`) guards every bib and wave written in an event: the batch, hand edits and the
 * assignment on confirmation all take it, so two of them never give one number twice or overfill a wave. Lock
 * order (docs/architecture.md "Locks"): after an order's and its races' locks, before any row lock.
 */
import { sql, type SQL } from "drizzle-orm";
import { getConnection, type Database } from "../../db";
import type { RegistrationStatus } from "../../db/types";
import type { Actor } from "../actor";
import type { AuditEntry } from "../audit/record-audit";

export function lockEventBibs(tx: Database, eventId: string): Promise<void> {
  return getConnection().lockKeys(tx, [`bibs:${eventId}`]);
}

/** Entries whose bib may be given again when the event reuses bibs of cancelled entries. */
export const RELEASABLE_STATUSES: readonly RegistrationStatus[] = ["cancelled", "refunded", "expired"];

export function isReleasable(status: RegistrationStatus): boolean {
  return RELEASABLE_STATUSES.includes(status);
}

/** A runner's name in their own script, with the Latin name after it when they gave a different one. */
export function runnerName(reg: { familyName: string; givenName: string; latinName: string | null }): string {
  const cjk = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/;
  const family = reg.familyName.trim();
  const given = reg.givenName.trim();
  const native = cjk.test(family) || cjk.test(given) ? `${family}${given}` : [given, family].filter(Boolean).join(" ");
  const latin = reg.latinName?.trim();
  return latin && latin !== native ? `${native} (${latin})` : native;
}

/** Runs a statement that returns no rows, on either engine. */
export async function runStatement(tx: Database, query: SQL): Promise<void> {
  if (getConnection().engine === "postgres") await tx.execute(query);
  else (tx as unknown as { run(q: SQL): unknown }).run(query);
}

/**
 * Bulk writes pass their rows as ONE JSON parameter (PostgreSQL's json_to_recordset / json_populate_recordset,
 * SQLite's json_each): drizzle's query builder costs tens of microseconds per bound parameter, which for 30,000
 * entries was most of a batch's time. Rows per statement are capped to keep each parameter a few megabytes.
 */
const ROWS_PER_STATEMENT = 5_000;

function isPostgres(): boolean {
  return getConnection().engine === "postgres";
}

/** A value as the engine stores it from JSON: dates as ISO text (PostgreSQL) or epoch milliseconds (SQLite). */
function jsonValue(value: unknown): unknown {
  if (value instanceof Date) return isPostgres() ? value.toISOString() : value.getTime();
  return value;
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
      isPostgres()
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
      isPostgres()
        ? sql`update registrations as r set wave_id = coalesce(v.wave_id, r.wave_id), bib = case when v.set_bib then v.bib else r.bib end, bib_notice_due_at = ${now.toISOString()}::timestamptz, updated_at = ${now.toISOString()}::timestamptz from json_to_recordset(${json}::json) as v(id text, wave_id text, set_bib boolean, bib text) where r.id = v.id`
        : sql`update registrations set wave_id = coalesce(v.wave_id, registrations.wave_id), bib = case when v.set_bib then v.bib else registrations.bib end, bib_notice_due_at = ${now.getTime()}, updated_at = ${now.getTime()} from (select value ->> '$.id' as id, value ->> '$.wave_id' as wave_id, value ->> '$.set_bib' as set_bib, value ->> '$.bib' as bib from json_each(${json})) as v where registrations.id = v.id`,
    );
  }
}

/**
 * Inserts rows (keys are the table's column names, snake_case; every row has the same keys) into `table`. Dates
 * and booleans are converted for the engine; objects go into JSON columns as they are.
 */
export async function insertRowsAsJson(tx: Database, table: string, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  if (!/^[a-z_]+$/.test(table) || columns.some((c) => !/^[a-z_]+$/.test(c))) throw new Error("insertRowsAsJson: plain snake_case names only");
  const list = sql.raw(columns.map((c) => `"${c}"`).join(", "));
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const json = JSON.stringify(rows.slice(i, i + ROWS_PER_STATEMENT).map((row) => Object.fromEntries(columns.map((c) => [c, jsonValue(row[c]) ?? null]))));
    await runStatement(
      tx,
      isPostgres()
        ? sql`insert into ${sql.raw(table)} (${list}) select ${list} from json_populate_recordset(null::${sql.raw(table)}, ${json}::json)`
        : sql`insert into ${sql.raw(table)} (${list}) select ${sql.raw(columns.map((c) => `value ->> '$.${c}'`).join(", "))} from json_each(${json})`,
    );
  }
}

/** Many audit rows in a few statements (the same rows recordAudit writes one by one). */
export async function recordAuditMany(tx: Database, actor: Actor, entries: AuditEntry[], at: Date): Promise<void> {
  await insertRowsAsJson(
    tx,
    "audit_log",
    entries.map((entry) => ({
      actor_user_id: actor.kind === "user" ? actor.userId : null,
      actor_label: actor.label,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      data: entry.data ?? {},
      at,
    })),
  );
}
