/**
 * Shapes shared by the results modules (issue 5). Pure: no I/O.
 * Times are whole milliseconds; "gun" time runs from the wave's gun start, "net" (chip) time from the runner's
 * own crossing of the start mat.
 */
export type { Gender, RankBy } from "../../db/types";

/** `finished` is the only status that is placed; the others are listed after the finishers, without a place. */
export const RESULT_STATUSES = ["finished", "dnf", "dns", "dq"] as const;
export type ResultStatus = (typeof RESULT_STATUSES)[number];

/** One cumulative split: time elapsed at a timing point (net basis: from the runner's start; see import-file.ts). */
export interface SplitTime {
  label: string;
  elapsedMs: number;
}

/** Bibs are short strings (`1234`, `F12`): trimmed and upper-cased so `f12` and `F12` are the same bib. */
export function normalizeBib(text: string): string {
  return text.trim().toUpperCase();
}

const DIGITS = /^[0-9]+$/;

/**
 * A total order on bibs for breaking ties in listings: all-digit bibs first, by number (`2` before `10`;
 * `012` right after `12`), then the others by code unit (`F12` before `W3`).
 */
export function compareBibs(a: string, b: string): number {
  const aNum = DIGITS.test(a);
  const bNum = DIGITS.test(b);
  if (aNum !== bNum) return aNum ? -1 : 1;
  if (aNum) {
    const x = a.replace(/^0+(?=.)/, "");
    const y = b.replace(/^0+(?=.)/, "");
    if (x.length !== y.length) return x.length - y.length;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
