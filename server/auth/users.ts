import { createHash, randomUUID } from "node:crypto";
import { and, count, eq, gte, inArray } from "drizzle-orm";
import { z } from "zod";
import { getConnection, isUniqueViolation, withTransaction } from "../db";
import { USER_ROLES, type EventRole, type UserRole } from "../../core/domain";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { env } from "../env";
import { DomainError } from "../errors";
import { personText, valueProblem } from "../../core/text";
import { fromZodIssues } from "../../core/validation";
import { DUMMY_HASH, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from "./passwords";
import { requireAdmin } from "./policy";
import { present } from "../../core/lists";

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
  return present(await findUserById(id), "the user just created");
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
 * Takes a sign-in attempt's place under every limit at once, or none: under the keys' locks (advisory locks on
 * PostgreSQL, the one writer on SQLite), counts each key's failures in the last 15 minutes and, only if every key is
 * below its limit, records the attempt as a failure. Returns the rows written, or null when a limit is reached.
 * Concurrent attempts for one key are decided one after another, so no more than the limit get through, in one
 * process or many.
 */
async function takeAttemptSlot(keys: { key: string; limit: number }[], now: Date): Promise<number[] | null> {
  const { schema } = getConnection();
  const a = schema.signInAttempts;
  const since = new Date(now.getTime() - WINDOW_MS);
  return withTransaction(async (tx) => {
    await getConnection().lockKeys(tx, keys.map((k) => `sign-in:${k.key}`));
    for (const k of keys) {
      const [row] = await tx
        .select({ n: count() })
        .from(a)
        .where(and(eq(a.keyHash, k.key), eq(a.success, false), gte(a.at, since)));
      if ((row?.n ?? 0) >= k.limit) return null;
    }
    const rows = await tx
      .insert(a)
      .values(keys.map((k) => ({ keyHash: k.key, success: false, at: now })))
      .returning({ id: a.id });
    return rows.map((r) => r.id);
  });
}

/**
 * Checks a staff member's email and password, rate-limited per address and per client address over 15 minutes
 * (SIGN_IN_ATTEMPTS_PER_15_MIN failures; five times that per client). The attempt takes its place under the limits
 * before the password is compared (takeAttemptSlot), so attempts arriving together cannot all be checked; a
 * successful sign-in gives its place back (its rows become successes, which do not count). Attempts are stored in
 * the database so the limit holds across app processes; only hashes of the address and the client are kept.
 */
export async function verifyCredentials(email: string, password: string, clientIp: string | null, now = new Date()): Promise<CredentialCheck> {
  const { schema } = getConnection();
  const limit = env().SIGN_IN_ATTEMPTS_PER_15_MIN;
  const keys = [{ key: attemptKey("email", normalizeEmail(email)), limit }];
  if (clientIp) keys.push({ key: attemptKey("ip", clientIp), limit: limit * 5 });
  const slot = await takeAttemptSlot(keys, now);
  if (!slot) return { ok: false, reason: "rate_limited" };
  const user = await findUserByEmail(email);
  const valid = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  const ok = Boolean(user && user.passwordHash && !user.disabled && valid);
  if (!ok || !user) return { ok: false, reason: "invalid" };
  await withTransaction(async (tx) => {
    await tx.update(schema.signInAttempts).set({ success: true }).where(inArray(schema.signInAttempts.id, slot));
  });
  return { ok: true, user };
}

export function actorForUser(user: Pick<UserRow, "id" | "role" | "email">, via?: string): Actor {
  return { kind: "user", userId: user.id, role: user.role, label: via ? `${via}:${user.id}` : `user:${user.id}` };
}
