import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareBibs, normalizeBib } from "./types";

describe("normalizeBib", () => {
  it("trims and upper-cases", () => {
    expect(normalizeBib(" f12 ")).toBe("F12");
    expect(normalizeBib("0042")).toBe("0042");
  });
});

describe("compareBibs", () => {
  it("puts digit bibs first by number, then the others", () => {
    expect(["F12", "10", "W3", "9", "012", "12", "A1", "0"].sort(compareBibs)).toEqual(["0", "9", "10", "012", "12", "A1", "F12", "W3"]);
  });

  it("is a total order that agrees with numbers on digit bibs", () => {
    const bib = fc.oneof(fc.stringMatching(/^[0-9]{1,6}$/), fc.stringMatching(/^[A-Z0-9-]{1,6}$/));
    fc.assert(
      fc.property(bib, bib, bib, (a, b, c) => {
        expect(Math.sign(compareBibs(a, b)) + Math.sign(compareBibs(b, a))).toBe(0);
        expect(compareBibs(a, b) === 0).toBe(a === b);
        if (compareBibs(a, b) <= 0 && compareBibs(b, c) <= 0) expect(compareBibs(a, c)).toBeLessThanOrEqual(0);
        if (/^[0-9]+$/.test(a) && /^[0-9]+$/.test(b) && Number(a) !== Number(b)) expect(Math.sign(compareBibs(a, b))).toBe(Math.sign(Number(a) - Number(b)));
      }),
    );
  });
});
