/**
 * The SQLite checkpointer (db/checkpointer.ts) on a real database file: the app's writer no longer checkpoints in its
 * COMMIT, the worker copies the log into the database file by itself, and closing stops it. SQLite-only by nature
 * (PostgreSQL has no write-ahead log to checkpoint from the app), so it is a unit test with its own file.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Sqlite from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openConnection } from "./client";
import { startCheckpointer } from "./checkpointer";

const dirs: string[] = [];
function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "finishline-ckpt-"));
  dirs.push(dir);
  return path.join(dir, "test.db");
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function until(check: () => boolean, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return check();
}

describe("background WAL checkpoints", () => {
  it("turns the writer's own checkpoints off and copies the log into the database file from the worker", async () => {
    const file = tempFile();
    const writer = new Sqlite(file);
    writer.pragma("journal_mode = WAL");
    writer.exec("create table t (id integer primary key, body text)");
    const checkpointer = startCheckpointer(file, writer, 50);
    expect(writer.pragma("wal_autocheckpoint", { simple: true })).toBe(0);

    // 4 MB of rows, far past SQLite's 1,000-page automatic checkpoint, all in the log.
    const insert = writer.prepare("insert into t (body) values (?)");
    const before = fs.statSync(file).size;
    writer.transaction(() => {
      for (let i = 0; i < 1000; i++) insert.run("x".repeat(4000));
    })();
    // The worker copies the pages into the database file without the writer doing anything.
    expect(await until(() => fs.statSync(file).size > before + 4_000_000)).toBe(true);

    await checkpointer.stop();
    await checkpointer.stop(); // twice is fine
    writer.close();
  });

  it("hands checkpoints back to the writer when the worker is gone", async () => {
    const file = tempFile();
    const writer = new Sqlite(file);
    writer.pragma("journal_mode = WAL");
    const checkpointer = startCheckpointer(file, writer, 50);
    expect(writer.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
    // Stopping on purpose keeps them off (the connection is about to close) ...
    await checkpointer.stop();
    expect(writer.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
    writer.close();

    // ... a worker that dies does not: here its database file lies in a folder that does not exist, so it cannot even open.
    const other = tempFile();
    const w2 = new Sqlite(other);
    w2.pragma("journal_mode = WAL");
    const broken = startCheckpointer(path.join(path.dirname(other), "missing", "no.db"), w2, 50);
    expect(await until(() => w2.pragma("wal_autocheckpoint", { simple: true }) === 1000)).toBe(true);
    await broken.stop();
    w2.close();
  });

  it("runs with every SQLite connection the app opens, and stops when it closes", async () => {
    const file = tempFile();
    const connection = openConnection(`file:${file}`);
    await connection.migrate();
    const before = fs.statSync(file).size;
    await connection.transaction(async (tx) => {
      const client = (tx as unknown as { $client: Sqlite.Database }).$client;
      client.exec("create table filler (body text)");
      const insert = client.prepare("insert into filler (body) values (?)");
      for (let i = 0; i < 1000; i++) insert.run("y".repeat(4000));
    });
    expect(await until(() => fs.statSync(file).size > before + 4_000_000)).toBe(true);
    await connection.close();
  });
});
