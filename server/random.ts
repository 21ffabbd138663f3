/**
 * Random bytes from node:crypto's generator, drawn 4 KB at a time. A registration needs several small random values
 * (two ids, the pickup token, the order code), and each randomBytes() call crosses into the C++ side on its own; on
 * a registration burst those calls were a visible share of the CPU. Every byte is handed out once, as a copy.
 */
import { randomBytes } from "node:crypto";

const POOL_SIZE = 4096;
let pool = Buffer.alloc(0);
let offset = 0;

export function pooledRandomBytes(n: number): Buffer {
  if (n > POOL_SIZE) return randomBytes(n);
  if (offset + n > pool.length) {
    pool = randomBytes(POOL_SIZE);
    offset = 0;
  }
  const out = Buffer.from(pool.subarray(offset, offset + n));
  offset += n;
  return out;
}
