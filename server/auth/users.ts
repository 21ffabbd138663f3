import { createHash, randomUUID } from "node:crypto";
import { and, count, eq, gte } from "drizzle-orm";
import { z } from "zod";
import { getConnection, isUniqueViolation, withTransaction } from "../../db";
import { USER_ROLES, type EventRole, type UserRole } from "../../db/types";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { env } from "../env";
import { DomainError } from "../errors";
import { personText, valueProblem } from "../../core/text";
import { fromZodIssues } from "../../core/validation";
import { DUMMY_HASH, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from "./passwords";
import { requireAdmin } from "./policy";

export type UserRow = typeof import("../../db/schema.pg").users.$inferSelect;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

const newUserSchema = z.object({
  email: z.email("emailFormat").transform(normalizeEmail),
  password: z.string().min(MIN_PASSWORD_LENGTH, "passwordTooShort").max(200),
  role: z.enum(USER_ROLES),
  name: personText({ max: 120, min: 0 }).optional(),
});

export async function findUserByEmail(email: string): Promise<UserRow | null> {
  // A typed address with a control character or a broken character names nobody (core/text.ts): no query.
  if (valueProblem(email) !== null) return null;
  const { db, schema } = getConnection();
  const [u] = await db.select().from(schema.users).where(eq(schema.users.email, normalizeEmail(email)));
  return u ?? null;
}

export async function findUserById(id: string): Promise<UserRow | null> {
  const { db, schema } = getConnection();
  const [u] = await db.select().from(schema.users).where(eq(schema.users.id, id));
  return u ?? null;
}

/** Creates a staff account (CLI `user:create`, admin invitations later). */
export async function createUser(
  actor: Actor,
  input: { email: string; password: string; role: UserRole; name?: string },
): Promise<UserRow> {
  requireAdmin(actor);
  const parsed = newUserSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) {
    const issues = fromZodIssues(parsed.error.issues);
    throw new DomainError("validation_failed", `Invalid ${issues.map((i) => i.path).join(", ")}.`, issues);
  }
  const { email, password, role, name } = parsed.data;
  const passwordHash = await hashPassword(password);
  const { schema } = getConnection();
  const id = randomUUID();
  const now = new Date();
  try {
    await withTransaction(async (tx) => {
      await tx.insert(schema.users).values({ id, email, name: name ?? null, passwordHash, role, createdAt: now });
      await recordAudit(tx, actor, { action: "user.create", entityType: "user", entityId: id, data: { role } }, now);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("conflict", `A user with that email already exists.`, [{ path: "email", key: "emailTaken" }]);
    throw error;
  }
  return (await findUserById(id))!;
}

/** Gives a staff member a role on one event (organizer or volunteer). */
export async function assignEventRole(actor: Actor, input: { userId: string; eventId: string; role: EventRole }): Promise<void> {
  requireAdmin(actor);
  const { schema } = getConnection();
  const now = new Date();
  await withTransaction(async (tx) => {
    await tx
      .insert(schema.eventRoles)
      .values({ userId: input.userId, eventId: input.eventId, role: input.role, createdAt: now })
      .onConflictDoUpdate({ target: [schema.eventRoles.userId, schema.eventRoles.eventId], set: { role: input.role } });
    await recordAudit(tx, actor, { action: "event_role.assign", entityType: "event", entityId: input.eventId, data: { userId: input.userId, role: input.role } }, now);
  });
}

const WINDOW_MS = 15 * 60 * 1000;

function attemptKey(kind: "email" | "ip", value: string): string {
  return createHash("sha256").update(`${kind}:${value}`).digest("hex");
}

export type CredentialCheck = { ok: true; user: UserRow } | { ok: false; reason: "invalid" | "rate_limited" };

/**
 * Checks a staff member's email and password, rate-limited per address and per client IP over 15 minutes
 * (SIGN_IN_ATTEMPTS_PER_15_MIN failures; five times that per IP). Attempts are stored in the database so the
 * limit holds across app processes; only hashes of the address and IP are kept.
 */
export async function verifyCredentials(email: string, password: string, clientIp: string | null, now = new Date()): Promise<CredentialCheck> {
  const { db, schema } = getConnection();
  const limit = env().SIGN_IN_ATTEMPTS_PER_15_MIN;
  const keys = [{ key: attemptKey("email", normalizeEmail(email)), limit }];
  if (clientIp) keys.push({ key: attemptKey("ip", clientIp), limit: limit * 5 });
  const since = new Date(now.getTime() - WINDOW_MS);
  for (const k of keys) {
    const [row] = await db
      .select({ n: count() })
      .from(schema.signInAttempts)
      .where(and(eq(schema.signInAttempts.keyHash, k.key), eq(schema.signInAttempts.success, false), gte(schema.signInAttempts.at, since)));
    if ((row?.n ?? 0) >= k.limit) return { ok: false, reason: "rate_limited" };
  }
  const user = await findUserByEmail(email);
  const valid = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  const ok = Boolean(user && user.passwordHash && !user.disabled && valid);
  await withTransaction(async (tx) => {
    await tx.insert(schema.signInAttempts).values(keys.map((k) => ({ keyHash: k.key, success: ok, at: now })));
  });
  return ok && user ? { ok: true, user } : { ok: false, reason: "invalid" };
}

export function actorForUser(user: Pick<UserRow, "id" | "role" | "email">, via?: string): Actor {
  return { kind: "user", userId: user.id, role: user.role, label: via ? `${via}:${user.id}` : `user:${user.id}` };
}
