/**
 * API tokens for timers and integrators: `fl_` + 32 random bytes (base64url). Only a SHA-256 hash is stored
 * (a token has 256 bits of entropy, so a fast hash is safe); the token is shown once, at creation.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { and, eq, isNull, or, sql } from "drizzle-orm";
import { getConnection, preparedQuery, withTransaction } from "../db";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { DomainError } from "../errors";
import { actorForUser, findUserByEmail } from "./users";
import { first } from "../../core/lists";

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function createApiToken(actor: Actor, input: { email: string; name?: string }): Promise<{ id: string; token: string; prefix: string }> {
  const user = await findUserByEmail(input.email);
  if (!user) throw new DomainError("not_found", `No user with email ${input.email}.`);
  if (actor.kind === "user" && actor.role !== "admin" && actor.userId !== user.id) {
    throw new DomainError("forbidden", "You may only create tokens for yourself.");
  }
  const token = `fl_${randomBytes(32).toString("base64url")}`;
  const prefix = token.slice(0, 9);
  const id = randomUUID();
  const now = new Date();
  const { schema } = getConnection();
  await withTransaction(async (tx) => {
    await tx.insert(schema.apiTokens).values({ id, userId: user.id, name: input.name?.trim() || "API token", tokenHash: hashToken(token), prefix, createdAt: now });
    await recordAudit(tx, actor, { action: "token.create", entityType: "api_token", entityId: id, data: { userId: user.id, prefix } }, now);
  });
  return { id, token, prefix };
}

/** Revokes a token by its id, its prefix (`fl_xxxxxx`) or the token itself. Returns how many were revoked. */
export async function revokeApiToken(actor: Actor, idOrPrefixOrToken: string): Promise<number> {
  const { db, schema } = getConnection();
  const t = schema.apiTokens;
  const rows = await db
    .select()
    .from(t)
    .where(and(isNull(t.revokedAt), or(eq(t.id, idOrPrefixOrToken), eq(t.prefix, idOrPrefixOrToken), eq(t.tokenHash, hashToken(idOrPrefixOrToken)))));
  if (rows.length === 0) throw new DomainError("not_found", "No active token matches.");
  if (rows.length > 1) throw new DomainError("conflict", "Several tokens share that prefix; revoke by id.");
  const row = first(rows);
  if (actor.kind === "user" && actor.role !== "admin" && actor.userId !== row.userId) throw new DomainError("forbidden", "Not your token.");
  const now = new Date();
  await withTransaction(async (tx) => {
    await tx.update(t).set({ revokedAt: now }).where(eq(t.id, row.id));
    await recordAudit(tx, actor, { action: "token.revoke", entityType: "api_token", entityId: row.id, data: { prefix: row.prefix } }, now);
  });
  return 1;
}

const LAST_USED_GRANULARITY_MS = 60_000;

/** The actor behind `Authorization: Bearer <token>`, or null for a missing, unknown, revoked or disabled one. */
export async function authenticateToken(header: string | null): Promise<Actor | null> {
  const bearer = header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (!bearer) return null;
  const { schema } = getConnection();
  // Every API request with a token comes here: the query is prepared once (server/db.ts preparedQuery).
  const [row] = await preparedQuery("api_token_by_hash", (db, s, name) =>
    db
      .select({ token: s.apiTokens, user: s.users })
      .from(s.apiTokens)
      .innerJoin(s.users, eq(s.users.id, s.apiTokens.userId))
      .where(eq(s.apiTokens.tokenHash, sql.placeholder("hash")))
      .prepare(name),
  ).execute({ hash: hashToken(bearer) });
  if (!row || row.token.revokedAt || row.user.disabled) return null;
  const now = Date.now();
  // Last use is kept to the minute: no write on every request.
  if (!row.token.lastUsedAt || now - row.token.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
    await withTransaction((tx) => tx.update(schema.apiTokens).set({ lastUsedAt: new Date(now) }).where(eq(schema.apiTokens.id, row.token.id)));
  }
  return actorForUser(row.user, `token:${row.token.prefix}`);
}
