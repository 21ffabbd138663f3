/**
 * API tokens as staff manage them, on both engines: a token made with a name is returned once and opens the API,
 * its last use is recorded (at most once a minute), the list shows one's own tokens (admins all), and a revoked
 * token answers 401 from the next request on. Only the owner or an admin revokes.
 */
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { GET as getRegistrations } from "../../app/api/v1/events/[event]/registrations/route";
import { getConnection, withTransaction } from "../db";
import { makeStaff, resetDatabase } from "../../test/db";
import { eventInput } from "../../test/factories";
import type { Actor } from "../actor";
import { authenticateToken, hashToken } from "../auth/tokens";
import { DomainError } from "../errors";
import { createEvent } from "../events/manage-events";
import { createOwnApiToken, listApiTokens, revokeApiTokenById } from "./tokens";
import { first as firstOf, present } from "../../core/lists";

const EVENT = "token-half-2027";

function call(token: string) {
  return getRegistrations(new Request(`http://localhost/api/v1/events/${EVENT}/registrations`, { headers: { authorization: `Bearer ${token}` } }), {
    params: Promise.resolve({ event: EVENT }),
  });
}

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "expected a DomainError").toBeInstanceOf(DomainError);
  return error as DomainError;
}

async function lastUsed(id: string): Promise<Date | null> {
  const { db, schema } = getConnection();
  const row = firstOf(await db.select({ at: schema.apiTokens.lastUsedAt }).from(schema.apiTokens).where(eq(schema.apiTokens.id, id)));
  return row.at;
}

describe(`API tokens in the admin on ${process.env.TEST_ENGINE}`, () => {
  let organizer: Actor & { kind: "user" };
  let admin: Actor & { kind: "user" };
  let volunteer: Actor & { kind: "user" };

  beforeEach(async () => {
    await resetDatabase();
    organizer = await makeStaff("organizer");
    admin = await makeStaff("admin");
    volunteer = await makeStaff("volunteer");
    await createEvent(organizer, eventInput({ slug: EVENT }));
  });

  it("creates a named token shown once, which opens the API and records its last use", async () => {
    const made = await createOwnApiToken(organizer, { name: "  Finish line timer " });
    expect(made.name).toBe("Finish line timer");
    expect(made.token.startsWith(made.prefix)).toBe(true);
    const { db, schema } = getConnection();
    const stored = firstOf(await db.select().from(schema.apiTokens).where(eq(schema.apiTokens.id, made.id)));
    expect(stored.tokenHash).toBe(hashToken(made.token));
    expect(JSON.stringify(stored)).not.toContain(made.token);
    expect(stored.lastUsedAt).toBeNull();

    expect((await call(made.token)).status).toBe(200);
    const first = await lastUsed(made.id);
    expect(first).not.toBeNull();
    // Within the minute a second use writes nothing.
    await call(made.token);
    expect((await lastUsed(made.id))?.getTime()).toBe(present(first).getTime());
    // Once the recorded use is older than a minute, the next use moves it.
    const old = new Date(Date.now() - 5 * 60_000);
    await withTransaction((tx) => tx.update(schema.apiTokens).set({ lastUsedAt: old }).where(eq(schema.apiTokens.id, made.id)));
    await call(made.token);
    expect(present(await lastUsed(made.id)).getTime()).toBeGreaterThan(old.getTime() + 60_000);

    const { scope, tokens } = await listApiTokens(organizer);
    expect(scope).toBe("own");
    expect(tokens).toEqual([expect.objectContaining({ id: made.id, name: "Finish line timer", prefix: made.prefix, revokedAt: null, lastUsedAt: expect.any(Date) })]);
  });

  it("stops a revoked token at once: 401", async () => {
    const made = await createOwnApiToken(organizer, { name: "Scanner" });
    expect((await call(made.token)).status).toBe(200);
    await revokeApiTokenById(organizer, made.id);
    const res = await call(made.token);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    expect(await authenticateToken(`Bearer ${made.token}`)).toBeNull();
    expect(firstOf((await listApiTokens(organizer)).tokens).revokedAt).toBeInstanceOf(Date);
    // Revoking again is refused as already done, and writes nothing more.
    expect((await refusal(revokeApiTokenById(organizer, made.id))).code).toBe("conflict");
    const { db, schema } = getConnection();
    const audit = await db.select().from(schema.auditLog).where(eq(schema.auditLog.action, "token.revoke"));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entityType: "api_token", entityId: made.id, actorUserId: organizer.userId });
  });

  it("lists and revokes one's own tokens; admins see and revoke everyone's", async () => {
    const mine = await createOwnApiToken(organizer, { name: "Organizer's" });
    const theirs = await createOwnApiToken(volunteer, { name: "Volunteer's" });
    expect((await listApiTokens(volunteer)).tokens.map((t) => t.id)).toEqual([theirs.id]);
    const all = await listApiTokens(admin);
    expect(all.scope).toBe("all");
    expect(all.tokens.map((t) => t.owner.id).sort()).toEqual([organizer.userId, volunteer.userId].sort());

    expect((await refusal(revokeApiTokenById(volunteer, mine.id))).code).toBe("forbidden");
    expect((await call(mine.token)).status).toBe(200);
    await revokeApiTokenById(admin, mine.id);
    expect((await call(mine.token)).status).toBe(401);
    expect((await refusal(revokeApiTokenById(admin, "00000000-0000-4000-8000-000000000000"))).code).toBe("not_found");
  });

  it("wants a name", async () => {
    const error = await refusal(createOwnApiToken(organizer, { name: "   " }));
    expect(error.code).toBe("validation_failed");
    expect(error.issues.map((i) => i.path)).toEqual(["name"]);
  });
});
