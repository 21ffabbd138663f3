/**
 * The process-wide connection, opened on first use with the settings of server/env.ts (DATABASE_URL,
 * DATABASE_POOL_SIZE) and shared across dev reloads (create-t3-app's pattern). Server code, the CLI, the bench and
 * the tests get `getConnection()` / `withTransaction()` from here; db/ itself knows no settings and no services.
 */
import { openConnection, type Connection, type Database } from "../db";
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

export type { Connection, Database } from "../db";
export { isDatabaseUnavailable, isUniqueViolation } from "../db";
