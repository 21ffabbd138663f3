/**
 * The staff sign-in limit under concurrency (server/auth/users.ts): attempts arriving together take their places
 * under the limit one by one before any password is compared, so no more than SIGN_IN_ATTEMPTS_PER_15_MIN (5 in
 * tests: test/setup-db.ts) passwords are checked per address, however many attempts arrive at once, in one process
 * or in two. Password checks are counted through the real bcrypt comparison, wrapped.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { and, count, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { getConnection } from "../db";
import { clockEnvForChild } from "../../test/clock";
import { resetDatabase } from "../../test/db";
import { CLI_ACTOR } from "../actor";
import { verifyPassword } from "./passwords";
import { createUser, verifyCredentials } from "./users";
import { first, nth, present } from "../../core/lists";

vi.mock("./passwords", async (importOriginal) => {
  const original = await importOriginal<typeof import("./passwords")>();
  return { ...original, verifyPassword: vi.fn(original.verifyPassword) };
});

const checks = vi.mocked(verifyPassword);
const LIMIT = 5;
const EMAIL = "org@example.com";
const PASSWORD = "the-right-password";

/** The passwords that were compared, in order. */
const checkedPasswords = () => checks.mock.calls.map(([password]) => password);

async function attemptRows() {
  const { db, schema } = getConnection();
  const a = schema.signInAttempts;
  const failed = first(await db.select({ n: count() }).from(a).where(eq(a.success, false)));
  const succeeded = first(await db.select({ n: count() }).from(a).where(and(eq(a.success, true))));
  return { failed: failed.n, succeeded: succeeded.n };
}

function tally(results: { ok: boolean; reason?: string }[]) {
  const out: Record<string, number> = {};
  for (const r of results) {
    const k = r.ok ? "ok" : present(r.reason);
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

describe(`staff sign-in limit under concurrency on ${process.env.TEST_ENGINE}`, () => {
  beforeEach(async () => {
    await resetDatabase();
    await createUser(CLI_ACTOR, { email: EMAIL, password: PASSWORD, role: "organizer" });
    checks.mockClear();
  });

  it("checks at most the limit's passwords of 120 wrong ones sent at once; the rest are limited", async () => {
    const results = await Promise.all(Array.from({ length: 120 }, (_, i) => verifyCredentials(EMAIL, `guess-${i}`, "203.0.113.5")));
    expect(tally(results)).toEqual({ invalid: LIMIT, rate_limited: 120 - LIMIT });
    expect(checks).toHaveBeenCalledTimes(LIMIT);
    // One row per key (address and client) for each checked attempt, none for a limited one.
    expect(await attemptRows()).toEqual({ failed: 2 * LIMIT, succeeded: 0 });
    // The right password is refused now too, unchecked.
    expect(await verifyCredentials(EMAIL, PASSWORD, "198.51.100.1")).toEqual({ ok: false, reason: "rate_limited" });
    expect(checks).toHaveBeenCalledTimes(LIMIT);
  });

  it("does not accept the right password among 100 guesses sent at once once the limit is reached", async () => {
    // The right one is sent in the middle of the burst (an attacker cannot choose where it lands).
    const guesses = Array.from({ length: 100 }, (_, i) => (i === 50 ? PASSWORD : `guess-${i}`));
    const results = await Promise.all(guesses.map((g, i) => verifyCredentials(EMAIL, g, `203.0.113.${i + 1}`)));
    expect(checks.mock.calls.length).toBeLessThanOrEqual(LIMIT + 1);
    const checked = checkedPasswords();
    // Only a checked password can sign in; failures never pass the limit.
    expect(checked.filter((p) => p !== PASSWORD)).toHaveLength(LIMIT);
    expect(nth(results, 50).ok).toBe(checked.includes(PASSWORD));
    expect(results[50]).toEqual({ ok: false, reason: "rate_limited" });
    expect(tally(results)).toEqual({ invalid: LIMIT, rate_limited: 100 - LIMIT });
  });

  it("limits a client trying many addresses to five times the limit", async () => {
    // Twelve addresses (accounts or not: an unknown address is compared against a dummy hash all the same).
    const results = await Promise.all(Array.from({ length: 120 }, (_, i) => verifyCredentials(`staff${i % 12}@example.com`, `guess-${i}`, "203.0.113.77")));
    expect(tally(results)).toEqual({ invalid: 5 * LIMIT, rate_limited: 120 - 5 * LIMIT });
    expect(checks).toHaveBeenCalledTimes(5 * LIMIT);
  });

  it("gives a successful sign-in's place back: it does not count towards the limit", async () => {
    for (let i = 0; i < LIMIT - 1; i++) expect(await verifyCredentials(EMAIL, `guess-${i}`, "203.0.113.5")).toEqual({ ok: false, reason: "invalid" });
    for (let i = 0; i < 3; i++) expect((await verifyCredentials(EMAIL, PASSWORD, "203.0.113.5")).ok).toBe(true);
    expect(await attemptRows()).toEqual({ failed: 2 * (LIMIT - 1), succeeded: 6 });
    // One failure left before the limit, however many successes came in between.
    expect(await verifyCredentials(EMAIL, "guess-last", "203.0.113.5")).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyCredentials(EMAIL, PASSWORD, "203.0.113.5")).toEqual({ ok: false, reason: "rate_limited" });
  });

  it("holds across two app processes sending 60 wrong passwords each at the same moment", async () => {
    const startAt = Date.now() + 6_000;
    const [a, b] = await Promise.all([worker(startAt, "203.0.113.10"), worker(startAt, "203.0.113.11")]);
    expect({ invalid: (a.invalid ?? 0) + (b.invalid ?? 0), limited: (a.rate_limited ?? 0) + (b.rate_limited ?? 0) }).toEqual({ invalid: LIMIT, limited: 120 - LIMIT });
    // Nothing crashed and nothing signed in.
    for (const key of Object.keys({ ...a, ...b })) expect(["checks", "invalid", "rate_limited"]).toContain(key);
    // Every attempt that was not limited compared a password, and no other did.
    expect((a.checks ?? 0) + (b.checks ?? 0)).toBe(LIMIT);
    const { db, schema } = getConnection();
    const rows = first(await db.select({ n: count() }).from(schema.signInAttempts));
    expect(rows.n).toBe(2 * LIMIT);
  }, 120_000);
});

function worker(startAt: number, clientIp: string): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.resolve("node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", "test/sign-in-worker.ts", EMAIL, "60", String(startAt), clientIp],
      { env: { ...process.env, ...clockEnvForChild() }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`sign-in worker exited ${code}: ${err.slice(-2000)}`));
      resolve(JSON.parse(present(out.trim().split("\n").pop())) as Record<string, number>);
    });
  });
}
