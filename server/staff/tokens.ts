/**
 * API tokens as staff manage them in the admin (issue 6): create one with a name for yourself (the token is
 * returned once, only its hash is kept: server/auth/tokens.ts), list them with their last use, revoke one by id.
 * Every staff account may hold tokens (organizers for timers, volunteers for pickup scanners); what a token opens
 * is decided per request by its owner's roles (policy.ts), so removing someone from an event closes it there too.
 * Admins see and revoke every token; everyone else their own.
 * Last use is written by authenticateToken at most once a minute per token.
 */
import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { personText } from "../../core/text";
import { fromZodIssues } from "../../core/validation";
import { getConnection, withTransaction } from "../db";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { createApiToken } from "../auth/tokens";
import { findUserById } from "../auth/users";
import { DomainError } from "../errors";

export interface ApiTokenItem {
  id: string;
  name: string;
  /** The first characters of the token (`fl_xxxxxx`), to tell tokens apart; never the token. */
  prefix: string;
  owner: { id: string; email: string };
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

function isAdmin(actor: Actor): boolean {
  return actor.kind === "system" || actor.role === "admin";
}

/** Tokens newest first: every token for admins, one's own for everyone else. Revoked ones stay listed. */
export async function listApiTokens(actor: Actor, options: { limit?: number } = {}): Promise<{ scope: "all" | "own"; tokens: ApiTokenItem[] }> {
  const { db, schema } = getConnection();
  const t = schema.apiTokens;
  const scope = isAdmin(actor) ? "all" : "own";
  const rows = await db
    .select({ token: t, email: schema.users.email })
    .from(t)
    .innerJoin(schema.users, eq(schema.users.id, t.userId))
    .where(scope === "own" && actor.kind === "user" ? eq(t.userId, actor.userId) : undefined)
    .orderBy(desc(t.createdAt), desc(t.id))
    .limit(options.limit ?? 500);
  return {
    scope,
    tokens: rows.map(({ token, email }) => ({
      id: token.id,
      name: token.name,
      prefix: token.prefix,
      owner: { id: token.userId, email },
      createdAt: token.createdAt,
      lastUsedAt: token.lastUsedAt,
      revokedAt: token.revokedAt,
    })),
  };
}

const nameSchema = z.object({ name: personText({ max: 80 }) });

/** A new token for the signed-in staff member. The token is in the answer once; nothing can show it again. */
export async function createOwnApiToken(actor: Actor, input: { name: string }): Promise<{ id: string; token: string; prefix: string; name: string }> {
  if (actor.kind !== "user") throw new DomainError("forbidden", "Tokens belong to staff accounts; the CLI makes them with --email.");
  const parsed = nameSchema.safeParse({ name: input.name ?? "" });
  if (!parsed.success) throw new DomainError("validation_failed", "Give the token a name.", fromZodIssues(parsed.error.issues));
  const user = await findUserById(actor.userId);
  if (!user || user.disabled) throw new DomainError("forbidden", "This account cannot hold tokens.");
  const created = await createApiToken(actor, { email: user.email, name: parsed.data.name });
  return { ...created, name: parsed.data.name };
}

/** Revokes one token by id: its owner or an admin. A revoked token answers 401 from the next request on. */
export async function revokeApiTokenById(actor: Actor, tokenId: string, now = new Date()): Promise<{ prefix: string }> {
  const { db, schema } = getConnection();
  const t = schema.apiTokens;
  const [row] = z.uuid().safeParse(tokenId).success ? await db.select().from(t).where(eq(t.id, tokenId)) : [];
  if (!row || (!isAdmin(actor) && actor.kind === "user" && row.userId !== actor.userId)) {
    // Someone else's token is refused, not reported as missing, so the answer matches the authorization matrix.
    if (row) throw new DomainError("forbidden", "Not your token.");
    throw new DomainError("not_found", "No such token.");
  }
  await withTransaction(async (tx) => {
    const [done] = await tx
      .update(t)
      .set({ revokedAt: now })
      .where(and(eq(t.id, row.id), isNull(t.revokedAt)))
      .returning({ id: t.id });
    if (!done) throw new DomainError("conflict", "The token was already revoked.", [], { reason: "already_revoked" });
    await recordAudit(tx, actor, { action: "token.revoke", entityType: "api_token", entityId: row.id, data: { prefix: row.prefix, userId: row.userId } }, now);
  });
  return { prefix: row.prefix };
}
