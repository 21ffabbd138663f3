/**
 * A small marathon computed by hand (core/results/fixtures/): ties, gun and net giving different orders, missing
 * splits, dnf/dq/dns, an 80+ runner, a runner under the first age bound, runners with and without an entry, a
 * time over 10 hours, a bib like F12; and chip reads that give the same times as the file.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseCsv } from "./csv";
import { readResultsCsv, type ImportedResult } from "./import-file";
import { rankResults } from "./ranking";
import { deriveResults } from "./reads";
import { resolveRunner, type EntryDetails } from "./runner";
import { formatPace, formatRaceTime } from "./time";
import type { RankBy } from "./types";
import { first, nth } from "../lists";

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, "fixtures", name), "utf8");
const RACE_DATE = "2026-04-19";
const GUN = Date.parse("2026-04-19T07:30:00+08:00");
const BOUNDS = [18, 40, 45, 50, 55, 60, 65, 70, 75, 80];
const MARATHON = 42_195;
// Bibs 1 and 11 belong to entries; the file's name, gender and age for them are not used.
const ENTRIES = new Map<string, EntryDetails>([
  ["1", { name: "王芳", gender: "F", birthDate: "1990-05-02" }],
  ["11", { name: "李雷", gender: "M", birthDate: "1975-04-19" }],
]);

function importFixture(): ImportedResult[] {
  const outcome = readResultsCsv(fixture("marathon-results.csv"));
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  return outcome.rows;
}

function rank(rankBy: RankBy) {
  const rows = importFixture().map((row) => ({ ...row, ...resolveRunner(row, ENTRIES.get(row.bib) ?? null, RACE_DATE) }));
  return rankResults(rows, { rankBy, ageGroupBounds: BOUNDS });
}

type Line = [bib: string, overall: number | null, gender: number | null, ageGroup: string | null, ageGroupPlace: number | null];
const table = (rankBy: RankBy): Line[] => rank(rankBy).map((r) => [r.result.bib, r.places?.overall ?? null, r.places?.gender ?? null, r.ageGroup, r.places?.ageGroup ?? null]);

describe("hand-computed marathon", () => {
  it("imports every row, keeping missing splits out", () => {
    const rows = importFixture();
    expect(rows).toHaveLength(13);
    const bib = (b: string) => rows.find((r) => r.bib === b) as ImportedResult;
    expect(bib("5").splits.map((s) => s.label)).toEqual(["10k", "30k"]);
    expect(bib("6")).toMatchObject({ status: "dnf", gunTimeMs: null, splits: [{ label: "10k", elapsedMs: 50 * 60_000 }] });
    expect(bib("10")).toMatchObject({ status: "dns", splits: [] });
    expect(bib("8").gunTimeMs).toBe(10 * 3_600_000 + 15 * 60_000 + 30_500);
  });

  it("ranks on net time: the tie at 2:59:59.900 shares 2nd, the entry decides gender and age, no net time falls back to gun", () => {
    expect(table("net")).toEqual<Line[]>([
      ["F12", 1, 1, "F18-39", 1],
      ["3", 2, 1, "M40-44", 1],
      ["4", 2, 1, "M40-44", 1],
      ["11", 4, 3, "M50-54", 1], // entry: M, born 1975-04-19, 51 on race day (the file said F, 50)
      ["1", 5, 2, "F18-39", 2], // entry: F, 35 (the file had no gender)
      ["2", 6, 3, "F40-44", 1],
      ["9", 7, 4, null, null], // 17: below the first bound, no age group
      ["12", 8, 4, "M50-54", 2], // no net time: ranked by its gun time 3:20:00
      ["5", 9, 5, "F80+", 1],
      ["8", 10, 1, "X18-39", 1], // over 10 hours
      ["6", null, null, "M18-39", null], // dnf
      ["7", null, null, "M18-39", null], // dq
      ["10", null, null, "M40-44", null], // dns
    ]);
  });

  it("ranks on gun time in another order: 2 and 11 tie at 3:04:30, 4 drops behind 3", () => {
    expect(table("gun")).toEqual<Line[]>([
      ["F12", 1, 1, "F18-39", 1],
      ["3", 2, 1, "M40-44", 1],
      ["4", 3, 2, "M40-44", 2],
      ["2", 4, 2, "F40-44", 1],
      ["11", 4, 3, "M50-54", 1],
      ["1", 6, 3, "F18-39", 2],
      ["9", 7, 4, null, null],
      ["12", 8, 4, "M50-54", 2],
      ["5", 9, 5, "F80+", 1],
      ["8", 10, 1, "X18-39", 1],
      ["6", null, null, "M18-39", null],
      ["7", null, null, "M18-39", null],
      ["10", null, null, "M40-44", null],
    ]);
  });

  it("uses the entry's name, and the file's without an entry", () => {
    const ranked = rank("net");
    const name = (bib: string) => ranked.find((r) => r.result.bib === bib)?.result.name;
    expect([name("1"), name("11"), name("2")]).toEqual(["王芳", "李雷", "Ann Lee"]);
  });

  it("shows times rounded up and pace per km and per mile", () => {
    const ranked = rank("net");
    const shown = (bib: string) => {
      const r = ranked.find((x) => x.result.bib === bib)?.result as ImportedResult;
      return [r.gunTimeMs === null ? "-" : formatRaceTime(r.gunTimeMs), r.netTimeMs === null ? "-" : formatRaceTime(r.netTimeMs)];
    };
    expect(shown("3")).toEqual(["3:00:00", "3:00:00"]);
    expect(shown("1")).toEqual(["3:05:01", "3:04:10"]);
    expect(shown("8")).toEqual(["10:15:31", "10:12:00"]);
    expect(formatPace(first(ranked).rankTimeMs as number, MARATHON, "km")).toBe("3:41 /km");
    expect(formatPace(first(ranked).rankTimeMs as number, MARATHON, "mi")).toBe("5:55 /mi");
  });

  it("derives the same gun, net and split times from the chip reads", () => {
    const parsed = parseCsv(fixture("marathon-reads.csv"));
    if (!parsed.ok) throw new Error(parsed.message);
    const reads = parsed.records.slice(1).map(({ fields }) => ({ bib: nth(fields, 0, "bib"), point: nth(fields, 1, "point"), at: Date.parse(nth(fields, 2, "time")) }));
    const gunStartAt = new Map(importFixture().map((r) => [r.bib, GUN]));
    const derived = deriveResults(reads, { gunStartAt, splitLabels: ["10k", "half", "30k"] });
    expect(derived.unknownBibs).toEqual([]);
    const fromFile = new Map(importFixture().map((r) => [r.bib, r]));
    expect(derived.results.map((d) => d.bib)).toEqual(["1", "2", "5", "11"]);
    for (const d of derived.results) {
      const file = fromFile.get(d.bib) as ImportedResult;
      expect([d.bib, d.gunTimeMs, d.netTimeMs, d.splits.map(({ label, elapsedMs }) => ({ label, elapsedMs }))]).toEqual([d.bib, file.gunTimeMs, file.netTimeMs, file.splits]);
    }
  });
});
