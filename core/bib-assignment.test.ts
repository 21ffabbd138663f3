import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BibRange } from "./domain";
import {
  bibInRanges,
  nextFreeBib,
  proposeBibAssignment,
  syntheticBibEntries,
  type BibEntry,
  type BibProposalInput,
} from "./bib-assignment";
import { present } from "./lists";

const range = (from: number, to: number, reserved = false): BibRange => ({ from, to, reserved });
const entry = (registrationId: string, fields: Partial<BibEntry> = {}): BibEntry => ({
  registrationId,
  wavePosition: null,
  predictedFinishSeconds: null,
  familyName: "王",
  bib: null,
  locked: false,
  ...fields,
});

describe("nextFreeBib", () => {
  it("gives the lowest free number of the non-reserved ranges, lowest range first", () => {
    const ranges = [range(1001, 1003), range(1, 100, true), range(501, 502)];
    expect(nextFreeBib(ranges, [])).toBe("501");
    expect(nextFreeBib(ranges, ["501", "0502"])).toBe("1001");
    expect(nextFreeBib(ranges, ["501", "502", "1001", "1002", "1003"])).toBeNull();
    expect(nextFreeBib([range(1, 10, true)], [])).toBeNull();
    expect(nextFreeBib([], [])).toBeNull();
  });
});

describe("bibInRanges", () => {
  it("tells numeric bibs inside the ranges, reserved ones only when asked", () => {
    const ranges = [range(1, 10, true), range(11, 20)];
    expect(bibInRanges("5", ranges, { includeReserved: false })).toBe(false);
    expect(bibInRanges("5", ranges, { includeReserved: true })).toBe(true);
    expect(bibInRanges("20", ranges, { includeReserved: false })).toBe(true);
    expect(bibInRanges("F12", ranges, { includeReserved: true })).toBe(false);
  });
});

describe("proposeBibAssignment", () => {
  it("orders by wave, predicted time (none last), family name, then id", () => {
    const result = proposeBibAssignment({
      ranges: [range(1, 100)],
      unavailable: [],
      entries: [
        entry("e", { wavePosition: null, predictedFinishSeconds: 3000 }),
        entry("d", { wavePosition: 1, predictedFinishSeconds: null }),
        entry("c", { wavePosition: 1, predictedFinishSeconds: 7000 }),
        entry("b2", { wavePosition: 0, predictedFinishSeconds: 6000, familyName: "张" }),
        entry("b1", { wavePosition: 0, predictedFinishSeconds: 6000, familyName: "李" }),
        entry("a", { wavePosition: 0, predictedFinishSeconds: 5000 }),
        entry("b0", { wavePosition: 0, predictedFinishSeconds: 6000, familyName: "李" }),
      ],
    });
    expect(result.assignments.map((a) => [a.registrationId, a.bib])).toEqual([
      ["a", "1"],
      ["b0", "2"],
      ["b1", "3"],
      ["b2", "4"],
      ["c", "5"],
      ["d", "6"],
      ["e", "7"],
    ]);
    expect(result.withoutBib).toEqual([]);
  });

  it("keeps locked bibs, skips unavailable and reserved numbers, and reports the previous bib", () => {
    const result = proposeBibAssignment({
      ranges: [range(1, 2, true), range(3, 8)],
      unavailable: ["3", "5"],
      entries: [entry("x", { locked: true, bib: "4" }), entry("y", { bib: "7", predictedFinishSeconds: 100 }), entry("z", { predictedFinishSeconds: 200 })],
    });
    expect(result).toEqual({
      assignments: [
        { registrationId: "y", bib: "6", previousBib: "7" },
        { registrationId: "z", bib: "7", previousBib: null },
      ],
      kept: ["x"],
      withoutBib: [],
    });
  });

  it("lists the entries left over when the ranges run out, never a duplicate", () => {
    const result = proposeBibAssignment({
      ranges: [range(1, 2)],
      unavailable: [],
      entries: [entry("a", { predictedFinishSeconds: 1 }), entry("b", { predictedFinishSeconds: 2 }), entry("c", { predictedFinishSeconds: 3 }), entry("d")],
    });
    expect(result.assignments.map((a) => a.bib)).toEqual(["1", "2"]);
    expect(result.withoutBib).toEqual(["c", "d"]);
  });

  // Its speed is measured by npm run bench; this checks the outcome at a race's size.
  it("proposes 30,000 entries: every unlocked one gets a distinct open-range bib", () => {
    const entries = syntheticBibEntries(30_000, { lockedEvery: 50 });
    const result = proposeBibAssignment({ ranges: [range(1, 500, true), range(501, 40_000)], unavailable: [], entries });
    expect(result.assignments).toHaveLength(29_400);
    expect(new Set(result.assignments.map((a) => a.bib)).size).toBe(29_400);
    expect(result.assignments.every((a) => Number(a.bib) >= 501 && Number(a.bib) <= 40_000)).toBe(true);
  });
});

// ---- Properties ----

const rangesArb = fc
  .array(fc.record({ start: fc.integer({ min: 1, max: 400 }), length: fc.integer({ min: 0, max: 30 }), reserved: fc.boolean() }), { maxLength: 5 })
  .map((raw) => {
    // Ranges of one race never overlap: keep those that do not touch an earlier one.
    const kept: BibRange[] = [];
    for (const r of raw) {
      const candidate = range(r.start, r.start + r.length, r.reserved);
      if (kept.every((k) => candidate.to < k.from || candidate.from > k.to)) kept.push(candidate);
    }
    return kept;
  });

const bibArb = fc.oneof(fc.integer({ min: 1, max: 450 }).map(String), fc.constantFrom("F12", "X-1"));

const inputArb: fc.Arbitrary<BibProposalInput & { entries: BibEntry[] }> = fc
  .record({
    ranges: rangesArb,
    unavailable: fc.uniqueArray(bibArb, { maxLength: 40 }),
    entries: fc.uniqueArray(
      fc.record({
        registrationId: fc.string({ minLength: 1, maxLength: 8 }),
        wavePosition: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
        predictedFinishSeconds: fc.option(fc.integer({ min: 3000, max: 3010 }), { nil: null }),
        familyName: fc.constantFrom("王", "李", "张", "Smith", "smith", ""),
        bib: fc.option(bibArb, { nil: null }),
        locked: fc.boolean(),
      }),
      { maxLength: 60, selector: (e) => e.registrationId },
    ),
  })
  .map((input) => {
    // Bibs are unique in an event: an entry's bib is neither unavailable nor another entry's.
    const seen = new Set(input.unavailable);
    const entries = input.entries.map((e) => {
      if (e.bib === null || !seen.has(e.bib)) {
        if (e.bib !== null) seen.add(e.bib);
        return e;
      }
      return { ...e, bib: null };
    });
    return { ...input, entries };
  });

function openNumbers(ranges: readonly BibRange[]): number[] {
  return ranges.filter((r) => !r.reserved).flatMap((r) => Array.from({ length: r.to - r.from + 1 }, (_, i) => r.from + i));
}

describe("proposeBibAssignment (properties)", () => {
  it("gives unique bibs inside non-reserved ranges, never unavailable or locked ones, and keeps locks", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = proposeBibAssignment(input);
        const bibs = result.assignments.map((a) => a.bib);
        expect(new Set(bibs).size).toBe(bibs.length);
        const open = new Set(openNumbers(input.ranges).map(String));
        for (const b of bibs) expect(open.has(b)).toBe(true);
        const lockedBibs = input.entries.filter((e) => e.locked && e.bib !== null).map((e) => e.bib);
        for (const b of bibs) {
          expect([...input.unavailable]).not.toContain(b);
          expect(lockedBibs).not.toContain(b);
        }
        expect(result.kept.sort()).toEqual(input.entries.filter((e) => e.locked).map((e) => e.registrationId).sort());
        const assigned = new Set(result.assignments.map((a) => a.registrationId));
        for (const e of input.entries.filter((x) => x.locked)) expect(assigned.has(e.registrationId)).toBe(false);
        for (const a of result.assignments) expect(a.previousBib).toBe(present(input.entries.find((e) => e.registrationId === a.registrationId)).bib);
      }),
    );
  });

  it("is deterministic: the same input in any order gives the same output", () => {
    fc.assert(
      fc.property(inputArb, fc.func(fc.integer()), (input, key) => {
        const shuffled = [...input.entries].sort((a, b) => key(a.registrationId) - key(b.registrationId));
        const unavailable = [...input.unavailable].reverse();
        const ranges = [...input.ranges].reverse();
        expect(proposeBibAssignment({ ranges, unavailable, entries: shuffled })).toEqual(proposeBibAssignment(input));
      }),
    );
  });

  it("leaves entries without a bib only when no free number is left, and lists exactly those", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = proposeBibAssignment(input);
        const unlocked = input.entries.filter((e) => !e.locked).map((e) => e.registrationId);
        const listed = [...result.assignments.map((a) => a.registrationId), ...result.withoutBib];
        expect(listed.sort()).toEqual(unlocked.sort());
        const taken = new Set([...input.unavailable, ...input.entries.filter((e) => e.locked && e.bib).map((e) => present(e.bib)), ...result.assignments.map((a) => a.bib)]);
        const stillFree = openNumbers(input.ranges).filter((n) => !taken.has(String(n)));
        if (result.withoutBib.length > 0) expect(stillFree).toEqual([]);
        // The lowest numbers go first: nothing free below the highest bib given.
        const highest = Math.max(0, ...result.assignments.map((a) => Number(a.bib)));
        expect(stillFree.filter((n) => n < highest)).toEqual([]);
      }),
    );
  });

  it("agrees with nextFreeBib for the first entry", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = proposeBibAssignment({ ...input, entries: input.entries.filter((e) => !e.locked).slice(0, 1) });
        const expected = input.entries.some((e) => !e.locked) ? nextFreeBib(input.ranges, input.unavailable) : undefined;
        expect(result.assignments[0]?.bib ?? (expected === undefined ? undefined : null)).toBe(expected);
      }),
    );
  });
});
