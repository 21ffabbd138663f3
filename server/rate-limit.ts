/**
 * Fixed-window rate limits counted in the database, so they hold across app processes (docs/deploying.md).
 * Keys are hashed: no client address is stored.
 */
import { createHash } from "node:crypto";
import { lt, sql } from "drizzle-orm";
import { getConnection, withTransaction } from "./db";
import { first } from "../core/lists";

/** Counts one hit; true while the window's count is within `limit`. A limit of 0 turns the limit off. */
export async function hitRateLimit(key: string, limit: number, windowMs: number, now = new Date()): Promise<boolean> {
  if (limit <= 0) return true;
  const { schema } = getConnection();
  const t = schema.rateLimits;
  const keyHash = createHash("sha256").update(key).digest("hex");
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const row = first(await withTransaction((tx) =>
    tx
      .insert(t)
      .values({ key: keyHash, windowStart, count: 1 })
      .onConflictDoUpdate({ target: [t.key, t.windowStart], set: { count: sql`${t.count} + 1` } })
      .returning({ count: t.count }),
  ));
  return row.count <= limit;
}

/** Drops windows older than an hour (called by the periodic sweep). */
export async function pruneRateLimits(now = new Date()): Promise<void> {
  const { schema } = getConnection();
  await withTransaction((tx) => tx.delete(schema.rateLimits).where(lt(schema.rateLimits.windowStart, new Date(now.getTime() - 3_600_000))));
}
