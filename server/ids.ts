/**
 * Ids for rows that are written in bursts (orders and their entries): UUID version 7, whose first 48 bits are the
 * time in milliseconds. Rows made one after another get neighbouring keys, so the primary-key index and the indexes
 * that lead with these ids (entries by order, audit rows by entity) grow at their right edge, instead of dirtying a
 * random page of each for every row as random (version 4) ids do. On a registration burst that was a seventh of the
 * write time (docs/decisions/008). The other 74 bits are random. A v7 id tells when its row was made, which the row
 * says anyway (created_at).
 *
 * The random bytes come from node:crypto (through random.ts's pool): the uuid package's default source is the
 * global Web Crypto, which Next.js wraps on the server, and that wrapper cost more than the rest of making the id.
 */
import { v7 } from "uuid";
import { pooledRandomBytes } from "./random";

export function timeOrderedId(): string {
  return v7({ random: pooledRandomBytes(16) });
}
