import { describe, expect, it } from "vitest";
import { pooledRandomBytes } from "./random";

describe("pooledRandomBytes", () => {
  it("hands out the asked length, never the same bytes twice, across pool refills", () => {
    const seen = new Set<string>();
    let total = 0;
    for (let i = 0; i < 3000; i++) {
      const n = 1 + (i % 40);
      const bytes = pooledRandomBytes(n);
      expect(bytes).toHaveLength(n);
      total += n;
      if (n >= 8) {
        const hex = bytes.toString("hex");
        expect(seen.has(hex)).toBe(false);
        seen.add(hex);
      }
    }
    expect(total).toBeGreaterThan(3 * 4096); // the pool was refilled several times
  });

  it("gives copies: changing one does not change what comes next", () => {
    const a = pooledRandomBytes(16);
    a.fill(0);
    const b = pooledRandomBytes(16);
    expect(b.equals(Buffer.alloc(16))).toBe(false);
    expect(pooledRandomBytes(10_000)).toHaveLength(10_000);
  });

  it("spreads its bytes evenly (a rough check that they are not a constant or a counter)", () => {
    const counts = new Array(256).fill(0);
    for (let i = 0; i < 2000; i++) for (const byte of pooledRandomBytes(32)) counts[byte] += 1;
    // 64,000 bytes: 250 per value expected; a working generator stays far inside these bounds.
    expect(Math.min(...counts)).toBeGreaterThan(150);
    expect(Math.max(...counts)).toBeLessThan(350);
  });
});
