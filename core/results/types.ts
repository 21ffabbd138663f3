/**
 * Shapes shared by the results modules (issue 5). Pure: no I/O.
 * Times are whole milliseconds; "gun" time runs from the wave's gun start, "net" (chip) time from the runner's
 * own crossing of the start mat.
 */
export type { Gender, RankBy, ResultStatus } from "../domain";
export { RESULT_STATUSES } from "../domain";
import type { ResultSplit } from "../domain";

/** One cumulative split (net basis: from the runner's start; see import-file.ts). */
export type SplitTime = ResultSplit;

/** Bibs are short strings (`1234`, `F12`): trimmed and upper-cased so `f12` and `F12` are the same bib. */
export function normalizeBib(text: string): string {
  return text.trim().toUpperCase();
}

/** A bib as results and chip reads take it, once normalized: letters, digits and `-`, up to 16. */
export const BIB_PATTERN = /^[A-Z0-9][A-Z0-9-]{0,15}$/;

/** Whether `text` (as typed, any case) can be a bib of a result. */
export function isBib(text: string): boolean {
  return BIB_PATTERN.test(normalizeBib(text));
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
 * A total order on bibs for breaking ties in listings: all-digit bibs first, by number (`2` before `10`;
 * `012` right after `12`), then the others by code unit (`F12` before `W3`). Called on every tie of a re-rank,
 * so it avoids regular expressions and allocations.
 */
export function compareBibs(a: string, b: string): number {
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
