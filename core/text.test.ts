import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codePoints, isCleanText, normalizeLineBreaks, personText, textProblem } from "./text";
import { fromZodIssues } from "./validation";
import { present } from "./lists";

const name = personText({ max: 10 });
const note = personText({ max: 40, multiline: true });
const optional = personText({ max: 10, min: 0 });

function issues(schema: ReturnType<typeof personText>, input: unknown) {
  const parsed = schema.safeParse(input, { reportInput: true });
  return parsed.success ? [] : fromZodIssues(parsed.error.issues);
}

const C0 = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i));
const C1 = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(0x80 + i));
const ZERO_WIDTH = ["\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF"];

describe("text a person typed", () => {
  it("accepts names in any script, astral characters included", () => {
    for (const ok of ["张伟", "Zhang Wei", "O'Brien", "𠮷野家", "😀 Run", "Ærøskøbing", "李\u200D娜", "José"]) {
      expect(name.safeParse(ok).success, ok).toBe(true);
    }
    expect(name.parse("  王芳  ")).toBe("王芳");
  });

  it("refuses NUL and every other C0 or C1 control character, and DEL, wherever they stand", () => {
    for (const c of [...C0, "\u007F", ...C1]) {
      if (c === "\n") continue;
      for (const text of [`${c}`, `a${c}b`, `ab${c}`]) expect(textProblem(text), JSON.stringify(text)).toBe("textControl");
      expect(issues(name, `a${c}b`)).toEqual([{ path: "", key: "textControl" }]);
      expect(issues(note, `a${c}b`), JSON.stringify(c)).toEqual(c === "\r" ? [] : [{ path: "", key: "textControl" }]);
    }
    expect(textProblem("a\nb")).toBe("textControl");
    expect(issues(name, "line one\nline two")).toEqual([{ path: "", key: "textControl" }]);
    for (const esc of ["\u001B[31mred", "ding\u0007", "CR\rLF"]) expect(issues(name, esc)).toEqual([{ path: "", key: "textControl" }]);
  });

  it("allows line feeds only in multi-line fields, reading CRLF and CR as LF", () => {
    expect(note.parse("line one\r\nline two\rthree")).toBe("line one\nline two\nthree");
    expect(normalizeLineBreaks("a\r\n\r\nb")).toBe("a\n\nb");
    expect(textProblem("a\nb", { multiline: true })).toBeNull();
    expect(textProblem("a\tb", { multiline: true })).toBe("textControl");
    expect(textProblem("a\u2028b")).toBe("textLineBreak");
    expect(textProblem("a\u2029b", { multiline: true })).toBeNull();
  });

  it("refuses lone surrogates, high or low, and keeps valid pairs", () => {
    for (const text of ["\uD800", "\uDBFF", "\uDC00", "\uDFFF", "a\uD800b", "a\uDC00", "\uDC00\uD800", "😀\uD83D"]) {
      expect(textProblem(text), JSON.stringify(text)).toBe("textEncoding");
      expect(isCleanText(text)).toBe(false);
      expect(issues(name, text)).toEqual([{ path: "", key: "textEncoding" }]);
    }
    for (const text of ["\uD83D\uDE00", "\uD842\uDFB7", "\uDBFF\uDFFF"]) expect(textProblem(text), JSON.stringify(text)).toBeNull();
  });

  it("refuses text made only of invisible characters, with or without spaces", () => {
    // U+FEFF (a byte-order mark) is white space to String.prototype.trim: trimmed away, the field is empty.
    for (const z of ZERO_WIDTH) {
      const key = z === "\uFEFF" ? "required" : "textInvisible";
      expect(issues(name, z), JSON.stringify(z)).toEqual([{ path: "", key }]);
      expect(issues(name, ` ${z} ${z} `)).toEqual([{ path: "", key }]);
      expect(issues(optional, z)).toEqual(z === "\uFEFF" ? [] : [{ path: "", key }]);
    }
    expect(issues(name, ZERO_WIDTH.join(" "))).toEqual([{ path: "", key: "textInvisible" }]);
    for (const text of ["\u3000\u200B", "\u00AD", "\u2800", "\u202E", "\u3164", "\uFE0F"]) expect(textProblem(text), JSON.stringify(text)).toBe("textInvisible");
    expect(issues(note, "\n\u200B\n")).toEqual([{ path: "", key: "textInvisible" }]);
    expect(name.parse("\u200BLi")).toBe("\u200BLi");
  });

  it("needs something in a required field, allows empty in an optional one", () => {
    expect(issues(name, "")).toEqual([{ path: "", key: "required" }]);
    expect(issues(name, "   ")).toEqual([{ path: "", key: "required" }]);
    expect(optional.parse("   ")).toBe("");
    expect(issues(personText({ max: 10, min: 3 }), "ab")).toEqual([{ path: "", key: "tooShort", params: { minimum: 3 } }]);
    expect(issues(name, 42)).toEqual([{ path: "", key: "invalidType", params: { expected: "string" } }]);
  });

  it("counts code points for the maximum, after trimming", () => {
    expect(codePoints("𠮷😀a")).toBe(3);
    expect(codePoints("\uD800a")).toBe(2);
    expect(name.safeParse("𠮷".repeat(10)).success).toBe(true);
    expect(name.safeParse(` ${"a".repeat(10)} `).success).toBe(true);
    expect(issues(name, "𠮷".repeat(11))).toEqual([{ path: "", key: "tooLong", params: { maximum: 10 } }]);
    expect(issues(name, "a".repeat(11))).toEqual([{ path: "", key: "tooLong", params: { maximum: 10 } }]);
  });

  it("chains like any zod string, the text rule's key first", () => {
    const latin = personText({ max: 20, min: 0 }).regex(/^[A-Za-z ]*$/, "latinFormat").optional();
    expect(latin.parse(undefined)).toBeUndefined();
    expect(latin.parse(" Li Na ")).toBe("Li Na");
    expect(fromZodIssues(present(latin.safeParse("Li\u0000").error).issues)[0]).toEqual({ path: "", key: "textControl" });
  });

  it("property: whatever it accepts is well-formed, free of control characters and not blank; it never throws", () => {
    const unit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit, maxLength: 30 }), fc.string({ unit: "binary", maxLength: 30 }), fc.string({ maxLength: 30 })), fc.boolean(), (text, multiline) => {
        const schema = multiline ? note : name;
        const parsed = schema.safeParse(text);
        if (!parsed.success) return;
        const value = parsed.data;
        expect(value.isWellFormed()).toBe(true);
        expect(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/.test(value)).toBe(false);
        if (!multiline) expect(value.includes("\n")).toBe(false);
        expect(codePoints(value)).toBeGreaterThan(0);
        expect(codePoints(value)).toBeLessThanOrEqual(multiline ? 40 : 10);
        expect(textProblem(value, { multiline })).toBeNull();
      }),
      { numRuns: 500 },
    );
  });

  it("property: one forbidden character anywhere in otherwise good text is refused", () => {
    const bad = fc.oneof(fc.constantFrom(...C0.filter((c) => c !== "\n" && c !== "\r"), "\u007F", ...C1), fc.integer({ min: 0xd800, max: 0xdfff }).map((n) => String.fromCharCode(n)));
    fc.assert(
      fc.property(fc.string({ unit: "grapheme-composite", maxLength: 4 }), bad, fc.string({ unit: "grapheme-composite", maxLength: 4 }), (before, c, after) => {
        // A high surrogate right before a low one would make a valid pair: keep the neighbours plain.
        const text = `${before}x${c}x${after}`;
        expect(name.safeParse(text).success).toBe(false);
        expect(note.safeParse(text).success).toBe(false);
        expect(isCleanText(text)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
