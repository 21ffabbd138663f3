import type { BibRange } from "./domain";

export interface OwnedRange extends BibRange {
  /** The race (slug) that owns the range. */
  race: string;
}

export interface RangeOverlap {
  a: OwnedRange;
  b: OwnedRange;
}

/**
 * All pairs of overlapping inclusive ranges among every race of one event. Bibs are unique within an event,
 * so two ranges overlap even when they belong to different races. Sort-and-sweep: O(n log n + overlaps).
 */
export function findBibRangeOverlaps(ranges: OwnedRange[]): RangeOverlap[] {
  const sorted = [...ranges].sort((x, y) => x.from - y.from || x.to - y.to);
  const overlaps: RangeOverlap[] = [];
  let open: OwnedRange[] = [];
  for (const r of sorted) {
    open = open.filter((o) => o.to >= r.from);
    for (const o of open) overlaps.push({ a: o, b: r });
    open.push(r);
  }
  return overlaps;
}

/** Number of bibs in the ranges (reserved ones included or not). */
export function countBibs(ranges: BibRange[], options: { includeReserved: boolean }): number {
  return ranges.filter((r) => options.includeReserved || !r.reserved).reduce((n, r) => n + (r.to - r.from + 1), 0);
}
