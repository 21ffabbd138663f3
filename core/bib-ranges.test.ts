import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countBibs, findBibRangeOverlaps, type OwnedRange } from "./bib-ranges";
import { only } from "./lists";

const r = (race: string, from: number, to: number, reserved = false): OwnedRange => ({ race, from, to, reserved });

describe("findBibRangeOverlaps", () => {
  it("finds ranges that share a bib, also across races, and not ranges that only touch", () => {
    expect(findBibRangeOverlaps([r("half", 1, 200), r("half", 201, 6000), r("fun", 10001, 12000)])).toEqual([]);
    const overlaps = findBibRangeOverlaps([r("half", 1, 6000), r("fun", 6000, 7000)]);
    const { a, b } = only(overlaps);
    expect([a.race, b.race].sort()).toEqual(["fun", "half"]);
  });

  it("agrees with the brute-force pairwise check", () => {
    const range = fc.tuple(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 60 })).map(([from, len]) => r("x", from, from + len));
    fc.assert(
      fc.property(fc.array(range, { maxLength: 25 }), (ranges) => {
        let expected = 0;
        for (const [i, a] of ranges.entries()) for (const b of ranges.slice(i + 1)) if (a.from <= b.to && b.from <= a.to) expected++;
        expect(findBibRangeOverlaps(ranges)).toHaveLength(expected);
      }),
    );
  });
});

describe("countBibs", () => {
  it("counts inclusive ranges, with or without reserved ones", () => {
    const ranges = [r("h", 1, 200, true), r("h", 201, 6000)];
    expect(countBibs(ranges, { includeReserved: true })).toBe(6000);
    expect(countBibs(ranges, { includeReserved: false })).toBe(5800);
  });
});
