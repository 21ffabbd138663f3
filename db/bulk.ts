/**
 * Bulk writes for either engine, for batches of tens of thousands of rows (bib batches, their emails and audit rows,
 * synthetic entries for tests and the benchmark).
 */
import { getTableColumns, getTableName, sql, type SQL, type Table } from "drizzle-orm";
import { engineOfDatabase, type Database } from "./client";
import { first } from "../core/lists";

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

/** A row of `table` as drizzle's insert takes it: property names, typed by the schema. */
export type RowOf<T extends Table> = T["$inferInsert"];

/**
 * Inserts typed rows into `table`: each property is written to its column as the schema names it. Every row gives
 * the keys of the first (a key another row leaves out is written as null); dates and booleans are converted for the
 * engine, objects go into JSON columns as they are.
 */
export async function insertRows<T extends Table>(tx: Database, table: T, rows: RowOf<T>[]): Promise<void> {
  await writeRows(tx, table, rows);
}

/**
 * Inserts typed rows, or where a row with the same `conflictKeys` (the properties of a unique index) exists,
 * overwrites its other columns. `onChunk` is told the rows written so far after each statement (a progress bar for
 * a large import).
 */
export async function upsertRows<T extends Table>(
  tx: Database,
  table: T,
  rows: RowOf<T>[],
  conflictKeys: Extract<keyof RowOf<T>, string>[],
  options: { rowsPerStatement?: number; onChunk?: (written: number) => void } = {},
): Promise<void> {
  await writeRows(tx, table, rows, { conflictKeys, ...options });
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

function insertFewRowsSqlite(tx: Database, table: string, columns: string[], rows: unknown[][]): void {
  const client = (tx as unknown as { $client: { prepare(source: string): { run(...params: unknown[]): unknown } } }).$client;
  const insert = client.prepare(`insert into ${table} (${columns.map((c) => `"${c}"`).join(", ")}) values (${columns.map(() => "?").join(", ")})`);
  for (const values of rows) insert.run(...values.map(sqliteValue));
}

/** The properties the rows give (those of the first row), their columns in that order, and every column name by property. */
function columnsOf(table: Table, rows: Record<string, unknown>[]): { keys: string[]; columns: string[]; names: Map<string, string> } {
  const names = new Map(Object.entries(getTableColumns(table)).map(([key, column]) => [key, column.name]));
  const sample = first(rows, "row"); // the callers write no statement for no rows
  const keys = Object.keys(sample).filter((k) => sample[k] !== undefined);
  const columns: string[] = [];
  const unknown: string[] = [];
  for (const key of keys) {
    const name = names.get(key);
    if (name === undefined) unknown.push(key);
    else columns.push(name);
  }
  if (unknown.length > 0) throw new Error(`bulk writes: ${getTableName(table)} has no column for ${unknown.join(", ")}`);
  return { keys, columns, names };
}

async function writeRows(
  tx: Database,
  table: Table,
  typedRows: object[],
  options: { conflictKeys?: string[]; rowsPerStatement?: number; onChunk?: (written: number) => void } = {},
): Promise<void> {
  if (typedRows.length === 0) return;
  const rows = typedRows as Record<string, unknown>[];
  const tableName = getTableName(table);
  const { keys, columns, names } = columnsOf(table, rows);
  const conflict = (options.conflictKeys ?? []).map((k) => {
    const name = names.get(k);
    if (!name) throw new Error(`bulk writes: ${tableName} has no column for ${k}`);
    return name;
  });
  if (!/^[a-z_]+$/.test(tableName) || [...columns, ...conflict].some((c) => !/^[a-z_]+$/.test(c))) throw new Error("bulk writes: plain snake_case names only");
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
    insertFewRowsSqlite(tx, tableName, columns, rows.map((row) => keys.map((k) => row[k])));
    return;
  }
  const step = options.rowsPerStatement ?? ROWS_PER_STATEMENT;
  for (let i = 0; i < rows.length; i += step) {
    const json = JSON.stringify(rows.slice(i, i + step).map((row) => Object.fromEntries(keys.map((k, j) => [columns[j], jsonValue(row[k], postgres) ?? null]))));
    await runStatement(
      tx,
      postgres
        ? sql`insert into ${sql.raw(tableName)} (${list}) select ${list} from json_populate_recordset(null::${sql.raw(tableName)}, ${json}::json)${upsert}`
        : // "where true" keeps SQLite from reading ON CONFLICT as part of the SELECT's join.
          sql`insert into ${sql.raw(tableName)} (${list}) select ${sql.raw(columns.map((c) => `value ->> '$.${c}'`).join(", "))} from json_each(${json}) where true${upsert}`,
    );
    if (options.onChunk) {
      options.onChunk(Math.min(i + step, rows.length));
      // Let the event loop run (better-sqlite3 is synchronous): a streamed progress line goes out now, not at the end.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
