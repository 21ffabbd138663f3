import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bibCandidates, compareBibs, isResultBib, normalizeBib, resultBib } from "./bibs";

describe("normalizeBib (an entry's bib)", () => {
  it("accepts 1–12 letters, digits and hyphens; drops leading zeros of numeric bibs", () => {
    expect(normalizeBib(" 1234 ")).toBe("1234");
    expect(normalizeBib("0042")).toBe("42");
    expect(normalizeBib("0")).toBe("0");
    expect(normalizeBib("F12")).toBe("F12");
    expect(normalizeBib("A-007")).toBe("A-007");
    for (const bad of ["", "12 34", "1234567890123", "号码", "1_2"]) expect(normalizeBib(bad)).toBeNull();
  });

  it("keeps the case an organizer typed (results meet it through resultBib)", () => {
    expect(normalizeBib("f12")).toBe("f12");
    expect(resultBib(normalizeBib("f12")!)).toBe("F12");
  });
});

describe("resultBib (a result's bib)", () => {
  it("trims and upper-cases", () => {
    expect(resultBib(" f12 ")).toBe("F12");
    expect(resultBib("0042")).toBe("0042");
  });

  it("says which text can be a result's bib: letters, digits and -, up to 16, not starting with -", () => {
    for (const ok of ["1", "f12", " 0042 ", "A-1", "1234567890123456"]) expect(isResultBib(ok)).toBe(true);
    for (const bad of ["", "-1", "12 34", "12345678901234567", "号码", "1_2"]) expect(isResultBib(bad)).toBe(false);
  });
});

describe("bibCandidates (a desk's look-up)", () => {
  it("finds a bib typed in full-width digits, in lower case or with spaces", () => {
    expect(bibCandidates("１２３")).toEqual(["123"]);
    expect(bibCandidates(" f12 ")).toEqual(["f12", "F12"]);
    expect(bibCandidates("F 12")).toEqual(["F 12", "F12"]);
  });
});

describe("compareBibs", () => {
  it("puts digit bibs first by number, then the others", () => {
    expect(["F12", "10", "W3", "9", "012", "12", "A1", "0"].sort(compareBibs)).toEqual(["0", "9", "10", "012", "12", "A1", "F12", "W3"]);
  });

  it("puts entries without a bib last (the exports' order)", () => {
    expect(["B1", null, "2", null, "10"].sort(compareBibs)).toEqual(["2", "10", "B1", null, null]);
  });

  it("is a total order that agrees with numbers on digit bibs", () => {
    const bib = fc.oneof(fc.stringMatching(/^[0-9]{1,6}$/), fc.stringMatching(/^[A-Z0-9-]{1,6}$/), fc.constant(null));
    fc.assert(
      fc.property(bib, bib, bib, (a, b, c) => {
        expect(Math.sign(compareBibs(a, b)) + Math.sign(compareBibs(b, a))).toBe(0);
        expect(compareBibs(a, b) === 0).toBe(a === b);
        if (compareBibs(a, b) <= 0 && compareBibs(b, c) <= 0) expect(compareBibs(a, c)).toBeLessThanOrEqual(0);
        if (a !== null && b !== null && /^[0-9]+$/.test(a) && /^[0-9]+$/.test(b) && Number(a) !== Number(b)) expect(Math.sign(compareBibs(a, b))).toBe(Math.sign(Number(a) - Number(b)));
      }),
    );
  });

  it("agrees with the exports' former order, which compared digit bibs as text without leading zeros", () => {
    const former = (a: string | null, b: string | null): number => {
      if (a === b) return 0;
      if (a === null) return 1;
      if (b === null) return -1;
      const an = /^\d+$/.test(a);
      const bn = /^\d+$/.test(b);
      if (an && bn) {
        const at = a.replace(/^0+(?=\d)/, "");
        const bt = b.replace(/^0+(?=\d)/, "");
        if (at.length !== bt.length) return at.length - bt.length;
        if (at !== bt) return at < bt ? -1 : 1;
        return a < b ? -1 : 1;
      }
      if (an !== bn) return an ? -1 : 1;
      return a < b ? -1 : 1;
    };
    const bib = fc.oneof(fc.stringMatching(/^[0-9]{0,8}$/), fc.stringMatching(/^[A-Za-z0-9-]{1,8}$/), fc.constant(null));
    fc.assert(
      fc.property(bib, bib, (a, b) => {
        expect(Math.sign(compareBibs(a, b))).toBe(Math.sign(former(a, b)));
      }),
    );
  });
});
