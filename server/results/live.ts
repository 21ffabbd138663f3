/**
 * Results versions and their fan-out to live pages (issue 5, "Live"; docs/deploying.md: no state that matters
 * lives in memory).
 *
 * The version of a race's results is in the database (result_versions), bumped in the import's transaction. Each
 * app process keeps a copy per race, used to key its caches and to tell live pages (server-sent events) when to
 * fetch again. The copy is refreshed:
 * - at once in the process that imported (noteResultsVersion after commit);
 * - on PostgreSQL, at once in every other process: the import's transaction runs pg_notify('results_changed'),
 *   delivered at commit to a dedicated LISTEN client per process (not a pool's: a pooled client goes back to the
 *   pool and its LISTEN with it), reconnected with a back-off when it drops;
 * - and in every case at most VERSION_TTL_MS after it was last read, so a missed notification (a reconnect, an
 *   import by the CLI in another process on SQLite) only delays a page by that much.
 */
import { EventEmitter } from "node:events";
import { eq, inArray, sql } from "drizzle-orm";
import pg from "pg";
import { getConnection, type Database } from "../db";
import { runStatement } from "../../db/bulk";
import { errorKind } from "../log-safe";
import { lookup } from "../../core/lists";

function logFailure(what: string, error: unknown): void {
  console.error(`[results] ${what}: ${errorKind(error)}`);
}

export const VERSION_TTL_MS = 1000;
const CHANNEL = "results_changed";
const POLL_MS = 2000;

interface Known {
  version: number;
  readAt: number;
  splitLabels: string[];
  updatedAt: Date | null;
}

interface LiveState {
  known: Map<string, Known>;
  emitter: EventEmitter;
  listener: pg.Client | null;
  listening: boolean;
  poll: NodeJS.Timeout | null;
}

const globalForLive = globalThis as unknown as { finishlineResultsLive?: LiveState };

function state(): LiveState {
  if (!globalForLive.finishlineResultsLive) {
    const emitter = new EventEmitter();
    emitter.setMaxListeners(0);
    globalForLive.finishlineResultsLive = { known: new Map(), emitter, listener: null, listening: false, poll: null };
  }
  return globalForLive.finishlineResultsLive;
}

export interface ResultsVersion {
  version: number;
  splitLabels: string[];
  updatedAt: Date | null;
}

function remember(raceId: string, v: ResultsVersion, now = Date.now()): void {
  const s = state();
  const before = s.known.get(raceId);
  s.known.set(raceId, { ...v, readAt: now });
  if (before && before.version !== v.version) s.emitter.emit(raceId, v.version);
}

async function readVersions(raceIds: string[]): Promise<Map<string, ResultsVersion>> {
  const { db, schema } = getConnection();
  const rows = raceIds.length
    ? await db.select().from(schema.resultVersions).where(inArray(schema.resultVersions.raceId, raceIds))
    : [];
  const found = new Map(rows.map((r) => [r.raceId, { version: r.version, splitLabels: r.splitLabels, updatedAt: r.updatedAt }]));
  return new Map(raceIds.map((id) => [id, found.get(id) ?? { version: 0, splitLabels: [], updatedAt: null }]));
}

/** The race's results version as this process knows it (read again when older than VERSION_TTL_MS). */
export async function resultsVersion(raceId: string, now = Date.now()): Promise<ResultsVersion> {
  ensureListening();
  const hit = state().known.get(raceId);
  if (hit && now - hit.readAt < VERSION_TTL_MS) return hit;
  const v = lookup(await readVersions([raceId]), raceId, "results version");
  remember(raceId, v, now);
  return v;
}

/** Inside an import's transaction: the next version. On PostgreSQL every process hears of it at commit. */
export async function bumpResultsVersion(tx: Database, raceId: string, splitLabels: string[], at: Date): Promise<number> {
  const { schema } = getConnection();
  const [row] = await tx.select().from(schema.resultVersions).where(eq(schema.resultVersions.raceId, raceId));
  const version = (row?.version ?? 0) + 1;
  if (row) await tx.update(schema.resultVersions).set({ version, splitLabels, updatedAt: at }).where(eq(schema.resultVersions.raceId, raceId));
  else await tx.insert(schema.resultVersions).values({ raceId, version, splitLabels, updatedAt: at });
  if (getConnection().engine === "postgres") await runStatement(tx, sql`select pg_notify(${CHANNEL}, ${`${raceId} ${version}`})`);
  return version;
}

/** After the import's commit, in the importing process. */
export function noteResultsVersion(raceId: string, v: ResultsVersion): void {
  remember(raceId, v);
}

/** Calls `listener` with each new version of the race's results; returns the unsubscribe function. */
export function subscribeToResults(raceId: string, listener: (version: number) => void): () => void {
  const s = state();
  ensureListening();
  s.emitter.on(raceId, listener);
  if (!s.poll) {
    // A missed notification (reconnect, another process on SQLite) still reaches open pages within POLL_MS.
    s.poll = setInterval(() => void pollSubscribed(), POLL_MS);
    s.poll.unref();
  }
  return () => {
    s.emitter.off(raceId, listener);
    if (s.emitter.eventNames().length === 0 && s.poll) {
      clearInterval(s.poll);
      s.poll = null;
    }
  };
}

async function pollSubscribed(): Promise<void> {
  const s = state();
  const raceIds = s.emitter.eventNames().filter((n): n is string => typeof n === "string");
  if (raceIds.length === 0) return;
  try {
    for (const [raceId, v] of await readVersions(raceIds)) remember(raceId, v);
  } catch (error) {
    logFailure("results live poll failed", error);
  }
}

function ensureListening(): void {
  const s = state();
  if (s.listening || getConnection().engine !== "postgres") return;
  s.listening = true;
  void connectListener(1000);
}

async function connectListener(backoffMs: number): Promise<void> {
  const s = state();
  const client = new pg.Client({ connectionString: getConnection().url });
  let connected = false;
  const retry = () => {
    if (s.listener !== client) return;
    s.listener = null;
    client.removeAllListeners();
    client.end().catch(() => undefined);
    // Whatever changed while disconnected: read again on next use.
    for (const known of s.known.values()) known.readAt = 0;
    // A listener that was up starts the back-off again from a second (a restart of PostgreSQL takes seconds); one
    // that never came up waits twice as long each time, up to 30 s.
    const wait = connected ? 1000 : backoffMs;
    setTimeout(() => void connectListener(connected ? 1000 : Math.min(backoffMs * 2, 30_000)), wait).unref();
  };
  s.listener = client;
  client.on("error", (error) => {
    logFailure("results listener lost its connection", error);
    retry();
  });
  client.on("end", retry);
  client.on("notification", (message) => {
    if (message.channel !== CHANNEL || !message.payload) return;
    const [raceId, version] = message.payload.split(" ");
    if (raceId === undefined || version === undefined) return; // not "<race id> <version>": not one of ours
    const known = s.known.get(raceId);
    if (!known || Number(version) > known.version) {
      // The split labels and time come with the next read.
      s.known.set(raceId, { version: Number(version), readAt: 0, splitLabels: known?.splitLabels ?? [], updatedAt: known?.updatedAt ?? null });
      s.emitter.emit(raceId, Number(version));
    }
  });
  try {
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    connected = true;
  } catch (error) {
    logFailure("results listener could not connect", error);
    retry();
  }
}

/** Tests: forget versions and drop the listener (the next use starts again). */
export async function resetResultsLiveForTests(): Promise<void> {
  const s = state();
  s.known.clear();
  s.emitter.removeAllListeners();
  if (s.poll) clearInterval(s.poll);
  s.poll = null;
  const client = s.listener;
  s.listener = null;
  s.listening = false;
  if (client) {
    client.removeAllListeners();
    await client.end().catch(() => undefined);
  }
}
