/**
 * The process-wide connection, opened on first use with the settings of server/env.ts (DATABASE_URL,
 * DATABASE_POOL_SIZE) and shared across dev reloads (create-t3-app's pattern). Server code, the CLI, the bench and
 * the tests get `getConnection()` / `withTransaction()` from here; db/ itself knows no settings and no services.
 */
import { openConnection, type Connection, type Database, type Schema } from "../db";
import { env } from "./env";

const globalForDb = globalThis as unknown as { finishlineConnection?: Connection };

export function getConnection(): Connection {
  if (!globalForDb.finishlineConnection) {
    const { DATABASE_URL, DATABASE_POOL_SIZE } = env();
    globalForDb.finishlineConnection = openConnection(DATABASE_URL, { poolSize: DATABASE_POOL_SIZE });
  }
  return globalForDb.finishlineConnection;
}

/** Closes the shared connection (CLI exit, tests). The next getConnection() opens a new one. */
export async function closeConnection(): Promise<void> {
  const c = globalForDb.finishlineConnection;
  globalForDb.finishlineConnection = undefined;
  await c?.close();
}

/** The one way to write: a real transaction on both engines. */
export function withTransaction<T>(fn: (tx: Database) => Promise<T>): Promise<T> {
  return getConnection().transaction(fn);
}

const preparedByDb = new WeakMap<Database, Map<string, unknown>>();

/**
 * A query of a hot path built once per connection and kept (drizzle's prepare with `sql.placeholder` values): its
 * SQL text is made once instead of on every call (building a select with joins costs more than running it on
 * SQLite), and on PostgreSQL it is a named prepared statement, parsed once per pooled client. `name` must be unique
 * to the query and stable; run it with `.execute({ …values })`.
 */
export function preparedQuery<T>(name: string, build: (db: Database, schema: Schema, name: string) => T): T {
  const { db, schema } = getConnection();
  let queries = preparedByDb.get(db);
  if (!queries) preparedByDb.set(db, (queries = new Map()));
  let query = queries.get(name) as T | undefined;
  if (query === undefined) {
    query = build(db, schema, name);
    queries.set(name, query);
  }
  return query;
}

export type { Connection, Database } from "../db";
export { isDatabaseUnavailable, isUniqueViolation } from "../db";
