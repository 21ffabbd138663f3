/**
 * Idempotency keys (docs/decisions/012-idempotency-keys.md): a client that sends `Idempotency-Key` with a POST gets
 * the first answer again when it sends the same request with the same key within 24 hours, and the work is done
 * once. The answer is written by the transaction that does the work (`saveAnswers`), so a crash leaves either both
 * or neither: a key without an answer means nothing was done, and a retry simply runs.
 *
 * What must stay true:
 * - A key is scoped by route and by the caller's credential (public registrations share one scope), and only its
 *   hash is stored: the hash of route, credential and key is the primary key, so the unique index decides between
 *   two requests that store an answer for one key at once (the loser's transaction, and with it its work, rolls
 *   back; `answerAfterKeyRace` then answers it from the winner).
 * - The same key with another request (method, path or canonical body) is refused: 422 idempotency_key_reused.
 * - Errors are never stored: a refused request rolled back and did nothing, so running it again cannot double anything.
 * - A row older than 24 hours is ignored and replaced by the next request with its key; the sweep deletes it.
 */
import "server-only";
import { createHash } from "node:crypto";
import { and, eq, inArray, lte } from "drizzle-orm";
import { requestIdentity } from "../core/idempotency";
import { getConnection, isUniqueViolation, withTransaction, type Database } from "./db";
import type { Actor } from "./actor";
import { DomainError } from "./errors";

/** How long a key and its answer are kept. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

export type IdempotentRoute = "registrations" | "refunds" | "pickups";

/** A request that carries an Idempotency-Key, as the store knows it. */
export interface IdempotencyRequest {
  route: IdempotentRoute;
  keyHash: string;
  requestHash: string;
}

export interface StoredAnswer {
  requestHash: string;
  status: number;
  body: unknown;
  resourceId: string | null;
  /** Set while a step after the commit is still to come (the answer is not whole yet); see register.ts. */
  lockedUntil: Date | null;
}

export interface AnswerToStore {
  idempotency: IdempotencyRequest;
  status: number;
  body: unknown;
  resourceId: string | null;
  lockedUntil?: Date | null;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** Who a key belongs to: an API token's user and token, or nobody (public routes share one scope). */
export function credentialOf(actor: Actor | null): string {
  if (!actor) return "public";
  return actor.kind === "user" ? `user:${actor.userId}/${actor.label}` : `system:${actor.label}`;
}

export function idempotencyRequest(input: { route: IdempotentRoute; actor: Actor | null; key: string; method: string; path: string; body: unknown }): IdempotencyRequest {
  return {
    route: input.route,
    keyHash: sha256(`${input.route}\n${credentialOf(input.actor)}\n${input.key}`),
    requestHash: sha256(requestIdentity(input.method, input.path, input.body)),
  };
}

export function keyReusedError(): DomainError {
  return new DomainError(
    "idempotency_key_reused",
    "This Idempotency-Key was used for another request (another path or body) in the last 24 hours; send a new key with a new request.",
  );
}

export function keyInUseError(): DomainError {
  return new DomainError("idempotency_key_in_use", "A request with this Idempotency-Key is still being processed; try again in a moment.");
}

type Row = typeof import("../db/schema.pg").idempotencyKeys.$inferSelect;

function stored(row: Row): StoredAnswer {
  return { requestHash: row.requestHash, status: row.responseStatus, body: JSON.parse(row.responseBody) as unknown, resourceId: row.resourceId, lockedUntil: row.lockedUntil };
}

const expired = (row: Row, now: Date) => row.createdAt.getTime() <= now.getTime() - IDEMPOTENCY_TTL_MS;

/** The answers kept for these keys (younger than 24 hours), by key hash. The request hash is not checked here. */
export async function findAnswers(db: Database, keyHashes: string[], now: Date): Promise<Map<string, StoredAnswer>> {
  if (keyHashes.length === 0) return new Map();
  const { schema } = getConnection();
  const k = schema.idempotencyKeys;
  const rows = await db.select().from(k).where(inArray(k.keyHash, [...new Set(keyHashes)]));
  return new Map(rows.filter((r) => !expired(r, now)).map((r) => [r.keyHash, stored(r)]));
}

/** The answer kept for this key, or null; 422 idempotency_key_reused when the key came with another request. */
export async function findAnswer(db: Database, idempotency: IdempotencyRequest, now: Date): Promise<StoredAnswer | null> {
  const answer = (await findAnswers(db, [idempotency.keyHash], now)).get(idempotency.keyHash) ?? null;
  return answer && sameRequest(idempotency, answer);
}

function sameRequest(idempotency: IdempotencyRequest, answer: StoredAnswer): StoredAnswer {
  if (answer.requestHash !== idempotency.requestHash) throw keyReusedError();
  return answer;
}

/**
 * Stores answers inside the transaction that did their work. A row of the same key older than 24 hours is replaced;
 * a younger one makes the insert fail on the primary key (another request with the key committed first), which
 * rolls the work back with it.
 */
export async function saveAnswers(tx: Database, answers: AnswerToStore[], now: Date): Promise<void> {
  if (answers.length === 0) return;
  const { schema } = getConnection();
  const k = schema.idempotencyKeys;
  const hashes = answers.map((a) => a.idempotency.keyHash);
  await tx.delete(k).where(and(inArray(k.keyHash, hashes), lte(k.createdAt, new Date(now.getTime() - IDEMPOTENCY_TTL_MS))));
  await tx.insert(k).values(
    answers.map((a) => ({
      keyHash: a.idempotency.keyHash,
      route: a.idempotency.route,
      requestHash: a.idempotency.requestHash,
      responseStatus: a.status,
      responseBody: JSON.stringify(a.body),
      resourceId: a.resourceId,
      lockedUntil: a.lockedUntil ?? null,
      createdAt: now,
    })),
  );
}

/**
 * The step after the commit is done: the answer about `resourceId` is whole (in the transaction that records that
 * step). An answer the key has since been given for something else is left alone.
 */
export async function completeAnswer(tx: Database, idempotency: IdempotencyRequest, resourceId: string): Promise<void> {
  const k = getConnection().schema.idempotencyKeys;
  await tx.update(k).set({ lockedUntil: null }).where(and(eq(k.keyHash, idempotency.keyHash), eq(k.resourceId, resourceId)));
}

/** Forgets the key's answer about `resourceId`, in the transaction that undoes that work (a checkout that could not start). */
export async function forgetAnswer(tx: Database, idempotency: IdempotencyRequest, resourceId: string): Promise<void> {
  const k = getConnection().schema.idempotencyKeys;
  await tx.delete(k).where(and(eq(k.keyHash, idempotency.keyHash), eq(k.resourceId, resourceId)));
}

/**
 * Lets go of an answer whose step after the commit never finished: its lease ran out, so the request that made it
 * stopped (a crash between the commit and the provider's call). Deletes the row in the caller's transaction, which
 * undoes the work the answer was about; true for exactly one caller (a conditional delete), false when the answer
 * was finished or let go meanwhile, or its lease still runs.
 */
export async function releaseUnfinishedAnswer(tx: Database, idempotency: IdempotencyRequest, answer: StoredAnswer, now: Date): Promise<boolean> {
  if (!answer.lockedUntil || answer.lockedUntil > now || !answer.resourceId) return false;
  const k = getConnection().schema.idempotencyKeys;
  const released = await tx
    .delete(k)
    .where(and(eq(k.keyHash, idempotency.keyHash), eq(k.resourceId, answer.resourceId), eq(k.lockedUntil, answer.lockedUntil)))
    .returning({ keyHash: k.keyHash });
  return released.length === 1;
}

/**
 * After a transaction failed: when it failed because another request with the same key stored its answer first
 * (a unique violation), that answer (or 422 for another request); otherwise null, and the caller handles the error.
 */
export async function answerAfterKeyRace(idempotency: IdempotencyRequest | null | undefined, error: unknown, now: Date): Promise<StoredAnswer | null> {
  if (!idempotency || !isUniqueViolation(error)) return null;
  return findAnswer(getConnection().db, idempotency, now);
}

/** Deletes keys older than 24 hours (called by the periodic sweep). */
export async function pruneIdempotencyKeys(now = new Date()): Promise<void> {
  const k = getConnection().schema.idempotencyKeys;
  await withTransaction((tx) => tx.delete(k).where(lte(k.createdAt, new Date(now.getTime() - IDEMPOTENCY_TTL_MS))));
}
