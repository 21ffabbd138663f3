/**
 * Bibs (issue 14, docs/architecture.md "Rules and where they live"): how a bib is written down, looked up and
 * ordered, written once. Pure.
 *
 * A bib has two written forms, and each caller keeps the one it always had:
 * - an entry's bib (`normalizeBib`): what organizers set by hand and the ranges give out. Trimmed, 1 to 12 letters,
 *   digits and `-`, a numeric bib without leading zeros ("0042" and "42" are one bib); null when it cannot be one.
 * - a result's bib (`resultBib`): what a results file, chip reads and the results pages key by. Trimmed and upper
 *   case, leading zeros kept (a timer's "0042" is its own bib); `RESULT_BIB_PATTERN` says which can be one, up to 16.
 *   An entry's bib meets its result under `resultBib` (a stored "f12" is the result "F12").
 * - at the pickup desk (`bibCandidates`): what was typed or scanned, with full-width digits made ASCII, in every
 *   form a stored bib may have.
 * One order for every listing (`compareBibs`): numeric bibs by number, then the others by text, then no bib.
 */

/** An entry's bib: letters, digits and hyphens, 1 to 12 characters (an imported timing file may carry `F12`). */
export const BIB_PATTERN = /^[A-Za-z0-9-]{1,12}$/;

/**
 * The stored form of an entry's bib: trimmed, and a numeric bib without leading zeros, so "0042" and "42" are one
 * bib. Null when the text is not a valid bib.
 */
export function normalizeBib(text: string): string | null {
  const bib = text.trim();
  if (!BIB_PATTERN.test(bib)) return null;
  return /^\d+$/.test(bib) ? bib.replace(/^0+(?=\d)/, "") : bib;
}

/** A bib as results and chip reads take it, once in its result form: letters, digits and `-`, up to 16. */
export const RESULT_BIB_PATTERN = /^[A-Z0-9][A-Z0-9-]{0,15}$/;

/** The form results, chip reads and their look-ups key a bib by: trimmed, upper case, leading zeros kept. */
export function resultBib(text: string): string {
  return text.trim().toUpperCase();
}

/** Whether `text` (as typed, any case) can be a bib of a result. */
export function isResultBib(text: string): boolean {
  return RESULT_BIB_PATTERN.test(resultBib(text));
}

/** A bib as typed or scanned at a desk: full-width digits from a Chinese keyboard become ASCII; "f12" also finds "F12". */
export function bibCandidates(bib: string): string[] {
  const b = bib.normalize("NFKC").trim();
  return [...new Set([b, b.toUpperCase(), b.replace(/\s/g, ""), b.replace(/\s/g, "").toUpperCase()])];
}

/** Index of the first significant digit when `bib` is all ASCII digits (`0012` → 2, `0` → 0), otherwise -1. */
function digitStart(bib: string): number {
  if (bib.length === 0) return -1;
  let start = -1;
  for (let i = 0; i < bib.length; i++) {
    const c = bib.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    if (start === -1 && c !== 48) start = i;
  }
  return start === -1 ? bib.length - 1 : start;
}

/**
 * A total order on bibs for listings and for breaking ties: all-digit bibs first, by number (`2` before `10`; equal
 * numbers by their text, so `012` comes right before `12`), then the others by code unit (`F12` before `W3`), then
 * no bib (null). Called on every tie of a re-rank, so it avoids regular expressions and allocations.
 */
export function compareBibs(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const x = digitStart(a);
  const y = digitStart(b);
  if ((x === -1) !== (y === -1)) return x === -1 ? 1 : -1;
  if (x !== -1) {
    const lx = a.length - x;
    const ly = b.length - y;
    if (lx !== ly) return lx - ly;
    for (let i = 0; i < lx; i++) {
      const d = a.charCodeAt(x + i) - b.charCodeAt(y + i);
      if (d !== 0) return d;
    }
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
