/**
 * The key that signs staff sessions. AUTH_SECRET when set; otherwise one generated on first use and kept in the
 * database, so sessions survive a restart and every app process on the same database agrees on it.
 */
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { getConnection, withTransaction } from "../db";
import { env } from "../env";
import { first } from "../../core/lists";

let cached: string | undefined;

export async function getAuthSecret(): Promise<string> {
  if (cached) return cached;
  const fromEnv = env().AUTH_SECRET;
  if (fromEnv) return (cached = fromEnv);
  const { db, schema } = getConnection();
  const read = async () => (await db.select().from(schema.appSettings).where(eq(schema.appSettings.key, "auth_secret")))[0]?.value;
  let value = await read();
  if (!value) {
    // Written and read back in one transaction: when the first caller is already inside a write (a payment
    // confirmation signs the order link), the row is not yet visible to another connection. The first process to
    // write wins; the others read its value.
    value = await withTransaction(async (tx) => {
      await tx.insert(schema.appSettings).values({ key: "auth_secret", value: randomBytes(33).toString("base64") }).onConflictDoNothing();
      const row = first(await tx.select().from(schema.appSettings).where(eq(schema.appSettings.key, "auth_secret")));
      return row.value;
    });
  }
  return (cached = value);
}

/** Forgets the cached key (tests: a fresh database has none). */
export function resetAuthSecretForTests(): void {
  cached = undefined;
}
