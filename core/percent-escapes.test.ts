import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isUndecodablePath } from "./percent-escapes";

function decodes(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

describe("undecodable paths", () => {
  it("refuses broken escapes and bytes that are not UTF-8, and nothing else", () => {
    for (const path of ["/api/health%", "/en/%", "/x/%4", "/x/%zz", "/x/%FF", "/x/%C0%80", "/x/%C1%BF", "/x/%ED%A0%80", "/x/%F4%90%80%80", "/x/%e4%b8", "/x/%E4/%B8%AD", "/x/%80"]) {
      expect(isUndecodablePath(path), path).toBe(true);
      expect(decodes(path)).toBe(false);
    }
    for (const path of ["/", "/api/health", "/api/v1/events/a%00b", "/zh/events/%E4%B8%AD", "/x/%F0%A0%AE%B7", "/x/%25", "/x/%ef%bc%a1", "/x/%ED%9F%BF", "/x/%F4%8F%BF%BF", "/x/%7F"]) {
      expect(isUndecodablePath(path), path).toBe(false);
      expect(decodes(path)).toBe(true);
    }
  });

  it("property: agrees with decodeURIComponent on any mix of characters, escapes and stray percent signs", () => {
    const escape = fc.integer({ min: 0, max: 255 }).map((b) => `%${b.toString(16).padStart(2, "0")}`);
    const escapeUpper = escape.map((e) => e.toUpperCase());
    const utf8 = fc.string({ unit: "binary", minLength: 1, maxLength: 2 }).map((s) => encodeURIComponent(s));
    const part = fc.oneof(escape, escapeUpper, utf8, fc.constantFrom("%", "%4", "%g1", "/", "a", "-", "%2F"), fc.string({ maxLength: 3 }));
    fc.assert(
      fc.property(fc.array(part, { maxLength: 8 }), (parts) => {
        const path = `/${parts.join("")}`;
        expect(isUndecodablePath(path), path).toBe(!decodes(path));
      }),
      { numRuns: 3000 },
    );
  });
});
