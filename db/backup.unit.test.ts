/**
 * The SQLite backup (db/backup.ts) against another process that commits every few milliseconds, as the app does on a
 * busy day. SQLite-only by nature (PostgreSQL is backed up with pg_dump), so it is a unit test with its own file;
 * the operator's command, beside the app's own writes and a restore, is tested in scripts/db-backup.test.ts.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Sqlite from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { BackupError, backupSqlite } from "./backup";
import { present } from "../core/lists";

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "finishline-backup-unit-"));
  dirs.push(dir);
  return dir;
}

/** Another process inserting a row every millisecond or two through its own connection, until killed. */
function busyWriter(file: string): Promise<ChildProcess> {
  const script = `
    const Sqlite = require(${JSON.stringify(require.resolve("better-sqlite3"))});
    const db = new Sqlite(${JSON.stringify(file)});
    db.pragma("busy_timeout = 5000");
    const insert = db.prepare("insert into t (body) values (?)");
    setInterval(() => insert.run("w".repeat(200)), 1);
    insert.run("first");
    process.stdout.write("ready\\n");`;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    present(child.stdout).once("data", () => resolve(child));
  });
}

describe("SQLite backup", () => {
  it("finishes in one go while another process commits every millisecond, and the copy is whole", async () => {
    const dir = tempDir();
    const file = path.join(dir, "app.db");
    const db = new Sqlite(file);
    db.pragma("journal_mode = WAL");
    db.exec("create table t (id integer primary key, body text)");
    // About 32 MB: a copy made 100 pages at a time, started over after each foreign write, would never end.
    const insert = db.prepare("insert into t (body) values (?)");
    db.transaction(() => {
      for (let i = 0; i < 150_000; i++) insert.run("x".repeat(200));
    })();
    await busyWriter(file);
    const committed = (db.prepare("select max(id) as id from t").get() as { id: number }).id;

    const target = path.join(dir, "copy.db");
    const started = Date.now();
    const report = await Promise.race([
      backupSqlite(file, target),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error("the backup did not finish in 30 s")), 30_000)),
    ]);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(report).toMatchObject({ file: target, bytes: fs.statSync(target).size });
    expect(report.pages).toBeGreaterThan(7_000);

    const copy = new Sqlite(target, { readonly: true });
    try {
      expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
      const copied = copy.prepare("select count(*) as n, max(id) as last from t").get() as { n: number; last: number };
      // Every row committed before the backup began, with no gap (one moment of the database).
      expect(copied.last).toBeGreaterThanOrEqual(committed);
      expect(copied.n).toBe(copied.last);
    } finally {
      copy.close();
    }
    // The writer went on meanwhile: the database has moved past the copy.
    expect((db.prepare("select max(id) as id from t").get() as { id: number }).id).toBeGreaterThan(committed);
    db.close();
  }, 60_000);

  it("never overwrites a file, refuses a missing database or folder, and leaves no partial file", async () => {
    const dir = tempDir();
    const file = path.join(dir, "app.db");
    const db = new Sqlite(file);
    db.exec("create table t (id integer primary key)");
    db.close();
    const existing = path.join(dir, "existing.db");
    fs.writeFileSync(existing, "keep me");
    await expect(backupSqlite(file, existing)).rejects.toThrow(BackupError);
    expect(fs.readFileSync(existing, "utf8")).toBe("keep me");
    await expect(backupSqlite(path.join(dir, "missing.db"), path.join(dir, "a.db"))).rejects.toThrow(/no database/);
    await expect(backupSqlite(file, path.join(dir, "nope", "b.db"))).rejects.toThrow(/folder/);
    expect(fs.readdirSync(dir).sort()).toEqual(["app.db", "existing.db"]);
  });
});
