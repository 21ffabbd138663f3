import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deriveResults, type ChipRead } from "./reads";

const GUN = Date.UTC(2026, 3, 19, 0, 0, 0); // 08:00 in Shanghai
const WAVE2 = GUN + 10 * 60_000;
const S = 1000;
const r = (bib: string, point: string, secondsAfterGun: number): ChipRead => ({ bib, point, at: GUN + secondsAfterGun * S });
const gunStartAt = new Map([
  ["1", GUN],
  ["2", GUN],
  ["F12", GUN],
  ["500", WAVE2],
]);

describe("deriveResults", () => {
  it("gives gun time from the wave's gun and net time from the start mat, with splits on both clocks", () => {
    const { results } = deriveResults([r("1", "start", 30), r("1", "5k", 30 + 1500), r("1", "finish", 30 + 3000)], { gunStartAt });
    expect(results).toEqual([
      { bib: "1", gunStartAt: GUN, startAt: GUN + 30 * S, finishAt: GUN + 3030 * S, gunTimeMs: 3030 * S, netTimeMs: 3000 * S, splits: [{ label: "5k", elapsedMs: 1500 * S, gunElapsedMs: 1530 * S }] },
    ]);
  });

  it("counts the earliest start read after the gun, the earliest finish read after the start, and ignores the rest", () => {
    const reads = [
      r("1", "start", -120), // warming up over the start mat
      r("1", "finish", -60), // and over the finish mat
      r("1", "start", 12),
      r("1", "start", 14), // the mat reads the chip again
      r("1", "finish", 10), // before the runner's start
      r("1", "finish", 3612),
      r("1", "finish", 3613),
      r("1", "finish", 4000), // walking back
    ];
    const [result] = deriveResults(reads, { gunStartAt }).results;
    expect(result).toMatchObject({ startAt: GUN + 12 * S, finishAt: GUN + 3612 * S, gunTimeMs: 3612 * S, netTimeMs: 3600 * S });
  });

  it("uses the gun as the start when there is no start read after it", () => {
    const [result] = deriveResults([r("2", "start", -1), r("2", "10k", 2000), r("2", "finish", 4000)], { gunStartAt }).results;
    expect(result).toMatchObject({ startAt: null, gunTimeMs: 4000 * S, netTimeMs: 4000 * S, splits: [{ label: "10k", elapsedMs: 2000 * S, gunElapsedMs: 2000 * S }] });
  });

  it("times each wave from its own gun", () => {
    const { results } = deriveResults([r("500", "start", 620), r("500", "finish", 4200), r("1", "finish", 4200)], { gunStartAt });
    expect(results.map((w) => [w.bib, w.gunTimeMs, w.netTimeMs])).toEqual([
      ["1", 4200 * S, 4200 * S],
      ["500", 3600 * S, 3580 * S],
    ]);
  });

  it("leaves out split reads after the finish and finish reads within the minimum time", () => {
    const reads = [r("1", "finish", 5), r("1", "5k", 1200), r("1", "finish", 2500), r("1", "10k", 2600)];
    expect(deriveResults(reads, { gunStartAt }).results[0]).toMatchObject({ finishAt: GUN + 5 * S, splits: [] });
    expect(deriveResults(reads, { gunStartAt, minTimeMs: 10 * 60_000 }).results[0]).toMatchObject({ finishAt: GUN + 2500 * S, splits: [{ label: "5k", elapsedMs: 1200 * S }] });
  });

  it("has no times without a finish read, but keeps the splits", () => {
    const [result] = deriveResults([r("2", "start", 3), r("2", "5k", 1503)], { gunStartAt }).results;
    expect(result).toMatchObject({ finishAt: null, gunTimeMs: null, netTimeMs: null, splits: [{ label: "5k", elapsedMs: 1500 * S }] });
  });

  it("lists reads of bibs outside the race and of unknown points, and orders splits by the course", () => {
    const reads = [r("f12", "Half", 3700), r("F12", "5K", 1000), r("F12", "mat-7", 1100), r("99", "finish", 3000), r("f12", "FINISH", 7400)];
    const derived = deriveResults(reads, { gunStartAt, splitLabels: ["5k", "half"] });
    expect(derived.unknownBibs).toEqual(["99"]);
    expect(derived.unknownPoints).toEqual(["mat-7"]);
    expect(derived.results).toMatchObject([{ bib: "F12", gunTimeMs: 7400 * S, splits: [{ label: "5k" }, { label: "half" }] }]);
  });

  const read = fc.record({
    bib: fc.constantFrom("1", "2", "F12", "500", "77"),
    point: fc.constantFrom("start", "finish", "5k", "10k", "half"),
    at: fc.integer({ min: GUN - 300 * S, max: GUN + 7200 * S }),
  });

  it("gives the same results from the reads in any order", () => {
    fc.assert(
      fc.property(
        fc.array(read, { maxLength: 40 }).chain((reads) => fc.tuple(fc.constant(reads), fc.shuffledSubarray(reads, { minLength: reads.length, maxLength: reads.length }))),
        fc.boolean(),
        ([reads, shuffled], withLabels) => {
          const options = { gunStartAt, splitLabels: withLabels ? ["5k", "10k", "half"] : undefined };
          expect(deriveResults(shuffled, options)).toEqual(deriveResults(reads, options));
        },
      ),
    );
  });

  it("keeps every time within its bounds: net <= gun, splits after the start and not after the finish", () => {
    fc.assert(
      fc.property(fc.array(read, { maxLength: 40 }), (reads) => {
        for (const result of deriveResults(reads, { gunStartAt }).results) {
          const gun = gunStartAt.get(result.bib) as number;
          if (result.startAt !== null) expect(result.startAt).toBeGreaterThanOrEqual(gun);
          if (result.finishAt !== null) {
            expect(result.netTimeMs).toBeLessThanOrEqual(result.gunTimeMs as number);
            expect(result.netTimeMs).toBeGreaterThan(0);
            expect(reads.some((x) => x.bib === result.bib && x.point === "finish" && x.at === result.finishAt)).toBe(true);
          }
          for (const split of result.splits) {
            expect(split.elapsedMs).toBeGreaterThan(0);
            if (result.netTimeMs !== null) expect(split.elapsedMs).toBeLessThanOrEqual(result.netTimeMs);
            expect(split.gunElapsedMs - split.elapsedMs).toBe((result.startAt ?? gun) - gun);
          }
        }
      }),
    );
  });
});
