import { describe, expect, it } from "vitest";
import { hasShape } from "./path-segments";

describe("path segment shapes", () => {
  it("take what was stored under each rule, and nothing with a NUL, a lone surrogate or a space", () => {
    const cases: [Parameters<typeof hasShape>[1], string[], string[]][] = [
      ["slug", ["test-half-2027", "half", "10k"], ["a", "Half", "half-", "a--b", "a\u0000b", "\uD800", "a b", "x".repeat(61)]],
      ["orderCode", ["FL-7K3QM2XD"], ["fl-7k3qm2xd", "FL-7K3QM2XO", "\u0000", "FL-7K3QM2XD "]],
      ["discountCode", ["SPRING", "spring-15", "ＳＰＲＩＮＧ"], ["AB", "SPR\u0000NG", "SPR NG", "\uD800\uDC00\uD800", "X".repeat(33)]],
      ["bib", ["1", "f12", "A-1"], ["", "-1", "1\u0000", "%", "1".repeat(17), "𠮷"]],
      ["id", ["0193b6a4-8f1e-7c3a-9d2b-5e6f7a8b9c0d", "5C90FC6D-EB15-403D-8F10-B8BDB75D871A"], ["not-an-id", "\u0000", "0193b6a4-8f1e-7c3a-9d2b-5e6f7a8b9c0"]],
    ];
    for (const [shape, good, bad] of cases) {
      for (const value of good) expect(hasShape(value, shape), `${shape} ${JSON.stringify(value)}`).toBe(true);
      for (const value of bad) expect(hasShape(value, shape), `${shape} ${JSON.stringify(value)}`).toBe(false);
    }
    expect(hasShape(undefined, "slug")).toBe(false);
    expect(hasShape(["a", "b"], "slug")).toBe(false);
  });
});
