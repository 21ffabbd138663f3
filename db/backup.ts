/**
 * A copy of the SQLite database taken while the app runs (`npm run cli -- db:backup --to FILE`; docs/deploying.md,
 * "Backups"). PostgreSQL is backed up with its own tools (pg_dump, pg_restore), not here.
 *
 * What must stay true:
 * - The copy is one consistent moment of the database: SQLite's online backup API on a connection of its own (the
 *   CLI's, never the app's writer), reading inside one read transaction. In WAL mode a reader blocks no writer and
 *   sees only what was committed when it began, so the app keeps registering while the copy is made, and every
 *   transaction committed before the backup began is in it.
 * - All pages are copied in ONE step. The backup API restarts a copy made in several steps whenever another
 *   connection writes between two of them; with the app writing all the time (another process), a step-by-step copy
 *   could start over for ever. One step holds its read transaction for the whole copy instead.
 * - The file appears under its name only when it is whole and has passed `PRAGMA integrity_check`: it is written
 *   beside it as `<name>.partial` and renamed. An existing file is never overwritten.
 * - The copy is a single file in rollback-journal mode (no -wal or -shm beside it); the app turns WAL on again when
 *   it opens a restored copy (db/client.ts).
 */
/* eslint-disable security/detect-non-literal-fs-filename -- the paths are the operator's (scripts/cli.ts), never a request's */
import fs from "node:fs";
import path from "node:path";
import Sqlite from "better-sqlite3";

/** A backup that was refused or did not produce a sound copy; the message says why, for the operator. */
export class BackupError extends Error {}

export interface BackupReport {
  file: string;
  pages: number;
  bytes: number;
}

/** Every page in one step (better-sqlite3 takes the progress callback's answer as the next step's page count). */
const ALL_PAGES = 0x7fffffff;

export async function backupSqlite(databaseFile: string, to: string): Promise<BackupReport> {
  const source = path.resolve(databaseFile);
  const target = path.resolve(to);
  if (!fs.existsSync(source)) throw new BackupError(`There is no database at ${databaseFile}.`);
  if (fs.existsSync(target)) throw new BackupError(`${to} exists already: a backup never overwrites a file. Choose a new name.`);
  if (!fs.existsSync(path.dirname(target))) throw new BackupError(`The folder of ${to} does not exist.`);
  const partial = `${target}.partial`;
  fs.rmSync(partial, { force: true });

  const db = new Sqlite(source, { fileMustExist: true });
  let pages = 0;
  try {
    // The app's writer may hold the write lock for a moment; reading in WAL mode never waits for it, but opening may.
    db.pragma("busy_timeout = 5000");
    await db.backup(partial, {
      progress: ({ totalPages }) => {
        pages = totalPages;
        return ALL_PAGES;
      },
    });
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  } finally {
    db.close();
  }

  const copy = new Sqlite(partial, { fileMustExist: true });
  let integrity: unknown;
  try {
    copy.pragma("journal_mode = DELETE");
    integrity = copy.pragma("integrity_check", { simple: true });
    pages ||= copy.pragma("page_count", { simple: true }) as number;
  } finally {
    copy.close();
  }
  if (integrity !== "ok") {
    fs.rmSync(partial, { force: true });
    throw new BackupError(`The copy failed PRAGMA integrity_check (${String(integrity)}); nothing was written to ${to}.`);
  }
  fs.renameSync(partial, target);
  return { file: target, pages, bytes: fs.statSync(target).size };
}
