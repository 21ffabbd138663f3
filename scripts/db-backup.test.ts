/**
 * `npm run cli -- db:backup --to FILE` (db/backup.ts; docs/deploying.md "Backups"), run as the operator runs it: a
 * separate process beside an app that keeps writing. The backup is SQLite's online backup API, so the copy is tested
 * on SQLite only; on PostgreSQL the command refuses and names pg_dump / pg_restore. Each engine has its own test,
 * named for what it checks.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Sqlite from "better-sqlite3";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { getConnection } from "../server/db";
import { openConnection } from "../db/client";
import { resetDatabase } from "../test/db";
import { participant, registrationBody } from "../test/factories";
import { liveEventInput } from "../test/live-event";
import { insertSyntheticEntries } from "../test/synthetic-entries";
import { CLI_ACTOR } from "../server/actor";
import { resetEnvForTests } from "../server/env";
import { createEvent } from "../server/events/manage-events";
import { registerEntries } from "../server/registration/register";
import { first, present } from "../core/lists";

const SLUG = "backup-half";
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "finishline-backup-"));
  process.env.RATE_LIMIT_REGISTRATIONS_PER_MINUTE = "0";
  resetEnvForTests();
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The operator's command in a process of its own, on this test file's database. */
function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", "scripts/cli.ts", ...args], {
      env: { ...process.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

async function committedCodes(): Promise<Set<string>> {
  const { db, schema } = getConnection();
  return new Set((await db.select({ code: schema.orders.code }).from(schema.orders)).map((o) => o.code));
}

if (process.env.TEST_ENGINE === "sqlite") {
  it("SQLite (online backup API): db:backup copies the database while registrations go on; the copy passes integrity_check, holds every order committed before it began, and restores", async () => {
    await resetDatabase();
    await createEvent(CLI_ACTOR, liveEventInput({ slug: SLUG, capacity: 100_000 }));
    // Some megabytes of entries, so the copy takes a moment while the writers go on.
    await insertSyntheticEntries(SLUG, "half", 20_000, { prefix: "BK" });

    // Three runners' browsers registering one after another, each order committed when its call returns.
    let stop = false;
    let serial = 0;
    const committedAt: { code: string; at: number }[] = [];
    const writers = Array.from({ length: 3 }, async () => {
      while (!stop) {
        const result = await registerEntries(SLUG, registrationBody([participant({ idNumber: `B${String(serial++).padStart(8, "0")}` })]), { clientIp: null });
        committedAt.push({ code: result.order.code, at: Date.now() });
      }
    });
    while (committedAt.length < 30) await new Promise((r) => setTimeout(r, 20));

    const before = await committedCodes();
    const started = Date.now();
    const target = path.join(dir, "finishline-backup.db");
    const backup = await cli("db:backup", "--to", target);
    const finished = Date.now();
    stop = true;
    await Promise.all(writers);

    expect(backup.stderr).toBe("");
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/^Backed up \d+ pages \(\d+ bytes\) to .*finishline-backup\.db; PRAGMA integrity_check: ok\.\n$/);
    // The writers kept committing while the command ran.
    const during = committedAt.filter((c) => c.at > started && c.at < finished).length;
    expect(during).toBeGreaterThan(10);

    const copy = new Sqlite(target, { readonly: true, fileMustExist: true });
    let copied: Set<string>;
    try {
      expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
      // One self-contained file.
      expect(copy.pragma("journal_mode", { simple: true })).toBe("delete");
      expect(fs.existsSync(`${target}-wal`) || fs.existsSync(`${target}.partial`)).toBe(false);
      copied = new Set((copy.prepare("select code from orders").all() as { code: string }[]).map((o) => o.code));
      // Every order committed before the backup began is in the copy…
      expect([...before].filter((code) => !copied.has(code))).toEqual([]);
      // …and the copy is one moment: the orders written after that moment are not, and each order has all its entries.
      const all = await committedCodes();
      expect(copied.size).toBeGreaterThanOrEqual(before.size);
      expect(copied.size).toBeLessThan(all.size);
      const incomplete = copy.prepare("select count(*) as n from orders o where (select count(*) from registrations r where r.order_id = o.id) <> 1").get() as { n: number };
      expect(incomplete.n).toBe(0);
      expect((copy.prepare("select count(*) as n from registrations").get() as { n: number }).n).toBe(copied.size);
    } finally {
      copy.close();
    }

    // A second backup to the same name is refused and leaves the first alone.
    const size = fs.statSync(target).size;
    const again = await cli("db:backup", "--to", target);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("exists already");
    expect(fs.statSync(target).size).toBe(size);

    // Restore as docs/deploying.md says: the file put in place of the database (no -wal or -shm beside it), then the
    // app opens it.
    const restoredFile = path.join(dir, "restored", "finishline.db");
    fs.mkdirSync(path.dirname(restoredFile));
    fs.copyFileSync(target, restoredFile);
    const restored = openConnection(`file:${restoredFile}`);
    try {
      await restored.migrate();
      const orders = await restored.db.select({ code: restored.schema.orders.code }).from(restored.schema.orders);
      expect(new Set(orders.map((o) => o.code))).toEqual(copied);
      const held = first(await restored.db.select({ n: count() }).from(restored.schema.registrations).where(eq(restored.schema.registrations.status, "held")));
      expect(held.n).toBe(copied.size - 20_000);
    } finally {
      await restored.close();
    }
  }, 180_000);
} else {
  it("PostgreSQL: db:backup refuses (exit 1), names pg_dump -Fc and pg_restore, and writes nothing", async () => {
    const target = path.join(dir, "pg-backup.db");
    const result = await cli("db:backup", "--to", target);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("pg_dump -Fc");
    expect(result.stderr).toContain("pg_restore");
    expect(result.stderr).toContain('docs/deploying.md, "Backups"');
    // The database address (which may hold a password) is not printed.
    expect(result.stderr).not.toContain(present(process.env.DATABASE_URL));
    expect(fs.existsSync(target)).toBe(false);
  }, 60_000);
}
