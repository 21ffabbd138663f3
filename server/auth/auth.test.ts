import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { getConnection, withTransaction } from "../db";
import { resetDatabase } from "../../test/db";
import { CLI_ACTOR } from "../actor";
import { DomainError } from "../errors";
import { getAuthSecret, resetAuthSecretForTests } from "./secret";
import { authenticateToken, createApiToken, hashToken, revokeApiToken } from "./tokens";
import { createUser, verifyCredentials } from "./users";
import { first } from "../../core/lists";

describe(`staff accounts on ${process.env.TEST_ENGINE}`, () => {
  beforeEach(resetDatabase);

  it("stores a bcrypt hash, never the password, and checks credentials case-insensitively by email", async () => {
    await createUser(CLI_ACTOR, { email: "Org@Example.com", password: "long-enough-pw", role: "organizer" });
    const { db, schema } = getConnection();
    const user = first(await db.select().from(schema.users));
    expect(user.email).toBe("org@example.com");
    expect(user.passwordHash).toMatch(/^\$2[aby]\$12\$/);
    expect(user.passwordHash).not.toContain("long-enough-pw");
    expect((await verifyCredentials("ORG@example.com", "long-enough-pw", "10.0.0.1")).ok).toBe(true);
    expect(await verifyCredentials("org@example.com", "wrong", "10.0.0.1")).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyCredentials("nobody@example.com", "whatever", "10.0.0.1")).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses a second account with the same email and bad input", async () => {
    await createUser(CLI_ACTOR, { email: "a@example.com", password: "long-enough-pw", role: "admin" });
    await expect(createUser(CLI_ACTOR, { email: "A@example.com", password: "long-enough-pw", role: "admin" })).rejects.toMatchObject({ code: "conflict" });
    await expect(createUser(CLI_ACTOR, { email: "not-an-email", password: "short", role: "admin" })).rejects.toBeInstanceOf(DomainError);
  });

  it("rate-limits failed sign-ins per address, even with the right password afterwards, without storing the address", async () => {
    await createUser(CLI_ACTOR, { email: "org@example.com", password: "long-enough-pw", role: "organizer" });
    for (let i = 0; i < 5; i++) expect((await verifyCredentials("org@example.com", `wrong-${i}`, `10.0.0.${i}`)).ok).toBe(false);
    expect(await verifyCredentials("org@example.com", "long-enough-pw", "10.0.0.99")).toEqual({ ok: false, reason: "rate_limited" });
    // Another address is not affected; the window passes after 15 minutes.
    await createUser(CLI_ACTOR, { email: "other@example.com", password: "long-enough-pw", role: "organizer" });
    expect((await verifyCredentials("other@example.com", "long-enough-pw", "10.0.1.1")).ok).toBe(true);
    const later = new Date(Date.now() + 16 * 60 * 1000);
    expect((await verifyCredentials("org@example.com", "long-enough-pw", "10.0.0.99", later)).ok).toBe(true);
    const { db, schema } = getConnection();
    const rows = await db.select().from(schema.signInAttempts);
    expect(JSON.stringify(rows)).not.toContain("org@example.com");
    expect(JSON.stringify(rows)).not.toContain("10.0.0.");
  });

  it("issues API tokens shown once, stored as a hash, usable until revoked", async () => {
    await createUser(CLI_ACTOR, { email: "org@example.com", password: "long-enough-pw", role: "organizer" });
    const { token, prefix } = await createApiToken(CLI_ACTOR, { email: "org@example.com", name: "timing" });
    expect(token).toMatch(/^fl_[A-Za-z0-9_-]{43}$/);
    const { db, schema } = getConnection();
    const row = first(await db.select().from(schema.apiTokens));
    expect(row.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    const actor = await authenticateToken(`Bearer ${token}`);
    expect(actor).toMatchObject({ kind: "user", role: "organizer" });
    const used = first(await db.select().from(schema.apiTokens).where(eq(schema.apiTokens.id, row.id)));
    expect(used.lastUsedAt).not.toBeNull();
    expect(await authenticateToken(`Bearer ${token}x`)).toBeNull();
    expect(await authenticateToken(`Basic ${token}`)).toBeNull();
    await revokeApiToken(CLI_ACTOR, prefix);
    expect(await authenticateToken(`Bearer ${token}`)).toBeNull();
    await expect(revokeApiToken(CLI_ACTOR, prefix)).rejects.toMatchObject({ code: "not_found" });
  });

  it("keeps one generated session secret per database", async () => {
    const a = await getAuthSecret();
    expect(a.length).toBeGreaterThanOrEqual(40);
    expect(await getAuthSecret()).toBe(a);
  });

  it("generates the secret when first asked inside a write (a payment confirmation signing an order link)", async () => {
    await resetDatabase();
    resetAuthSecretForTests();
    const inside = await withTransaction(async () => getAuthSecret());
    expect(inside.length).toBeGreaterThanOrEqual(40);
    resetAuthSecretForTests();
    expect(await getAuthSecret()).toBe(inside);
  });
});
