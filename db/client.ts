/**
 * The one data layer (docs/decisions/001-one-data-layer-two-engines.md).
 *
 * Server code sees a single `Database` type (drizzle's PostgreSQL flavour) and one entry point for writes,
 * `withTransaction`. On SQLite the same schema objects come from schema.sqlite.ts, whose columns match the
 * PostgreSQL ones one for one, so the query builders behave the same.
 *
 * What must stay true:
 * - SQLite: better-sqlite3 refuses async transaction callbacks (statements after the first await would run
 *   outside the transaction). So writes run on a dedicated writer connection, one transaction at a time
 *   (an in-process queue), opened with BEGIN IMMEDIATE and committed after the async callback settles.
 *   Reads use a second connection that, in WAL mode, only ever sees committed data. WAL checkpoints run in a
 *   worker thread (db/checkpointer.ts), not inside a request's COMMIT.
 *   Never write through `db` on SQLite: use withTransaction.
 * - PostgreSQL: a pool; withTransaction is drizzle's transaction on one pooled client. Lock what you count with
 *   `lockKeys` (transaction-scoped advisory locks, taken in sorted order to avoid deadlocks).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import fs from "node:fs";
import path from "node:path";
import Sqlite from "better-sqlite3";
import { is, sql } from "drizzle-orm";
import { PgDatabase } from "drizzle-orm/pg-core";
import { drizzle as drizzleSqlite } from "drizzle-orm/better-sqlite3";
import { migrate as migrateSqlite } from "drizzle-orm/better-sqlite3/migrator";
import { drizzle as drizzlePg, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import * as pgSchema from "./schema.pg";
import { startCheckpointer } from "./checkpointer";
import * as sqliteSchema from "./schema.sqlite";

export type Schema = typeof pgSchema;
export type Database = NodePgDatabase<Schema>;
export type Engine = "sqlite" | "postgres";

export interface Connection {
  engine: Engine;
  url: string;
  /** Reads (and, on PostgreSQL only, single-statement writes). */
  db: Database;
  schema: Schema;
  transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T>;
  /** Whether the calling code runs inside withTransaction (a nested call would join that transaction). */
  inTransaction(): boolean;
  lockKeys(tx: Database, keys: string[]): Promise<void>;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

const MIGRATIONS = {
  sqlite: path.join(process.cwd(), "db", "migrations", "sqlite"),
  postgres: path.join(process.cwd(), "db", "migrations", "pg"),
};

export function engineOf(url: string): Engine {
  return url.startsWith("file:") ? "sqlite" : "postgres";
}

/** The engine behind a database handle or transaction (both engines' handles pass as `Database`). */
export function engineOfDatabase(db: Database): Engine {
  return is(db, PgDatabase) ? "postgres" : "sqlite";
}

/**
 * better-sqlite3 compiles SQL on every prepare(), and drizzle prepares every query it runs: on the registration
 * path that compile was a fifth of the CPU. Keep compiled statements by SQL text (bounded). raw() switches a
 * statement to rows-as-arrays for good, so raw use gets its own statement. Calls with extra arguments (better-sqlite3's
 * own pragma and transaction helpers) and EXPLAIN go straight through. SQLite itself re-plans a reused statement when
 * a new binding could change its plan (e.g. a LIKE pattern).
 */
export function cacheStatements(c: Sqlite.Database, max = 500): Sqlite.Database {
  const prepare = c.prepare.bind(c) as (...args: unknown[]) => Sqlite.Statement;
  const plain = new Map<string, Sqlite.Statement>();
  const raw = new Map<string, Sqlite.Statement>();
  const compiled = (map: Map<string, Sqlite.Statement>, source: string, rawMode: boolean) => {
    let stmt = map.get(source);
    if (!stmt) {
      stmt = prepare(source);
      if (rawMode) stmt.raw(true);
      if (map.size >= max) {
        const oldest = map.keys().next(); // the first inserted: a map keeps insertion order
        if (!oldest.done) map.delete(oldest.value);
      }
      map.set(source, stmt);
    }
    return stmt;
  };
  const cachingPrepare = (...args: unknown[]) => {
    // EXPLAIN answers with the plan made at prepare time, whatever is bound later: never reuse one.
    if (args.length !== 1 || typeof args[0] !== "string" || /^\s*explain\b/i.test(args[0])) return prepare(...args);
    const source = args[0];
    const stmt = compiled(plain, source, false);
    // The statement's reader flag decides how drizzle runs it; raw() hands out the raw twin.
    return {
      source,
      reader: stmt.reader,
      run: (...p: unknown[]) => stmt.run(...p),
      get: (...p: unknown[]) => stmt.get(...p),
      all: (...p: unknown[]) => stmt.all(...p),
      iterate: (...p: unknown[]) => stmt.iterate(...p),
      columns: () => stmt.columns(),
      raw: (on = true) => (on ? compiled(raw, source, true) : stmt),
    };
  };
  (c as unknown as { prepare: typeof cachingPrepare }).prepare = cachingPrepare;
  return c;
}

function openSqlite(url: string): Connection {
  const file = url.slice("file:".length);
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const configure = (c: Sqlite.Database) => {
    c.pragma("journal_mode = WAL");
    c.pragma("busy_timeout = 5000");
    c.pragma("foreign_keys = ON");
    c.pragma("synchronous = NORMAL");
    return cacheStatements(c);
  };
  const writerRaw = configure(new Sqlite(file));
  const readerRaw = configure(new Sqlite(file));
  // Checkpoints run in a worker thread, not in the COMMIT of a request (db/checkpointer.ts); after one, the log file
  // is cut back to 64 MB if a burst grew it past that.
  writerRaw.pragma("journal_size_limit = 67108864");
  const checkpointer = file === ":memory:" ? null : startCheckpointer(file, writerRaw);
  const schema = sqliteSchema as unknown as Schema;
  const writer = drizzleSqlite(writerRaw, { schema: sqliteSchema }) as unknown as Database;
  const reader = drizzleSqlite(readerRaw, { schema: sqliteSchema }) as unknown as Database;

  let queue: Promise<unknown> = Promise.resolve();
  const active = new AsyncLocalStorage<Database>();

  return {
    engine: "sqlite",
    url,
    db: reader,
    schema,
    transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T> {
      const inner = active.getStore();
      if (inner) return fn(inner); // nested call: join the open transaction
      const run = async () => {
        writerRaw.exec("BEGIN IMMEDIATE");
        try {
          const result = await active.run(writer, () => fn(writer));
          writerRaw.exec("COMMIT");
          return result;
        } catch (error) {
          if (writerRaw.inTransaction) writerRaw.exec("ROLLBACK");
          throw error;
        }
      };
      const next = queue.then(run, run);
      queue = next.catch(() => undefined);
      return next;
    },
    inTransaction: () => active.getStore() !== undefined,
    async lockKeys() {
      // One writer at a time already: every SQLite write transaction is serialized by the queue above.
    },
    async migrate() {
      migrateSqlite(drizzleSqlite(writerRaw), { migrationsFolder: MIGRATIONS.sqlite });
    },
    async close() {
      await queue;
      await checkpointer?.stop();
      readerRaw.close();
      writerRaw.close();
    },
  };
}

function openPostgres(url: string, poolSize: number): Connection {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on("error", (error) => console.error("[db] idle PostgreSQL client error:", error.message));
  const db = drizzlePg(pool, { schema: pgSchema });
  const active = new AsyncLocalStorage<Database>();
  return {
    engine: "postgres",
    url,
    db,
    schema: pgSchema,
    transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T> {
      const inner = active.getStore();
      if (inner) return fn(inner);
      return db.transaction((tx) => active.run(tx as unknown as Database, () => fn(tx as unknown as Database)));
    },
    inTransaction: () => active.getStore() !== undefined,
    async lockKeys(tx, keys) {
      for (const key of [...new Set(keys)].sort()) {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
      }
    },
    async migrate() {
      // Several app processes may start at once: one migrates, the others wait on the session lock.
      const client = await pool.connect();
      try {
        await client.query("select pg_advisory_lock(hashtextextended('finishline:migrate', 0))");
        await migratePg(drizzlePg(client), { migrationsFolder: MIGRATIONS.postgres });
      } finally {
        await client.query("select pg_advisory_unlock(hashtextextended('finishline:migrate', 0))").catch(() => {});
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

export function openConnection(url: string, options: { poolSize?: number } = {}): Connection {
  return engineOf(url) === "sqlite" ? openSqlite(url) : openPostgres(url, options.poolSize ?? 10);
}

/** True when `error` (or its cause, as drizzle wraps driver errors) is a unique-constraint violation. */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY") return true;
  }
  return false;
}

/** PostgreSQL's codes for "the server is going away or not there yet" (class 08 and 57P0x). */
const UNAVAILABLE_CODES = new Set(["08000", "08001", "08003", "08004", "08006", "57P01", "57P02", "57P03", "ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND"]);
/** node-postgres's own messages for a connection that broke or never came (they carry no code). */
const UNAVAILABLE_MESSAGES = /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Client was closed and is not queryable)/;

/**
 * True when `error` (or its cause, as drizzle wraps driver errors) says the database cannot be reached right now: the
 * request may work in a moment (docs/deploying.md "When PostgreSQL restarts"), so the API answers 503, not 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && UNAVAILABLE_CODES.has(code)) return true;
    const message = (e as { message?: unknown }).message;
    if (typeof message === "string" && UNAVAILABLE_MESSAGES.test(message)) return true;
  }
  return false;
}

