/**
 * `npm run bench`: each figure is measured beside a floor measured in the same run, on the same machine, so the
 * ratio means something anywhere. The floor is GET /api/health, a route that touches nothing.
 *
 * - The app is the production build (`next build` into .next-bench, rebuilt when a source file is newer) on a
 *   fresh SQLite database with the demo event, started on port 3200 and pinned to CPU 0 (`taskset -c 0`).
 *   Load generators run pinned to CPU 1.
 * - Throughput: autocannon, closed loop, 50 connections, a warm-up then 10 s per target (bench/load.mjs).
 * - Latency: `hey` at a FIXED total rate (65% of the lowest throughput measured above, so the server is not
 *   saturated), 10 s per target, split over staggered single-connection streams (see measureP99); p99 computed
 *   from every request's response time (`hey -o csv`).
 *
 * Every figure is measured between two measurements of the floor, just before and just after it (the Floors
 * helper: F A F B F …, a floor shared by the figures either side of it), and its ratio is to the mean of those two,
 * so a row passes or fails for the code and not for a machine that drifted since a floor taken minutes earlier.
 *
 * Results: a table on stdout and bench/results.json, a list of
 *   { name, value, unit, baseline, ratio, target, pass, floors, rounds? }
 * where baseline = the mean of the two floors, floors = [before, after] and ratio = value / baseline for every row. Throughput rows pass when ratio >= target (higher is better);
 * latency rows pass when ratio <= target (how many times the no-op's p99 the route may take).
 * To add a row: add its route to TARGETS (if new) and one entry to ROWS. Exit status 1 when a row fails or a
 * measurement breaks.
 *
 * Options: --rebuild (build even when fresh), --duration S (default 10), --connections N (default 50),
 *          --rate-fraction F (default 0.65), --only name-substring (run only matching rows),
 *          --rounds N (default 1: measure every target N times between floors, alternating the order, and keep the
 *          round with the median ratio; the registration burst runs N rounds and keeps the median round).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { and, eq } from "drizzle-orm";
import { closeConnection, getConnection, withTransaction } from "../server/db";
import { DEMO_EVENT_SLUG, demoEventInput, seedDemoEvent } from "../scripts/seed";
import { createEvent } from "../server/events/manage-events";
import { takenSeats } from "../server/registration/holds";
import { CLI_ACTOR } from "../server/actor";
import { createApiToken } from "../server/auth/tokens";
import { assignEventRole, createUser } from "../server/auth/users";
import { applyBibs } from "../server/bibs";
import { benchmarkBibBatch, benchmarkBibProposal } from "./bibs";
import { insertSyntheticEntries } from "../test/synthetic-entries";
import { outboxDeliverySettled } from "../server/email/outbox";
import { resetEnvForTests } from "../server/env";
import { syntheticResultsCsv } from "./results-file";
import { importResultsFile } from "../server/results/import-results";
import { first, lookup, nth } from "../core/lists";

const ROOT = process.cwd();
const PORT = 3200;
const BASE_URL = `http://127.0.0.1:${PORT}`;
const DIST_DIR = ".next-bench";
const DATA_DIR = path.join(ROOT, "data", "bench");
const DB_FILE = path.join(DATA_DIR, "bench.db");
const SERVER_LOG = path.join(DATA_DIR, "server.log");
const RESULTS_FILE = path.join(ROOT, "bench", "results.json");
const SERVER_CPU = "0";
const LOAD_CPU = "1";

// ---------------------------------------------------------------------------------------------------------------
// What is measured. A target is one request; a row compares a metric of a target with the same metric of a baseline.

interface Target {
  label: string;
  path: string;
  headers?: Record<string, string>;
}

const TARGETS = {
  noop: { label: "GET /api/health", path: "/api/health" },
  event: { label: "GET /api/v1/events/{event}", path: `/api/v1/events/${DEMO_EVENT_SLUG}` },
  // A pickup desk's look-up by bib among PICKUP_ENTRIES confirmed entries, with a volunteer's token: the bib and
  // the token are filled in by prepareDatabase().
  pickup: { label: "GET /api/v1/events/{event}/pickups?bib=…", path: "", headers: {} as Record<string, string> },
  // Spectators on race day, with RESULT_ROWS results in the half marathon (imported by prepareDatabase()).
  leaderboard: { label: "GET /en/events/{event}/results/half (page)", path: `/en/events/${DEMO_EVENT_SLUG}/results/half` },
  resultsApi: { label: "GET /api/v1/events/{event}/races/half/results", path: `/api/v1/events/${DEMO_EVENT_SLUG}/races/half/results` },
} satisfies Record<string, Target>;

type TargetKey = keyof typeof TARGETS;
type Metric = "throughput" | "p99";

interface RowSpec {
  name: string;
  metric: Metric;
  target: TargetKey;
  /** throughput: minimum ratio to the no-op floors; p99: maximum. */
  limit: number;
}

const ROWS: RowSpec[] = [
  // Issue 14: the event's and the results API's cached answers are ready bytes (server/api/ready-body.ts), served at
  // least as fast as the no-op route; the pickup look-up by bib at 0.6 of it.
  { name: "GET /api/v1/events/{event} throughput", metric: "throughput", target: "event", limit: 1.0 },
  { name: "GET /api/v1/events/{event} p99 latency", metric: "p99", target: "event", limit: 2 },
  { name: "pickup look-up by bib throughput", metric: "throughput", target: "pickup", limit: 0.6 },
  // Results (issue 5): at least 0.7x the no-op's throughput, and a p99 within 1/0.7 of the no-op's.
  { name: "leaderboard page throughput (30,000 results)", metric: "throughput", target: "leaderboard", limit: 0.7 },
  { name: "leaderboard page p99 latency (30,000 results)", metric: "p99", target: "leaderboard", limit: 1.43 },
  { name: "results API throughput (30,000 results)", metric: "throughput", target: "resultsApi", limit: 1.0 },
  { name: "results API p99 latency (30,000 results)", metric: "p99", target: "resultsApi", limit: 1.43 },
];

/**
 * The results import (issue 5): RESULT_ROWS finishers with RESULT_SPLITS splits into the demo half marathon, the
 * PICKUP_ENTRIES entries' bibs among them, measured in this process by prepareDatabase() (the file read and checked,
 * the race re-ranked and written in one transaction). The issue's target is absolute: under 5 s on this machine.
 */
const RESULT_ROWS = 30_000;
const RESULT_SPLITS = 8;
const RESULT_IMPORT_LIMIT_MS = 5000;
let resultsImport: { ms: number; againMs: number } | undefined;

/** Confirmed entries of the demo half marathon (with bibs from a batch) among which the pickup look-up searches. */
const PICKUP_ENTRIES = 5000;

/**
 * The batch bib assignment (issue 4), measured in this process on a throw-away database of its own before the
 * server starts: the pure proposal for BIB_ENTRIES entries, and a batch race of BIB_ENTRIES confirmed entries
 * proposed from the database and applied (one transaction, then one email per runner queued). The issue's targets
 * are absolute on this machine: proposal under 1 s, applied under 5 s; the row's baseline is that limit.
 */
const BIB_ENTRIES = 30_000;
const BIB_DB_FILE = path.join(DATA_DIR, "bibs.db");

const UNITS: Record<Metric, string> = { throughput: "req/s", p99: "ms" };

/**
 * The registration burst: BURST_ATTEMPTS runners register for the demo event's fun run (BURST_SEATS places, fewer
 * than the attempts) from CONNECTIONS concurrent clients, through the real flow (validation, the seat transaction,
 * the simulated checkout), --rounds times, each round between two measurements of the no-op route (measureBurst).
 * Rows: the median round's throughput beside its floors, and the seats sold beyond capacity (must be 0). Its
 * p50/p99 are printed with the floors. Like the floor, which autocannon warms up first, the route is warmed up
 * before it is measured: BURST_WARMUP runners register for the half marathon (places left beside the pickup
 * entries), not counted.
 *
 * Beside each such burst, the same burst against a race that already holds FULL_RACE_ENTRIES confirmed entries
 * (the fun run of a copy of the demo event, FULL_EVENT_SLUG, so the demo event's other rows read what they always
 * did), the two in alternating order: the row compares the bursts' ratios to their floors. Registration reads the
 * race's seat counter instead of counting its entries (docs/decisions/013), so the full race must stay within
 * FULL_RACE_TARGET of the empty one.
 */
const BURST_RACE = "fun-run";
const BURST_SEATS = 3000;
const BURST_ATTEMPTS = 5000;
const BURST_WARMUP_RACE = "half";
const BURST_WARMUP = 500;
const BURST_THROUGHPUT_TARGET = 0.6;
const FULL_EVENT_SLUG = "bench-full-race";
const FULL_RACE_ENTRIES = 30_000;
const FULL_RACE_TARGET = 0.9;

export interface ResultRow {
  name: string;
  value: number;
  unit: string;
  baseline: number;
  /** value / baseline */
  ratio: number;
  target: string;
  pass: boolean;
  /** The no-op route's figure just before and just after the measurement; baseline is their mean. */
  floors?: [number, number];
  /** With --rounds N: every round's ratio (the row keeps the median round). */
  rounds?: number[];
}

// ---------------------------------------------------------------------------------------------------------------

const { values: opts } = parseArgs({
  options: {
    rebuild: { type: "boolean", default: false },
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "50" },
    "rate-fraction": { type: "string", default: "0.65" },
    only: { type: "string" },
    rounds: { type: "string", default: "1" },
  },
});
const DURATION_S = Number(opts.duration);
const CONNECTIONS = Number(opts.connections);
const RATE_FRACTION = Number(opts["rate-fraction"]);
const ROUNDS = Math.max(1, Number(opts.rounds));
const WARMUP_S = 3;

function log(message: string): void {
  console.error(`[bench] ${message}`);
}

function hasCommand(cmd: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
}

function ensureTools(): void {
  if (!hasCommand("taskset")) throw new Error("taskset is missing (Debian package util-linux)");
  if (hasCommand("hey")) return;
  log("installing hey (apt)");
  const sudo = process.getuid?.() === 0 ? "" : "sudo ";
  const install = `${sudo}apt-get install -y -qq hey`;
  spawnSync("sh", ["-c", `${install} || { ${sudo}apt-get update -qq && ${install}; }`], {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (!hasCommand("hey")) throw new Error("could not install hey (apt-get install -y hey)");
}

function cpuCount(): number {
  const r = spawnSync("nproc", { encoding: "utf8" });
  return Number(r.stdout.trim()) || 1;
}

/** Newest modification time under the inputs of the build. */
function newestSourceMtime(): number {
  const dirs = ["app", "server", "core", "db", "i18n", "messages", "public"];
  const files = ["next.config.ts", "proxy.ts", "instrumentation.ts", "package-lock.json", "tsconfig.json"];
  let newest = 0;
  const visit = (p: string) => {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(p)) if (name !== "node_modules" && name !== "migrations") visit(path.join(p, name));
    } else if (!/\.test\.tsx?$/.test(p)) {
      newest = Math.max(newest, st.mtimeMs);
    }
  };
  for (const d of dirs) visit(path.join(ROOT, d));
  for (const f of files) visit(path.join(ROOT, f));
  return newest;
}

function buildIfNeeded(): void {
  const buildId = path.join(ROOT, DIST_DIR, "BUILD_ID");
  const fresh = fs.existsSync(buildId) && fs.statSync(buildId).mtimeMs > newestSourceMtime();
  if (fresh && !opts.rebuild) {
    log(`using the build in ${DIST_DIR} (newer than every source file; --rebuild to force)`);
    return;
  }
  log(`building into ${DIST_DIR} (next build)`);
  // `next build` adds its dist dir's types to tsconfig.json (and reformats it); keep the checked-in file as it was.
  const tsconfig = path.join(ROOT, "tsconfig.json");
  const before = fs.readFileSync(tsconfig);
  const r = spawnSync("npx", ["next", "build"], {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NEXT_DIST_DIR: DIST_DIR, DATABASE_URL: `file:${DB_FILE}`, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (!fs.readFileSync(tsconfig).equals(before)) fs.writeFileSync(tsconfig, before);
  if (r.status !== 0) throw new Error("next build failed");
}

async function prepareDatabase(): Promise<void> {
  fs.mkdirSync(DATA_DIR, { recursive: true });
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(DB_FILE + suffix, { force: true });
  process.env.DATABASE_URL = `file:${DB_FILE}`;
  await getConnection().migrate();
  await seedDemoEvent(CLI_ACTOR);
  const { schema } = getConnection();
  await withTransaction((tx) => tx.update(schema.races).set({ capacity: BURST_SEATS }).where(eq(schema.races.slug, BURST_RACE)));
  // The full race's event: the demo event again under another slug, FULL_RACE_ENTRIES confirmed entries in its fun run.
  await createEvent(CLI_ACTOR, { ...demoEventInput(new Date()), slug: FULL_EVENT_SLUG });
  await insertSyntheticEntries(FULL_EVENT_SLUG, BURST_RACE, FULL_RACE_ENTRIES, { prefix: "FULL" });
  // Pickup look-ups: confirmed entries with bibs, and a volunteer of the event with an API token.
  await insertSyntheticEntries(DEMO_EVENT_SLUG, "half", PICKUP_ENTRIES, { prefix: "BENCH" });
  const assigned = await applyBibs(CLI_ACTOR, DEMO_EVENT_SLUG, "half");
  const event = first(await getConnection().db.select({ id: schema.events.id }).from(schema.events).where(eq(schema.events.slug, DEMO_EVENT_SLUG)));
  const volunteer = await createUser(CLI_ACTOR, { email: "bench-volunteer@example.com", password: "bench-volunteer-1", role: "volunteer" });
  await assignEventRole(CLI_ACTOR, { userId: volunteer.id, eventId: event.id, role: "volunteer" });
  const { token } = await createApiToken(CLI_ACTOR, { email: volunteer.email, name: "bench" });
  const { bib } = nth(assigned.assignments, Math.floor(assigned.assignments.length / 2), "bib assignment");
  const csv = syntheticResultsCsv(RESULT_ROWS, { bibs: assigned.assignments.map((a) => a.bib), firstExtraBib: 20001, splits: RESULT_SPLITS });
  const started = performance.now();
  const imported = await importResultsFile(CLI_ACTOR, DEMO_EVENT_SLUG, "half", csv);
  const ms = performance.now() - started;
  const againStarted = performance.now();
  await importResultsFile(CLI_ACTOR, DEMO_EVENT_SLUG, "half", csv);
  resultsImport = { ms, againMs: performance.now() - againStarted };
  if (imported.created !== RESULT_ROWS) throw new Error(`results import: ${imported.created} of ${RESULT_ROWS} created`);
  log(`results import, ${RESULT_ROWS} rows with ${RESULT_SPLITS} splits (${(csv.length / 1e6).toFixed(1)} MB): ${ms.toFixed(0)} ms; the same file again ${resultsImport.againMs.toFixed(0)} ms`);
  TARGETS.pickup.path = `/api/v1/events/${DEMO_EVENT_SLUG}/pickups?bib=${bib}`;
  TARGETS.pickup.headers = { authorization: `Bearer ${token}` };
  // The batch's emails start a delivery run in the background: let it end before the connection closes.
  await outboxDeliverySettled();
  await closeConnection();
  log(`fresh database ${path.relative(ROOT, DB_FILE)} with the demo event and ${assigned.assignments.length} confirmed half-marathon entries with bibs`);
}

interface BibFigures {
  proposalMs: number;
  proposeMs: number;
  applyMs: number;
  emailsMs: number;
  assigned: number;
}

async function measureBibBatch(): Promise<BibFigures> {
  const previous = process.env.DATABASE_URL;
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(BIB_DB_FILE + suffix, { force: true });
  process.env.DATABASE_URL = `file:${BIB_DB_FILE}`;
  resetEnvForTests();
  try {
    await getConnection().migrate();
    benchmarkBibProposal(2000); // warm-up
    const proposal = benchmarkBibProposal(BIB_ENTRIES);
    const batch = await benchmarkBibBatch({ entries: BIB_ENTRIES });
    if (batch.assigned !== BIB_ENTRIES || proposal.assigned === 0) throw new Error(`bib batch: ${batch.assigned} of ${BIB_ENTRIES} assigned`);
    log(
      `bib batch, ${BIB_ENTRIES} entries: pure proposal ${proposal.ms.toFixed(0)} ms; from the database: insert ${batch.insertMs.toFixed(0)} ms (setup), ` +
        `propose ${batch.proposeMs.toFixed(0)} ms, apply ${batch.applyMs.toFixed(0)} ms, emails queued ${batch.emailsMs.toFixed(0)} ms`,
    );
    return { proposalMs: proposal.ms, proposeMs: batch.proposeMs, applyMs: batch.applyMs, emailsMs: batch.emailsMs, assigned: batch.assigned };
  } finally {
    await outboxDeliverySettled();
    await closeConnection();
    process.env.DATABASE_URL = previous;
    resetEnvForTests();
  }
}

async function answers(url: string, headers?: Record<string, string>): Promise<number | null> {
  try {
    const res = await fetch(url, { headers, signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return null;
  }
}

let server: ChildProcess | undefined;

function stopServer(): void {
  if (server?.pid && server.exitCode === null) {
    try {
      process.kill(-server.pid, "SIGTERM");
    } catch {
      /* already gone */
    }
  }
  server = undefined;
}

async function startServer(): Promise<void> {
  if ((await answers(`${BASE_URL}/api/health`)) !== null) throw new Error(`port ${PORT} is already in use`);
  const out = fs.openSync(SERVER_LOG, "w");
  const nextBin = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
  server = spawn("taskset", ["-c", SERVER_CPU, process.execPath, nextBin, "start", "-H", "127.0.0.1", "-p", String(PORT)], {
    detached: true,
    stdio: ["ignore", out, out],
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_DIST_DIR: DIST_DIR,
      DATABASE_URL: `file:${DB_FILE}`,
      PUBLIC_URL: BASE_URL,
      NEXT_TELEMETRY_DISABLED: "1",
      LOG_LEVEL: "warn",
      // Every burst request comes from 127.0.0.1: the per-address limit would turn the burst into 429s.
      RATE_LIMIT_REGISTRATIONS_PER_MINUTE: "0",
    },
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode}); see ${SERVER_LOG}`);
    if ((await answers(`${BASE_URL}/api/health`)) === 200) {
      log(`server up on ${BASE_URL} (pid ${server.pid}, CPU ${SERVER_CPU}; log ${path.relative(ROOT, SERVER_LOG)})`);
      return;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server did not answer within 60 s; see ${SERVER_LOG}`);
}

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${cmd} ${args.join(" ")} exited ${code}`))));
  });
}

function headerArgs(t: Target, flag: string): string[] {
  return Object.entries(t.headers ?? {}).flatMap(([k, v]) => [flag, `${k}: ${v}`]);
}

interface LoadResult {
  requestsPerSecond: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

async function autocannon(t: Target, seconds: number): Promise<LoadResult> {
  const out = await run("taskset", [
    "-c",
    LOAD_CPU,
    process.execPath,
    path.join(ROOT, "bench", "load.mjs"),
    "--url",
    BASE_URL + t.path,
    "--duration",
    String(seconds),
    "--connections",
    String(CONNECTIONS),
    ...headerArgs(t, "--header"),
  ]);
  return JSON.parse(out.trim().split("\n").at(-1) ?? "") as LoadResult;
}

async function measureThroughput(t: Target): Promise<number> {
  await autocannon(t, WARMUP_S);
  const r = await autocannon(t, DURATION_S);
  if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0) {
    throw new Error(`${t.label}: ${r.non2xx} non-2xx answers, ${r.errors} errors, ${r.timeouts} timeouts under load`);
  }
  log(`${t.label}: ${r.requestsPerSecond.toFixed(0)} req/s`);
  return r.requestsPerSecond;
}

/**
 * Response times (ms) and status codes from `hey -o csv`, one row per request; the first request of a stream
 * (which also opens its connection) is dropped.
 */
export function parseHeyCsv(csv: string): { latenciesMs: number[]; statuses: Record<string, number> } {
  const lines = csv.trim().split("\n");
  const header = lines.shift()?.split(",") ?? [];
  const timeCol = header.indexOf("response-time");
  const statusCol = header.indexOf("status-code");
  if (timeCol < 0 || statusCol < 0) throw new Error(`unexpected output from hey: ${header.join(",")}`);
  const latenciesMs: number[] = [];
  const statuses: Record<string, number> = {};
  lines.slice(1).forEach((line) => {
    const cols = line.split(",");
    latenciesMs.push(Number(cols[timeCol]) * 1000);
    const status = nth(cols, statusCol, "status-code");
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  return { latenciesMs, statuses };
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN; // no samples, no percentile
}

/**
 * p99 at a fixed total rate. hey's workers inside one process tick in lockstep (all C requests leave together,
 * a burst every 1/q seconds), so the rate is split over `streams` hey processes of one connection each, started
 * evenly staggered across one interval: arrivals are spread uniformly, independent of the answers (open loop,
 * as long as an answer takes less than a stream's interval, which the log line below lets you check).
 */
async function measureP99(t: Target, totalRate: number): Promise<number> {
  const streams = Math.max(4, Math.min(32, Math.ceil(totalRate / 25)));
  const perStream = totalRate / streams;
  const intervalMs = 1000 / perStream;
  const runs: Promise<string>[] = [];
  for (let i = 0; i < streams; i++) {
    runs.push(
      new Promise<void>((r) => setTimeout(r, (i * intervalMs) / streams)).then(() =>
        run("taskset", ["-c", LOAD_CPU, "hey", "-z", `${DURATION_S}s`, "-q", perStream.toFixed(3), "-c", "1", "-o", "csv", ...headerArgs(t, "-H"), BASE_URL + t.path]),
      ),
    );
  }
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  for (const out of await Promise.all(runs)) {
    const r = parseHeyCsv(out);
    latencies.push(...r.latenciesMs);
    for (const [k, n] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + n;
  }
  const bad = Object.keys(statuses).filter((s) => !s.startsWith("2"));
  if (bad.length > 0) throw new Error(`${t.label}: hey saw status codes ${JSON.stringify(statuses)}`);
  const p99 = percentile(latencies, 99);
  const achieved = latencies.length / DURATION_S;
  log(
    `${t.label}: p99 ${p99.toFixed(2)} ms, p50 ${percentile(latencies, 50).toFixed(2)} ms, max ${Math.max(...latencies).toFixed(1)} ms ` +
      `at ${achieved.toFixed(0)} of ${totalRate.toFixed(0)} req/s offered (${streams} streams, one every ${intervalMs.toFixed(0)} ms each)`,
  );
  return p99;
}

interface BurstRound {
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  statuses: Record<string, number>;
  /** The no-op route's throughput just before and just after this burst. */
  floorBefore: number;
  floorAfter: number;
  /** requestsPerSecond / the mean of the two floors */
  ratio: number;
  /** Seats held or confirmed in the burst race afterwards, and its capacity for the round. */
  taken: number;
  capacity: number;
  oversold: number;
}

/** Places taken in a race now, counted from its entries by the rule registration's counters keep (core/places.ts). */
async function liveSeats(raceId: string): Promise<number> {
  return (await takenSeats(getConnection().db, [raceId], new Date())).get(raceId)!;
}

/** The race a burst goes to, and what is measured of it. */
interface BurstTarget {
  label: string;
  eventSlug: string;
  raceId: string;
  runId: (round: number) => string;
}

/**
 * ROUNDS rounds (the --rounds option), each of two bursts, one against the demo event's fun run (empty at first)
 * and one against the full race, in alternating order (empty first in even rounds), each for BURST_SEATS fresh
 * seats of its race (its capacity is raised by that much before the burst), each between two measurements of the
 * no-op route: a burst's ratio is its throughput over the mean of the floors just before and just after it, so a
 * machine that drifts during the run moves both sides alike. The route is warmed up once before the first round.
 */
async function measureBurst(): Promise<{ empty: BurstRound; full: BurstRound }[]> {
  const burst = (eventSlug: string, race: string, attempts: number, runId: string) =>
    run("taskset", [
      "-c",
      LOAD_CPU,
      process.execPath,
      path.join(ROOT, "bench", "register-burst.mjs"),
      "--url",
      `${BASE_URL}/api/v1/events/${eventSlug}/registrations`,
      "--race",
      race,
      "--attempts",
      String(attempts),
      "--connections",
      String(CONNECTIONS),
      "--run-id",
      runId,
    ]);
  const warm = JSON.parse((await burst(DEMO_EVENT_SLUG, BURST_WARMUP_RACE, BURST_WARMUP, "WARMUP")).trim().split("\n").at(-1) ?? "") as { statuses: Record<string, number> };
  if (warm.statuses["201"] !== BURST_WARMUP) throw new Error(`registration burst warm-up: unexpected answers ${JSON.stringify(warm.statuses)}`);
  const { db, schema } = getConnection();
  const raceIn = async (eventSlug: string) => {
    const race = first(
      await db
        .select({ id: schema.races.id })
        .from(schema.races)
        .innerJoin(schema.events, eq(schema.events.id, schema.races.eventId))
        .where(and(eq(schema.events.slug, eventSlug), eq(schema.races.slug, BURST_RACE))),
    );
    return race.id;
  };
  const empty: BurstTarget = { label: "registration burst", eventSlug: DEMO_EVENT_SLUG, raceId: await raceIn(DEMO_EVENT_SLUG), runId: (i) => `BURST${i}` };
  const full: BurstTarget = { label: `registration burst, ${FULL_RACE_ENTRIES} entries in the race`, eventSlug: FULL_EVENT_SLUG, raceId: await raceIn(FULL_EVENT_SLUG), runId: (i) => `FULL${i}` };

  const floors = new Floors(() => measureThroughput(TARGETS.noop));
  const once = async (target: BurstTarget, i: number): Promise<BurstRound> => {
    const capacity = (await liveSeats(target.raceId)) + BURST_SEATS;
    await withTransaction((tx) => tx.update(schema.races).set({ capacity }).where(eq(schema.races.id, target.raceId)));
    const m = await floors.between(async () => {
      const r = JSON.parse((await burst(target.eventSlug, BURST_RACE, BURST_ATTEMPTS, target.runId(i))).trim().split("\n").at(-1) ?? "") as Pick<BurstRound, "requestsPerSecond" | "latencyMs" | "statuses">;
      const taken = await liveSeats(target.raceId);
      const unexpected = Object.keys(r.statuses).filter((s) => s !== "201" && s !== "409");
      if (unexpected.length > 0) throw new Error(`${target.label}: unexpected answers ${JSON.stringify(r.statuses)}`);
      return { ...r, taken };
    }, (r) => r.requestsPerSecond);
    const { result: r, floorBefore, floorAfter, ratio } = m;
    log(
      `${target.label} ${i + 1}/${ROUNDS}: ${r.requestsPerSecond.toFixed(0)} req/s between floors of ${floorBefore.toFixed(0)} and ${floorAfter.toFixed(0)} req/s ` +
        `(ratio ${ratio.toFixed(3)}), p50 ${r.latencyMs.p50.toFixed(1)} ms, p99 ${r.latencyMs.p99.toFixed(1)} ms; answers ${JSON.stringify(r.statuses)}; ${r.taken} of ${capacity} seats taken`,
    );
    return { ...r, floorBefore, floorAfter, ratio, capacity, oversold: Math.max(0, r.taken - capacity) };
  };
  const rounds: { empty: BurstRound; full: BurstRound }[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    if (i % 2 === 0) {
      const e = await once(empty, i);
      rounds.push({ empty: e, full: await once(full, i) });
    } else {
      const f = await once(full, i);
      rounds.push({ empty: await once(empty, i), full: f });
    }
  }
  await closeConnection();
  return rounds;
}

/** One measurement taken between two measurements of the floor (the no-op route), and its ratio to their mean. */
export interface BetweenFloors<T> {
  result: T;
  value: number;
  floorBefore: number;
  floorAfter: number;
  /** value / the mean of floorBefore and floorAfter */
  ratio: number;
}

/**
 * The bench's one method for a figure measured beside the no-op route: every measurement is taken between two
 * measurements of the floor, just before and just after it, and its ratio is to their mean, so a machine that drifts
 * during the run moves both sides alike. Consecutive measurements share the floor between them (F A F B F …); call
 * restart() when something else ran since the last floor. With --rounds N, each target is measured N times and the
 * round with the median ratio stands for the run (medianRound).
 */
export class Floors {
  private last: number | undefined;

  constructor(private readonly floor: () => Promise<number>) {}

  async between<T>(measure: () => Promise<T>, valueOf: (result: T) => number): Promise<BetweenFloors<T>> {
    const floorBefore = this.last ?? (await this.floor());
    const result = await measure();
    const floorAfter = await this.floor();
    this.last = floorAfter;
    const value = valueOf(result);
    return { result, value, floorBefore, floorAfter, ratio: value / ((floorBefore + floorAfter) / 2) };
  }

  /** The next measurement takes a fresh floor before it. */
  restart(): void {
    this.last = undefined;
  }
}

/** The round whose ratio is the median (the lower middle one for an even count). */
export function medianRound<T extends { ratio: number }>(rounds: T[]): T {
  return nth([...rounds].sort((a, b) => a.ratio - b.ratio), Math.floor((rounds.length - 1) / 2), "round");
}

/**
 * Measures every key ROUNDS times between floors (reversing the order each round, A B then B A, so drift hits all
 * alike) and keeps, per key, the round with the median ratio.
 */
async function inRounds(keys: TargetKey[], floors: Floors, measure: (k: TargetKey) => Promise<number>): Promise<Map<TargetKey, BetweenFloors<number>[]>> {
  const samples = new Map<TargetKey, BetweenFloors<number>[]>(keys.map((k) => [k, []]));
  for (let i = 0; i < ROUNDS; i++) {
    for (const k of i % 2 === 0 ? keys : [...keys].reverse()) lookup(samples, k).push(await floors.between(() => measure(k), (v) => v));
  }
  return samples;
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

function printTable(rows: ResultRow[], floors: string[]): void {
  const header = ["name", "value", "unit", "floors (before / after)", "baseline", "ratio", "target", "pass"];
  const cells = rows.map((r) => [
    r.name,
    String(r.value),
    r.unit,
    r.floors ? `${r.floors[0]} / ${r.floors[1]}` : "",
    String(r.baseline),
    String(r.ratio) + (r.rounds ? ` (${r.rounds.join(", ")})` : ""),
    r.target,
    r.pass ? "PASS" : "FAIL",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => nth(c, i).length)));
  const line = (c: string[]) => c.map((x, i) => (i === 0 || i === 2 || i === 6 ? x.padEnd(nth(widths, i)) : x.padStart(nth(widths, i)))).join("  ");
  console.log("");
  for (const f of floors) console.log(f);
  console.log("");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const c of cells) console.log(line(c));
  console.log("");
  console.log(
    "baseline = the mean of the no-op floors measured just before and just after the row's figure; ratio = value / baseline " +
      "(with --rounds, the median round's, every round's in brackets); throughput passes at ratio >= target, latency at ratio <= target.",
  );
}

async function main(): Promise<number> {
  const rows = ROWS.filter((r) => !opts.only || r.name.includes(opts.only));
  const burstRows = !opts.only || "registration burst".includes(opts.only) || opts.only.includes("registration");
  if (rows.length === 0 && !burstRows) throw new Error(`no row matches --only ${opts.only}`);
  if (cpuCount() < 2) log("warning: fewer than 2 CPUs; the server and the load generator share one");
  ensureTools();
  const bibRows = !opts.only || "bib batch".includes(opts.only) || opts.only.includes("bib");
  const bibs = bibRows ? await measureBibBatch() : undefined;
  await prepareDatabase();
  buildIfNeeded();
  await startServer();

  for (const key of new Set(["noop" as TargetKey, ...rows.map((r) => r.target)])) {
    const t: Target = TARGETS[key];
    const status = await answers(BASE_URL + t.path, t.headers);
    if (status !== 200) throw new Error(`${t.label} answers ${status ?? "nothing"} before the run`);
  }

  // Throughput first (every target that any row uses: latency needs it to choose its rate), each between floors.
  const keys = [...new Set(rows.map((r) => r.target))];
  const throughput = await inRounds(keys, new Floors(() => measureThroughput(TARGETS.noop)), (k) => measureThroughput(TARGETS[k]));

  const latencyKeys = [...new Set(rows.filter((r) => r.metric === "p99").map((r) => r.target))];
  // The rate every p99 is measured at: a fraction of the lowest throughput among its targets and their floors.
  const rate =
    RATE_FRACTION *
    Math.min(...latencyKeys.flatMap((k) => lookup(throughput, k).flatMap((m) => [m.value, m.floorBefore, m.floorAfter])));
  const p99 = latencyKeys.length > 0 ? await inRounds(latencyKeys, new Floors(() => measureP99(TARGETS.noop, rate)), (k) => measureP99(TARGETS[k], rate)) : new Map<TargetKey, BetweenFloors<number>[]>();

  const results: ResultRow[] = rows.map((r) => {
    const rounds = lookup(r.metric === "throughput" ? throughput : p99, r.target);
    const m = medianRound(rounds);
    const pass = r.metric === "throughput" ? m.ratio >= r.limit : m.ratio <= r.limit;
    const digits = r.metric === "throughput" ? 0 : 2;
    return {
      name: r.name,
      value: round(m.value, digits),
      unit: UNITS[r.metric],
      baseline: round((m.floorBefore + m.floorAfter) / 2, digits),
      ratio: round(m.ratio, 3),
      target: `${r.metric === "throughput" ? ">=" : "<="} ${r.limit}`,
      pass,
      floors: [round(m.floorBefore, digits), round(m.floorAfter, digits)],
      ...(rounds.length > 1 ? { rounds: rounds.map((x) => round(x.ratio, 3)) } : {}),
    };
  });
  const floorLines = (table: Map<TargetKey, BetweenFloors<number>[]>, metric: Metric, how: string) =>
    [...table].flatMap(([k, rounds]) =>
      rounds.map((m, i) => {
        const f = (x: number) => (metric === "throughput" ? x.toFixed(0) : x.toFixed(2));
        return (
          `${TARGETS[k].label} ${metric}${rounds.length > 1 ? ` ${i + 1} of ${rounds.length}${m === medianRound(rounds) ? " (median)" : ""}` : ""}: ` +
          `${f(m.value)} ${UNITS[metric]} between no-op floors of ${f(m.floorBefore)} and ${f(m.floorAfter)} ${UNITS[metric]} (ratio ${m.ratio.toFixed(3)}; ${how})`
        );
      }),
    );

  const floors: string[] = [];
  if (burstRows) {
    const pairs = await measureBurst();
    const rounds = pairs.map((p) => p.empty);
    // The round with the median ratio stands for the run (with one round, that round).
    const burst = medianRound(rounds);
    const floor = (burst.floorBefore + burst.floorAfter) / 2;
    const all = pairs.flatMap((p) => [p.empty, p.full]);
    const soldRight = all.every((r) => r.oversold === 0 && r.taken === r.capacity && r.statuses["201"] === BURST_SEATS);
    // The full race against the empty one, round by round; the median round stands for the run.
    const fullPair = nth(
      [...pairs].sort((a, b) => a.full.ratio / a.empty.ratio - b.full.ratio / b.empty.ratio),
      Math.floor((pairs.length - 1) / 2),
      "burst round",
    );
    const fullRatio = fullPair.full.ratio / fullPair.empty.ratio;
    results.push(
      {
        name: "POST registrations burst throughput",
        value: round(burst.requestsPerSecond, 0),
        unit: "req/s",
        baseline: round(floor, 0),
        ratio: round(burst.ratio, 3),
        target: `>= ${BURST_THROUGHPUT_TARGET}`,
        pass: burst.ratio >= BURST_THROUGHPUT_TARGET,
        floors: [round(burst.floorBefore, 0), round(burst.floorAfter, 0)],
        ...(rounds.length > 1 ? { rounds: rounds.map((x) => round(x.ratio, 3)) } : {}),
      },
      {
        name: `registration burst with ${FULL_RACE_ENTRIES.toLocaleString("en")} entries in the race, against the empty race`,
        value: round(fullPair.full.ratio, 3),
        unit: "x no-op",
        baseline: round(fullPair.empty.ratio, 3),
        ratio: round(fullRatio, 3),
        target: `>= ${FULL_RACE_TARGET}`,
        pass: fullRatio >= FULL_RACE_TARGET,
      },
      {
        name: "registration burst: seats sold beyond capacity",
        value: all.reduce((n, r) => n + r.oversold, 0),
        unit: "seats",
        baseline: BURST_SEATS * all.length,
        ratio: round(all.reduce((n, r) => n + r.oversold, 0) / (BURST_SEATS * all.length), 3),
        target: "= 0",
        pass: soldRight,
      },
    );
    floors.push(
      ...pairs.flatMap((p, i) =>
        (["empty", "full"] as const).map((which) => {
          const r = p[which];
          return (
            `registration burst${which === "full" ? ` (${FULL_RACE_ENTRIES} entries in the race)` : ""}${pairs.length > 1 ? ` ${i + 1} of ${pairs.length}` : ""}: ` +
            `${BURST_ATTEMPTS} attempts for ${BURST_SEATS} seats from ${CONNECTIONS} clients: ` +
            `${r.requestsPerSecond.toFixed(0)} req/s between no-op floors of ${r.floorBefore.toFixed(0)} and ${r.floorAfter.toFixed(0)} req/s (ratio ${r.ratio.toFixed(3)}), ` +
            `p50 ${r.latencyMs.p50.toFixed(1)} ms, p99 ${r.latencyMs.p99.toFixed(1)} ms, answers ${JSON.stringify(r.statuses)}, ${r.taken} of ${r.capacity} seats taken`
          );
        }),
      ),
    );
  }
  if (bibs) {
    const proposalLimit = 1000;
    const appliedLimit = 5000;
    // Applied: the proposal read from the database and written in one transaction. The runners' emails are
    // rendered and queued after that commit (outside the batch's lock); their time is printed beside it.
    const applied = bibs.proposeMs + bibs.applyMs;
    results.push(
      {
        name: `bib proposal, ${BIB_ENTRIES} entries (pure)`,
        value: round(bibs.proposalMs, 0),
        unit: "ms",
        baseline: proposalLimit,
        ratio: round(bibs.proposalMs / proposalLimit, 3),
        target: "<= 1",
        pass: bibs.proposalMs <= proposalLimit,
      },
      {
        name: `bib batch proposed and applied, ${BIB_ENTRIES} entries`,
        value: round(applied, 0),
        unit: "ms",
        baseline: appliedLimit,
        ratio: round(applied / appliedLimit, 3),
        target: "<= 1",
        pass: applied <= appliedLimit,
      },
    );
    floors.push(
      `bib batch, ${BIB_ENTRIES} entries: pure proposal ${bibs.proposalMs.toFixed(0)} ms; from the database propose ${bibs.proposeMs.toFixed(0)} ms, ` +
        `apply ${bibs.applyMs.toFixed(0)} ms, then ${BIB_ENTRIES} emails rendered and queued ${bibs.emailsMs.toFixed(0)} ms (limits 1 s and 5 s: the row's baseline)`,
    );
  }
  if (resultsImport && (!opts.only || "results import".includes(opts.only) || opts.only.includes("results"))) {
    results.push({
      name: `results import, ${RESULT_ROWS} finishers with ${RESULT_SPLITS} splits`,
      value: round(resultsImport.ms, 0),
      unit: "ms",
      baseline: RESULT_IMPORT_LIMIT_MS,
      ratio: round(resultsImport.ms / RESULT_IMPORT_LIMIT_MS, 3),
      target: "<= 1",
      pass: resultsImport.ms <= RESULT_IMPORT_LIMIT_MS,
    });
    floors.push(
      `results import, ${RESULT_ROWS} finishers with ${RESULT_SPLITS} splits: ${resultsImport.ms.toFixed(0)} ms (${((RESULT_ROWS / resultsImport.ms) * 1000).toFixed(0)} rows/s); ` +
        `the same file again (nothing written) ${resultsImport.againMs.toFixed(0)} ms (limit 5 s: the row's baseline)`,
    );
  }
  fs.writeFileSync(RESULTS_FILE, JSON.stringify(results, null, 2) + "\n");
  floors.unshift(
    ...floorLines(throughput, "throughput", `autocannon, ${CONNECTIONS} connections, ${DURATION_S} s`),
    ...floorLines(p99, "p99", `hey, open loop at a fixed ${rate.toFixed(0)} req/s, ${DURATION_S} s`),
  );
  printTable(results, floors);
  console.log(`Written to ${path.relative(ROOT, RESULTS_FILE)}.`);
  return results.every((r) => r.pass) ? 0 : 1;
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    stopServer();
    process.exit(130);
  });
}

main()
  .then((code) => {
    stopServer();
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    stopServer();
    console.error(`[bench] ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
