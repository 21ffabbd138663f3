import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rankResults, rankTimeOf, type RankInput } from "./ranking";
import type { Gender, ResultStatus } from "./types";
import { nth, present } from "../lists";

const BOUNDS = [18, 40, 45, 50, 55, 60, 65, 70, 75, 80];
const S = 1000;

function row(bib: string, gunTimeMs: number | null, more: Partial<RankInput> = {}): RankInput {
  return { bib, gender: "M", age: 30, status: "finished", gunTimeMs, netTimeMs: null, ...more };
}

const summary = (rows: RankInput[], rankBy: "gun" | "net" = "gun") =>
  rankResults(rows, { rankBy, ageGroupBounds: BOUNDS }).map((r) => [r.result.bib, r.places?.overall ?? null, r.places?.gender ?? null, r.ageGroup, r.places?.ageGroup ?? null]);

describe("rankResults", () => {
  it("shares a place between equal times and skips the next one (1, 2, 2, 4)", () => {
    const rows = [row("4", 3600 * S + 3), row("2", 3600 * S + 2), row("3", 3600 * S + 2), row("1", 3600 * S)];
    expect(summary(rows).map((r) => [r[0], r[1]])).toEqual([
      ["1", 1],
      ["2", 2],
      ["3", 2],
      ["4", 4],
    ]);
  });

  it("compares to the millisecond", () => {
    const rows = [row("1", 7_757_001), row("2", 7_757_000)];
    expect(summary(rows).map((r) => [r[0], r[1]])).toEqual([
      ["2", 1],
      ["1", 2],
    ]);
  });

  it("places within gender and within gender x age group", () => {
    const rows = [
      row("10", 100 * S, { gender: "M", age: 41 }),
      row("11", 101 * S, { gender: "F", age: 42 }),
      row("12", 102 * S, { gender: "M", age: 25 }),
      row("13", 103 * S, { gender: "F", age: 44 }),
      row("14", 104 * S, { gender: "M", age: 43 }),
      row("15", 105 * S, { gender: "X", age: 85 }),
      row("16", 106 * S, { gender: null, age: 50 }),
      row("17", 107 * S, { gender: "F", age: null }),
      row("18", 108 * S, { gender: "F", age: 16 }),
    ];
    expect(summary(rows)).toEqual([
      ["10", 1, 1, "M40-44", 1],
      ["11", 2, 1, "F40-44", 1],
      ["12", 3, 2, "M18-39", 1],
      ["13", 4, 2, "F40-44", 2],
      ["14", 5, 3, "M40-44", 2],
      ["15", 6, 1, "X80+", 1],
      ["16", 7, null, null, null],
      ["17", 8, 3, null, null],
      ["18", 9, 4, null, null],
    ]);
  });

  it("ranks on the chosen basis; on net, a missing net time falls back to the gun time", () => {
    // 1 started late from the back: slower gun time, faster net time.
    const rows = [row("1", 3700 * S, { netTimeMs: 3500 * S }), row("2", 3600 * S, { netTimeMs: 3590 * S }), row("3", 3550 * S)];
    expect(summary(rows, "gun").map((r) => r[0])).toEqual(["3", "2", "1"]);
    expect(summary(rows, "net").map((r) => r[0])).toEqual(["1", "3", "2"]);
    const ranked = rankResults(rows, { rankBy: "net", ageGroupBounds: BOUNDS });
    expect(ranked.map((r) => r.rankTimeMs)).toEqual([3500 * S, 3550 * S, 3590 * S]);
  });

  it("lists dnf, dq and dns after the finishers, without a place, each by bib", () => {
    const rows = [
      row("9", null, { status: "dns" }),
      row("8", 4000 * S, { status: "dq" }),
      row("7", null, { status: "dnf" }),
      row("6", 5000 * S),
      row("5", null, { status: "dnf" }),
      row("F1", null, { status: "dns" }),
      row("4", 1000 * S, { status: "dq" }),
    ];
    const ranked = rankResults(rows, { rankBy: "gun", ageGroupBounds: BOUNDS });
    expect(ranked.map((r) => [r.result.bib, r.result.status, r.places?.overall ?? null])).toEqual([
      ["6", "finished", 1],
      ["5", "dnf", null],
      ["7", "dnf", null],
      ["4", "dq", null],
      ["8", "dq", null],
      ["9", "dns", null],
      ["F1", "dns", null],
    ]);
    expect(nth(ranked, 1).ageGroup).toBe("M18-39");
  });

  it("breaks ties in the listing by bib, digits by number, then other bibs", () => {
    const rows = [row("F12", 60 * S), row("10", 60 * S), row("9", 60 * S), row("A1", 60 * S)];
    expect(summary(rows).map((r) => [r[0], r[1]])).toEqual([
      ["9", 1],
      ["10", 1],
      ["A1", 1],
      ["F12", 1],
    ]);
  });

  it("refuses a finisher without a time on the rank basis", () => {
    expect(() => rankResults([row("1", null, { netTimeMs: 100 })], { rankBy: "gun", ageGroupBounds: BOUNDS })).toThrow(/bib 1 finished without a gun time/);
    expect(rankTimeOf({ gunTimeMs: null, netTimeMs: 100 }, "net")).toBe(100);
  });

  const gender = fc.constantFrom<Gender | null>("M", "F", "X", null);
  const status = fc.constantFrom<ResultStatus>("finished", "finished", "finished", "dnf", "dns", "dq");
  const anyRows = fc
    .array(
      fc.record({
        gender,
        age: fc.option(fc.integer({ min: 10, max: 90 }), { nil: null }),
        status,
        gunTimeMs: fc.integer({ min: 1000, max: 1030 }),
        net: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }),
      }),
      { maxLength: 60 },
    )
    .map((rs) => rs.map((r, i): RankInput => ({ bib: String(i + 1), gender: r.gender, age: r.age, status: r.status, gunTimeMs: r.gunTimeMs, netTimeMs: r.net === null ? null : r.gunTimeMs - r.net })));

  it("gives each finisher 1 + the number of finishers of its group with a strictly better time", () => {
    fc.assert(
      fc.property(anyRows, fc.constantFrom<"gun" | "net">("gun", "net"), (rows, rankBy) => {
        const ranked = rankResults(rows, { rankBy, ageGroupBounds: BOUNDS });
        expect(ranked).toHaveLength(rows.length);
        const finished = ranked.filter((r) => r.places !== null);
        expect(finished.map((r) => r.result.status).every((s) => s === "finished")).toBe(true);
        expect(ranked.slice(finished.length).every((r) => r.places === null && r.result.status !== "finished")).toBe(true);
        for (const r of finished) {
          const better = (same: (o: (typeof finished)[number]) => boolean) => finished.filter((o) => same(o) && (o.rankTimeMs as number) < (r.rankTimeMs as number)).length + 1;
          expect(r.rankTimeMs).toBe(rankTimeOf(r.result, rankBy));
          expect(r.places?.overall).toBe(better(() => true));
          expect(r.places?.gender).toBe(r.result.gender === null ? null : better((o) => o.result.gender === r.result.gender));
          expect(r.places?.ageGroup).toBe(r.ageGroup === null ? null : better((o) => o.ageGroup === r.ageGroup));
        }
      }),
    );
  });

  it("does not depend on the order of its input", () => {
    fc.assert(
      fc.property(
        anyRows.chain((rows) => fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length }))),
        ([rows, shuffled]) => {
          const a = rankResults(rows, { rankBy: "net", ageGroupBounds: BOUNDS });
          const b = rankResults(shuffled, { rankBy: "net", ageGroupBounds: BOUNDS });
          expect(b).toEqual(a);
        },
      ),
    );
  });

  // Its speed is a benchmark figure (npm run bench), not a timed test: this checks the places at full size.
  it("ranks 30,000 runners: places run 1..finishers without gaps except after ties", () => {
    const rows: RankInput[] = [];
    let seed = 1;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let i = 0; i < 30_000; i++) {
      const gun = Math.floor(7_000_000 + random() * 14_000_000);
      rows.push({ bib: String(i + 1), gender: random() < 0.5 ? "M" : "F", age: 18 + Math.floor(random() * 70), status: random() < 0.02 ? "dnf" : "finished", gunTimeMs: gun, netTimeMs: gun - Math.floor(random() * 1_200_000) });
    }
    const ranked = rankResults(rows, { rankBy: "net", ageGroupBounds: BOUNDS });
    expect(ranked).toHaveLength(30_000);
    const finishers = ranked.filter((r) => r.places);
    expect(finishers.length).toBe(rows.filter((r) => r.status === "finished").length);
    finishers.forEach((r, i) => {
      const prev = finishers[i - 1];
      expect(present(r.places).overall).toBe(prev && prev.rankTimeMs === r.rankTimeMs ? present(prev.places).overall : i + 1);
    });
  });
});
