/**
 * Bibs given on confirmation under load: 1,000 payments confirmed at the same moment give 1,000 distinct bibs, the
 * lowest numbers of the race's open range, and never overfill a wave. On SQLite from one app process (its
 * topology: writes serialized in-process); on PostgreSQL from two app processes on one database, 500 each, whose
 * event bib lock is an advisory lock both share. A range too small leaves the rest confirmed without a bib, never
 * a failed payment (both engines).
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { and, count, eq, inArray, isNotNull } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { getConnection } from "../db";
import { clockEnvForChild } from "../../test/clock";
import { resetDatabase } from "../../test/db";
import { eventInput, raceInput } from "../../test/factories";
import { CLI_ACTOR } from "../actor";
import { getAuthSecret } from "../auth/secret";
import { createEvent } from "../events/manage-events";
import { confirmPayment } from "../payments/confirm-payment";
import { insertSyntheticEntries } from "../../test/synthetic-entries";
import { proposeBibs } from "./batch";
import { first, present } from "../../core/lists";

const SLUG = "bib-rush";

async function setup(openRange: { from: number; to: number }, entries = 1000) {
  await createEvent(
    CLI_ACTOR,
    eventInput({
      slug: SLUG,
      races: [
        raceInput({
          capacity: 5000,
          bibRanges: [{ from: 1, to: 1000, reserved: true }, openRange],
          waves: [
            { name: "A", startTime: "2027-04-18T07:30", maxPredictedSeconds: 6000, maxSize: 200 },
            { name: "B", startTime: "2027-04-18T07:40", minPredictedSeconds: 6000, maxPredictedSeconds: 9000, maxSize: 300 },
            { name: "C", startTime: "2027-04-18T07:50", minPredictedSeconds: 9000 },
          ],
        }),
      ],
    }),
  );
  const { orderIds } = await insertSyntheticEntries(SLUG, "half", entries, { status: "held" });
  // The app's generated secret (for the emails' private links) exists before the rush, as in a running app.
  await getAuthSecret();
  const { db, schema } = getConnection();
  return db
    .select({ id: schema.orders.id, totalCents: schema.orders.totalCents, currency: schema.orders.currency })
    .from(schema.orders)
    .where(inArray(schema.orders.id, orderIds));
}

async function confirmedEntries() {
  const { db, schema } = getConnection();
  return db
    .select({ bib: schema.registrations.bib, waveId: schema.registrations.waveId })
    .from(schema.registrations)
    .where(eq(schema.registrations.status, "confirmed"));
}

async function expectWavesWithinSize(entries = 1000) {
  const { db, schema } = getConnection();
  const r = schema.registrations;
  const sizes = await db
    .select({ name: schema.waves.name, maxSize: schema.waves.maxSize, n: count(r.id) })
    .from(schema.waves)
    .leftJoin(r, and(eq(r.waveId, schema.waves.id), eq(r.status, "confirmed")))
    .groupBy(schema.waves.name, schema.waves.maxSize);
  const n = Object.fromEntries(sizes.map((s) => [s.name, s.n]));
  // Of 1,000, more than 200 runners predict under 1:40, so A is exactly full; B never passes its size.
  if (entries === 1000) expect(n.A).toBe(200);
  expect(n.A).toBeLessThanOrEqual(200);
  expect(n.B).toBeLessThanOrEqual(300);
  expect((n.A ?? 0) + (n.B ?? 0) + (n.C ?? 0)).toBe(entries);
  const placed = first(await db.select({ n: count() }).from(r).where(isNotNull(r.waveId)));
  expect(placed.n).toBe(entries);
}

function worker(orders: unknown[], startAt: number): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", "test/confirm-worker.ts", String(startAt)], {
      env: { ...process.env, ...clockEnvForChild() },
      stdio: ["pipe", "pipe", "pipe"],
    });
    child.stdin.end(JSON.stringify(orders));
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`worker exited ${code}: ${err.slice(-2000)}`));
      resolve(JSON.parse(present(out.trim().split("\n").pop())) as Record<string, number>);
    });
  });
}

describe(`bibs on confirmation under load on ${process.env.TEST_ENGINE}`, () => {
  beforeEach(resetDatabase);

  // One app process (SQLite's topology); on PostgreSQL the same rush runs from two processes below. Each case
  // is defined only on its engine (a skipped case would read as a gap in the report).
  const onSqlite = process.env.TEST_ENGINE === "sqlite" ? it : undefined;
  const onPostgres = process.env.TEST_ENGINE === "postgres" ? it : undefined;

  onSqlite?.("1,000 confirmations at once give 1,000 distinct bibs, the lowest of the open range, and fill waves only to their size", async () => {
    const orders = await setup({ from: 1001, to: 3000 });
    const outcomes = await Promise.all(
      orders.map((o) => confirmPayment({ orderId: o.id, provider: "simulated", providerPaymentId: `pay_${o.id}`, amountCents: o.totalCents, currency: o.currency })),
    );
    expect(outcomes.every((o) => o === "confirmed")).toBe(true);
    const entries = await confirmedEntries();
    expect(entries).toHaveLength(1000);
    const bibs = entries.map((e) => Number(e.bib)).sort((a, b) => a - b);
    expect(new Set(bibs).size).toBe(1000);
    expect(bibs[0]).toBe(1001);
    expect(bibs.at(-1)).toBe(2000);
    await expectWavesWithinSize();
  }, 240_000);

  it("a range that runs out in the rush leaves the rest confirmed without a bib, listed for the organizers", async () => {
    const orders = await setup({ from: 1001, to: 1100 }, 150);
    const outcomes = await Promise.all(
      orders.map((o) => confirmPayment({ orderId: o.id, provider: "simulated", providerPaymentId: `pay_${o.id}`, amountCents: o.totalCents, currency: o.currency })),
    );
    expect(outcomes.every((o) => o === "confirmed")).toBe(true);
    const bibs = (await confirmedEntries()).filter((e) => e.bib !== null).map((e) => Number(e.bib));
    expect(bibs).toHaveLength(100);
    expect(new Set(bibs).size).toBe(100);
    expect([Math.min(...bibs), Math.max(...bibs)]).toEqual([1001, 1100]);
    await expectWavesWithinSize(150);
    expect((await proposeBibs(CLI_ACTOR, SLUG, "half")).withoutBib).toHaveLength(50);
  }, 240_000);

  // Several app processes share one database on PostgreSQL only (SQLite serves one app process: docs/deploying.md).
  onPostgres?.("two app processes confirming 500 each at once give 1,000 distinct bibs, the lowest of the open range, and fill waves only to their size", async () => {
    const orders = await setup({ from: 1001, to: 3000 });
    // Both start at the same moment, after their start-up.
    const startAt = Date.now() + 6_000;
    const [a, b] = await Promise.all([worker(orders.slice(0, 500), startAt), worker(orders.slice(500), startAt)]);
    expect({ ...a, ...b }).toEqual({ confirmed: expect.any(Number) });
    expect((a.confirmed ?? 0) + (b.confirmed ?? 0)).toBe(1000);
    const entries = await confirmedEntries();
    expect(entries).toHaveLength(1000);
    const bibs = entries.map((e) => Number(e.bib)).sort((a, b) => a - b);
    expect(new Set(bibs).size).toBe(1000);
    expect([bibs[0], bibs.at(-1)]).toEqual([1001, 2000]);
    await expectWavesWithinSize();
  }, 240_000);
});
