/**
 * Per test file: a fresh, migrated database of the engine named by TEST_ENGINE (a temp SQLite file, or a new
 * PostgreSQL database on TEST_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/postgres), dropped after.
 * Tests reset it between cases with `resetDatabase()` from test/db.ts.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { closeConnection, getConnection } from "../server/db";
import { outboxDeliverySettled } from "../server/email/outbox";
import { resetEnvForTests } from "../server/env";

const engine = process.env.TEST_ENGINE ?? "sqlite";
const adminUrl = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const name = `finishline_test_${randomBytes(6).toString("hex")}`;
let sqliteDir: string | undefined;

beforeAll(async () => {
  if (engine === "postgres") {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    process.env.DATABASE_URL = url.toString();
  } else {
    sqliteDir = fs.mkdtempSync(path.join(os.tmpdir(), "finishline-test-"));
    process.env.DATABASE_URL = `file:${path.join(sqliteDir, "test.db")}`;
  }
  process.env.SIGN_IN_ATTEMPTS_PER_15_MIN = "5";
  resetEnvForTests();
  await getConnection().migrate();
});

afterAll(async () => {
  // Email delivery runs after a commit without being awaited; let it finish before the pool closes and the
  // database is dropped under it (a client killed mid-query is an uncaught error in the test run).
  await outboxDeliverySettled();
  await closeConnection();
  if (engine === "postgres") {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  } else if (sqliteDir) {
    fs.rmSync(sqliteDir, { recursive: true, force: true });
  }
});
