/**
 * Bulk writes for either engine, for batches of tens of thousands of rows (bib batches, their emails and audit rows,
 * synthetic entries for tests and the benchmark).
 */
import { sql, type SQL } from "drizzle-orm";
import { engineOfDatabase, type Database } from "./client";

/** Runs a statement that returns no rows, on either engine. */
export async function runStatement(tx: Database, query: SQL): Promise<void> {
  if (engineOfDatabase(tx) === "postgres") await tx.execute(query);
  else (tx as unknown as { run(q: SQL): unknown }).run(query);
}

/**
 * Bulk writes pass their rows as ONE JSON parameter (PostgreSQL's json_to_recordset / json_populate_recordset,
 * SQLite's json_each): drizzle's query builder costs tens of microseconds per bound parameter, which for 30,000
 * entries was most of a batch's time. Rows per statement are capped to keep each parameter a few megabytes.
 */
export const ROWS_PER_STATEMENT = 5_000;

export function isPostgres(db: Database): boolean {
  return engineOfDatabase(db) === "postgres";
}

/** A value as the engine stores it from JSON: dates as ISO text (PostgreSQL) or epoch milliseconds (SQLite). */
function jsonValue(value: unknown, postgres: boolean): unknown {
  if (value instanceof Date) return postgres ? value.toISOString() : value.getTime();
  return value;
}

/**
 * Inserts rows (keys are the table's column names, snake_case; every row has the same keys) into `table`. Dates
 * and booleans are converted for the engine; objects go into JSON columns as they are.
 */
export async function insertRowsAsJson(tx: Database, table: string, rows: Record<string, unknown>[]): Promise<void> {
  await writeRowsAsJson(tx, table, rows);
}

/**
 * Inserts rows, or where a row with the same `conflictColumns` (a unique index) exists, overwrites its other
 * columns. `onChunk` is told the rows written so far after each statement (a progress bar for a large import).
 */
export async function upsertRowsAsJson(
  tx: Database,
  table: string,
  rows: Record<string, unknown>[],
  conflictColumns: string[],
  options: { rowsPerStatement?: number; onChunk?: (written: number) => void } = {},
): Promise<void> {
  await writeRowsAsJson(tx, table, rows, { conflictColumns, ...options });
}

/**
 * On SQLite, a few rows (a registration burst's orders, entries and audit rows) go in one compiled statement per row
 * rather than as JSON: SQLite's JSON functions cost more than the insert itself there (about 60 us more per
 * 31-column row), while better-sqlite3 runs a compiled insert with bound values directly (db/client.ts keeps
 * statements compiled).
 */
const FEW_ROWS = 500;

/** A value as SQLite stores it through the schema: dates as epoch milliseconds, booleans as 0/1, objects as JSON. */
function sqliteValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.getTime();
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "object") return JSON.stringify(value);
  return value;
}

function insertFewRowsSqlite(tx: Database, table: string, columns: string[], rows: Record<string, unknown>[]): void {
  const client = (tx as unknown as { $client: { prepare(source: string): { run(...params: unknown[]): unknown } } }).$client;
  const insert = client.prepare(`insert into ${table} (${columns.map((c) => `"${c}"`).join(", ")}) values (${columns.map(() => "?").join(", ")})`);
  for (const row of rows) insert.run(...columns.map((c) => sqliteValue(row[c])));
}

async function writeRowsAsJson(
  tx: Database,
  table: string,
  rows: Record<string, unknown>[],
  options: { conflictColumns?: string[]; rowsPerStatement?: number; onChunk?: (written: number) => void } = {},
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const conflict = options.conflictColumns ?? [];
  if (!/^[a-z_]+$/.test(table) || [...columns, ...conflict].some((c) => !/^[a-z_]+$/.test(c))) throw new Error("bulk writes: plain snake_case names only");
  const list = sql.raw(columns.map((c) => `"${c}"`).join(", "));
  const upsert =
    conflict.length === 0
      ? sql.raw("")
      : sql.raw(
          ` on conflict (${conflict.map((c) => `"${c}"`).join(", ")}) do update set ` +
            columns
              .filter((c) => !conflict.includes(c))
              .map((c) => `"${c}" = excluded."${c}"`)
              .join(", "),
        );
  const postgres = isPostgres(tx);
  if (!postgres && conflict.length === 0 && rows.length <= FEW_ROWS && !options.onChunk) {
    insertFewRowsSqlite(tx, table, columns, rows);
    return;
  }
  const step = options.rowsPerStatement ?? ROWS_PER_STATEMENT;
  for (let i = 0; i < rows.length; i += step) {
    const json = JSON.stringify(rows.slice(i, i + step).map((row) => Object.fromEntries(columns.map((c) => [c, jsonValue(row[c], postgres) ?? null]))));
    await runStatement(
      tx,
      postgres
        ? sql`insert into ${sql.raw(table)} (${list}) select ${list} from json_populate_recordset(null::${sql.raw(table)}, ${json}::json)${upsert}`
        : // "where true" keeps SQLite from reading ON CONFLICT as part of the SELECT's join.
          sql`insert into ${sql.raw(table)} (${list}) select ${sql.raw(columns.map((c) => `value ->> '$.${c}'`).join(", "))} from json_each(${json}) where true${upsert}`,
    );
    if (options.onChunk) {
      options.onChunk(Math.min(i + step, rows.length));
      // Let the event loop run (better-sqlite3 is synchronous): a streamed progress line goes out now, not at the end.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
