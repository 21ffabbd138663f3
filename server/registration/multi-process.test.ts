/**
 * Capacity across app processes (docs/deploying.md): two separate Node processes, each with its own connections,
 * sell one race of 50 places to 150 runners each at the same moment, on one database. Exactly 50 entries hold a
 * place, every other attempt is told sold_out. On PostgreSQL the race lock is an advisory lock the two processes
 * share; on SQLite the file's write lock serializes them.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { and, count, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { getConnection } from "../db";
import { clockEnvForChild } from "../../test/clock";
import { resetDatabase } from "../../test/db";
import { liveEventInput } from "../../test/live-event";
import { CLI_ACTOR } from "../actor";
import { createEvent } from "../events/manage-events";
import { first, present } from "../../core/lists";

const SLUG = "two-processes";

function worker(prefix: string, startAt: number): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.resolve("node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", "test/register-worker.ts", SLUG, "150", prefix, String(startAt)],
      { env: { ...process.env, ...clockEnvForChild(), RATE_LIMIT_REGISTRATIONS_PER_MINUTE: "0" }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`worker ${prefix} exited ${code}: ${err.slice(-2000)}`));
      resolve(JSON.parse(present(out.trim().split("\n").pop())) as Record<string, number>);
    });
  });
}

it(`two app processes on one ${process.env.TEST_ENGINE} database sell exactly the capacity`, async () => {
  await resetDatabase();
  await createEvent(CLI_ACTOR, liveEventInput({ slug: SLUG, capacity: 50 }));
  // Both start at the same moment, after their start-up.
  const startAt = Date.now() + 6_000;
  const [a, b] = await Promise.all([worker("W", startAt), worker("X", startAt)]);
  expect({ created: (a.created ?? 0) + (b.created ?? 0), soldOut: (a.sold_out ?? 0) + (b.sold_out ?? 0) }).toEqual({ created: 50, soldOut: 250 });
  expect(Object.keys({ ...a, ...b }).sort()).toEqual(["created", "sold_out"]);

  const { db, schema } = getConnection();
  const r = schema.registrations;
  const held = first(await db.select({ n: count() }).from(r).where(and(eq(r.status, "held"))));
  expect(held.n).toBe(50);
  const all = first(await db.select({ n: count() }).from(r));
  expect(all.n).toBe(50);
}, 120_000);
