/**
 * Bib numbers from a race's ranges (issue 4, "Bibs"; docs/architecture.md "Rules and where they live"). Pure: the server loads the entries and
 * the bibs taken elsewhere in the event, calls these, and writes the result in one transaction
 * (server/bibs/). Bibs are short strings; numeric ones are the number without leading zeros ("1001").
 *
 * What must stay true (property tests in bib-assignment.test.ts):
 * - every bib given is unique, inside one of the race's ranges and never in a reserved range (reserved ranges are
 *   for organizers, who set those bibs by hand);
 * - a locked entry keeps its bib, and no bib in `unavailable` or held by a locked entry is given to anyone else;
 * - the same input in any order gives the same output;
 * - when the ranges run out, exactly the entries left over are listed, never a duplicate.
 */
import type { BibRange } from "./domain";
import { nth } from "./lists";

/** The comparison form of a stored bib (numeric bibs compare by number). */
function canonical(bib: string): string {
  return /^\d+$/.test(bib) ? bib.replace(/^0+(?=\d)/, "") : bib;
}

/** The race's ranges that entries may get automatically: not reserved, lowest first. */
function openRanges(ranges: readonly BibRange[]): BibRange[] {
  return ranges.filter((r) => !r.reserved && r.from <= r.to).sort((a, b) => a.from - b.from || a.to - b.to);
}

/** Free numbers of the open ranges, lowest first, skipping `taken` (canonical forms). */
function* freeBibs(ranges: readonly BibRange[], taken: ReadonlySet<string>): Generator<string> {
  let last = -Infinity;
  for (const range of openRanges(ranges)) {
    for (let n = Math.max(range.from, last + 1); n <= range.to; n++) {
      const bib = String(n);
      if (!taken.has(bib)) yield bib;
    }
    last = Math.max(last, range.to);
  }
}

function canonicalSet(bibs: Iterable<string>): Set<string> {
  const set = new Set<string>();
  for (const b of bibs) set.add(canonical(b));
  return set;
}

/** The lowest free bib of the race's non-reserved ranges (on_confirmation), or null when they have run out. */
export function nextFreeBib(ranges: readonly BibRange[], unavailable: Iterable<string>): string | null {
  const next = freeBibs(ranges, canonicalSet(unavailable)).next();
  return next.done ? null : next.value;
}

/** True when a numeric bib lies in one of the ranges (reserved ones included or not). */
export function bibInRanges(bib: string, ranges: readonly BibRange[], options: { includeReserved: boolean }): boolean {
  if (!/^\d+$/.test(bib)) return false;
  const n = Number(bib);
  return ranges.some((r) => (options.includeReserved || !r.reserved) && n >= r.from && n <= r.to);
}

export interface BibEntry {
  registrationId: string;
  /** Position of the entry's wave (lower starts first); null without a wave (after every wave). */
  wavePosition: number | null;
  predictedFinishSeconds: number | null;
  familyName: string;
  givenName?: string;
  /** The bib the entry holds now. */
  bib: string | null;
  /** Set by hand: kept as it is (also when it is null). */
  locked: boolean;
}

export interface BibProposalInput {
  /** The race's ranges; reserved ones are never used here. */
  ranges: readonly BibRange[];
  /**
   * Bibs taken outside `entries`: other races of the event, entries of other statuses (cancelled ones unless the
   * event reuses their bibs). The entries' own bibs are handled here: locked ones are kept, the others renumbered.
   */
  unavailable: Iterable<string>;
  entries: readonly BibEntry[];
}

export interface BibAssignment {
  registrationId: string;
  bib: string;
  previousBib: string | null;
}

export interface BibProposal {
  /** Every unlocked entry that gets a bib, in assignment order (also those whose bib stays the same). */
  assignments: BibAssignment[];
  /** Locked entries: they keep their bib. */
  kept: string[];
  /** Unlocked entries left without a bib because the ranges ran out, in assignment order. */
  withoutBib: string[];
}

// Family names in pinyin order (Chinese), Latin names after them; one collator for the process.
const names = new Intl.Collator("zh-u-co-pinyin");

function compareOptional(x: number | null, y: number | null): number {
  if (x === y) return 0;
  if (x === null) return 1;
  if (y === null) return -1;
  return x - y;
}

/** Wave (none last), predicted finish time (none last), family name, given name, then id: a total order. */
export function compareForBibs(a: BibEntry, b: BibEntry): number {
  return (
    compareOptional(a.wavePosition, b.wavePosition) ||
    compareOptional(a.predictedFinishSeconds, b.predictedFinishSeconds) ||
    names.compare(a.familyName, b.familyName) ||
    names.compare(a.givenName ?? "", b.givenName ?? "") ||
    (a.registrationId < b.registrationId ? -1 : a.registrationId > b.registrationId ? 1 : 0)
  );
}

/**
 * The batch proposal: unlocked entries in `compareForBibs` order get the lowest free numbers of the race's
 * non-reserved ranges, one each; locked entries keep theirs. Bibs in `unavailable` or held by locked entries are
 * skipped. When the ranges run out, the rest are listed in `withoutBib`.
 */
export function proposeBibAssignment(input: BibProposalInput): BibProposal {
  const taken = canonicalSet(input.unavailable);
  const kept: string[] = [];
  const open: BibEntry[] = [];
  for (const entry of input.entries) {
    if (entry.locked) {
      kept.push(entry.registrationId);
      if (entry.bib !== null) taken.add(canonical(entry.bib));
    } else {
      open.push(entry);
    }
  }
  kept.sort();
  open.sort(compareForBibs);
  const free = freeBibs(input.ranges, taken);
  const assignments: BibAssignment[] = [];
  const withoutBib: string[] = [];
  for (const entry of open) {
    const next = withoutBib.length === 0 ? free.next() : { done: true as const, value: undefined };
    if (next.done) withoutBib.push(entry.registrationId);
    else assignments.push({ registrationId: entry.registrationId, bib: next.value, previousBib: entry.bib });
  }
  return { assignments, kept, withoutBib };
}

/** Synthetic entries for tests and the benchmark: `count` runners spread over `waves` waves, deterministic. */
export function syntheticBibEntries(count: number, options: { waves?: number; lockedEvery?: number } = {}): BibEntry[] {
  const waves = options.waves ?? 5;
  const families = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "Smith", "García"];
  const entries: BibEntry[] = [];
  for (let i = 0; i < count; i++) {
    const predicted = i % 17 === 0 ? null : 3_600 + ((i * 7_919) % 14_400);
    const locked = options.lockedEvery ? i % options.lockedEvery === 0 : false;
    entries.push({
      registrationId: `r${String(i).padStart(7, "0")}`,
      wavePosition: predicted === null ? waves - 1 : Math.min(waves - 1, Math.floor((predicted - 3_600) / (14_400 / waves))),
      predictedFinishSeconds: predicted,
      familyName: nth(families, (i * 31) % families.length),
      givenName: `${i % 97}`,
      bib: locked ? String(900_000 + i) : null,
      locked,
    });
  }
  return entries;
}
