/**
 * Text a person typed (issue 13; docs/api.md "Text"): one rule for every name, label, desk, search box and
 * description, so SQLite and PostgreSQL see the same strings and a bad one is a 422 on its field instead of a
 * database error. PostgreSQL refuses NUL in text and a lone surrogate in JSON, SQLite stores both; neither ever
 * reaches a database from here.
 *
 * Refused: control characters (C0 including NUL, DEL, C1) except a line feed in a multi-line field; line and
 * paragraph separators (U+2028, U+2029) outside multi-line fields; lone UTF-16 surrogates (half of an emoji); and
 * text made only of invisible characters (white space, zero-width and other default-ignorable characters, format
 * characters, the braille blank). Lengths count code points (an emoji or 𠮷 is one), after trimming; a multi-line
 * field reads CRLF and CR as LF first, as browsers send a textarea's lines as CRLF.
 *
 * Pure: zod schemas for inputs (`personText`) and a predicate for path segments and query values (`textProblem`).
 */
import { z } from "zod";

/** The FieldIssue key of each refusal (messages/<locale>/errors.json). */
export type TextProblem = "textControl" | "textEncoding" | "textLineBreak" | "textInvisible";

export interface TextRule {
  /** Most code points after trimming. */
  max: number;
  /** Fewest code points after trimming; 1 (the default) makes the field required, 0 lets it be empty. */
  min?: number;
  /** A line feed is allowed (descriptions, messages); CRLF and CR are read as LF. */
  multiline?: boolean;
}

// With the u flag a lone surrogate is a code point of category Cs; a valid pair is one astral code point.
const LONE_SURROGATE = /\p{Cs}/u;
// Cc is U+0000–U+001F and U+007F–U+009F.
const CONTROL = /\p{Cc}/u;
const CONTROL_BUT_LINE_FEED = /[^\P{Cc}\n]/u;
const LINE_SEPARATOR = /[\u2028\u2029]/u;
const ONLY_INVISIBLE = /^[\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cf}\u2800]*$/u;

/** Why `text` is refused as typed text, or null when it is fine. Length is the caller's (see codePoints). */
export function textProblem(text: string, options: { multiline?: boolean } = {}): TextProblem | null {
  if (LONE_SURROGATE.test(text)) return "textEncoding";
  if ((options.multiline ? CONTROL_BUT_LINE_FEED : CONTROL).test(text)) return "textControl";
  if (!options.multiline && LINE_SEPARATOR.test(text)) return "textLineBreak";
  if (text.length > 0 && ONLY_INVISIBLE.test(text)) return "textInvisible";
  return null;
}

/** For a path segment or a query value: why it cannot be looked up (a lone surrogate, a control character), or null. */
export function valueProblem(text: string): "textEncoding" | "textControl" | null {
  if (LONE_SURROGATE.test(text)) return "textEncoding";
  if (CONTROL.test(text)) return "textControl";
  return null;
}

/** True for a value that may go into a query or a look-up: no control characters, no lone surrogates. */
export function isCleanText(text: string): boolean {
  return valueProblem(text) === null;
}

/** Length in code points: 𠮷 and 😀 count one each, as a person counts them. */
export function codePoints(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** CRLF and lone CR as LF. */
export function normalizeLineBreaks(text: string): string {
  return text.replace(/\r\n?/g, "\n");
}

/**
 * A zod string for text a person typed: trimmed, then checked by the rule above and the length limits; issues
 * carry the keys `textControl`, `textEncoding`, `textLineBreak`, `textInvisible`, `required`, `tooShort` and
 * `tooLong` (with `maximum`). Still a ZodString, so `.regex()`, `.optional()`, `.default()` chain as usual.
 */
export function personText(rule: TextRule) {
  const { max, min = 1, multiline = false } = rule;
  return z
    .string()
    .overwrite((s) => (multiline ? normalizeLineBreaks(s) : s))
    .trim()
    .superRefine((s, ctx) => {
      const problem = textProblem(s, { multiline });
      if (problem) {
        ctx.addIssue({ code: "custom", message: problem, input: s });
        return;
      }
      const length = codePoints(s);
      if (length < min) ctx.addIssue({ code: "custom", message: min <= 1 ? "required" : "tooShort", params: min <= 1 ? undefined : { minimum: min }, input: s });
      else if (length > max) ctx.addIssue({ code: "custom", message: "tooLong", params: { maximum: max }, input: s });
    });
}
