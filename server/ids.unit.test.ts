import { describe, expect, it } from "vitest";
import { z } from "zod";
import { timeOrderedId } from "./ids";

describe("timeOrderedId", () => {
  it("gives version-7 UUIDs that the id checks accept, ordered by the millisecond they were made", () => {
    const before = Date.now();
    const ids = Array.from({ length: 2000 }, () => timeOrderedId());
    const after = Date.now();
    for (const id of ids) {
      expect(z.uuid().safeParse(id).success).toBe(true);
      expect(id[14]).toBe("7");
    }
    expect(new Set(ids).size).toBe(ids.length);
    // The first 48 bits are the time in milliseconds: ids made one after another sort by when they were made (to the
    // millisecond), so an index of them grows at its end.
    const msOf = (id: string) => parseInt(id.replaceAll("-", "").slice(0, 12), 16);
    const ms = ids.map(msOf);
    expect(ms[0]).toBeGreaterThanOrEqual(before);
    expect(ms.at(-1)).toBeLessThanOrEqual(after);
    expect([...ms].sort((a, b) => a - b)).toEqual(ms);
    const sorted = [...ids].sort();
    const msInIdOrder = sorted.map(msOf);
    expect([...msInIdOrder].sort((a, b) => a - b)).toEqual(msInIdOrder);
  });
});
