import { describe, expect, it } from "vitest";
import { formatPaceSeconds, splitDistanceMeters, splitSegments } from "./splits";
import { packPage, searchOfView, unpackPage, viewFromSearch } from "./result-format";
import type { ResultView } from "../../../server/results/types";
import { nth } from "../../../core/lists";

describe("splitDistanceMeters", () => {
  it("reads the distance a timing file's label names", () => {
    expect(splitDistanceMeters("5k", 42195)).toBe(5000);
    expect(splitDistanceMeters("10km", 42195)).toBe(10000);
    expect(splitDistanceMeters("21.1K", 42195)).toBeCloseTo(21100, 6);
    expect(splitDistanceMeters("400m", 1609.344)).toBe(400);
    expect(splitDistanceMeters("13.1mi", 42195)).toBeCloseTo(21082.4064, 4);
    expect(splitDistanceMeters("half", 21097.5)).toBe(10548.75);
  });

  it("gives no distance for a label that names none, or one at or past the finish", () => {
    expect(splitDistanceMeters("bridge", 21097.5)).toBeNull();
    expect(splitDistanceMeters("1.2.3k", 21097.5)).toBeNull();
    expect(splitDistanceMeters("5x", 21097.5)).toBeNull();
    expect(splitDistanceMeters("25k", 21097.5)).toBeNull();
  });
});

describe("splitSegments", () => {
  it("times and paces each stretch from the previous point, the last one to the finish", () => {
    // 10 km: 5k in 25:00 (5:00 /km), finish in 49:00.500 (the second half at 4:48.1 /km).
    const segments = splitSegments([{ label: "5k", elapsedMs: 1_500_000 }], 2_940_500, 10_000);
    expect(segments).toHaveLength(2);
    expect(segments[0]).toEqual({ label: "5k", distanceMeters: 5000, elapsedMs: 1_500_000, segmentMs: 1_500_000, paceSecondsPerKm: 300 });
    expect(nth(segments, 1).label).toBeNull();
    expect(nth(segments, 1).segmentMs).toBe(1_440_500);
    expect(nth(segments, 1).paceSecondsPerKm).toBeCloseTo(288.1, 9);
    expect(formatPaceSeconds(nth(segments, 1).paceSecondsPerKm as number, "km")).toBe("4:49 /km");
  });

  it("keeps the time of a segment whose length is unknown, without a pace, and the next one too", () => {
    const segments = splitSegments(
      [
        { label: "5k", elapsedMs: 1_500_000 },
        { label: "bridge", elapsedMs: 2_000_000 },
        { label: "15k", elapsedMs: 4_500_000 },
      ],
      6_000_000,
      21_097.5,
    );
    expect(segments.map((s) => s.segmentMs)).toEqual([1_500_000, 500_000, 2_500_000, 1_500_000]);
    expect(segments.map((s) => s.paceSecondsPerKm === null)).toEqual([false, true, true, false]);
    expect(nth(segments, 3).paceSecondsPerKm).toBeCloseTo(1500 / 6.0975, 9);
  });

  it("has no finish segment without a finish time (a DNF's splits)", () => {
    const segments = splitSegments([{ label: "10k", elapsedMs: 3_000_000 }], null, 21_097.5);
    expect(segments.map((s) => s.label)).toEqual(["10k"]);
  });
});

describe("formatPaceSeconds", () => {
  it("rounds up to the whole second, per km or per mile", () => {
    expect(formatPaceSeconds(300, "km")).toBe("5:00 /km");
    expect(formatPaceSeconds(300.0000000001, "km")).toBe("5:00 /km");
    expect(formatPaceSeconds(300.2, "km")).toBe("5:01 /km");
    expect(formatPaceSeconds(300, "mi")).toBe("8:03 /mi");
    expect(formatPaceSeconds(3725, "km")).toBe("1:02:05 /km");
  });
});

describe("leaderboard view in the address", () => {
  it("round-trips a shared view and drops the defaults", () => {
    const view = viewFromSearch("?gender=F&ageGroup=F40-44&q=zhang%20wei&page=3");
    expect(view).toEqual({ gender: "F", ageGroup: "F40-44", q: "zhang wei", page: 3 });
    expect(viewFromSearch(searchOfView(view))).toEqual(view);
    expect(searchOfView({ gender: "", ageGroup: "", q: "  ", page: 1 })).toBe("");
  });

  it("ignores values it cannot use", () => {
    expect(viewFromSearch("?gender=Q&page=-2")).toEqual({ gender: "", ageGroup: "", q: "", page: 1 });
    expect(viewFromSearch("?page=2.5").page).toBe(1);
  });
});

describe("packed leaderboard page", () => {
  it("keeps everything the table shows and drops the rest", () => {
    const finisher: ResultView = {
      bib: "F12",
      name: "张伟",
      latinName: "ZHANG Wei",
      gender: "M",
      age: 35,
      ageGroup: "M30-39",
      status: "finished",
      gunTimeMs: 2_760_001,
      netTimeMs: 2_730_000,
      rankTimeMs: 2_730_000,
      places: { overall: 3, gender: 2, ageGroup: 1 },
      paceSecondsPerKm: 273,
      splits: [{ label: "5k", elapsedMs: 1_355_000 }],
    };
    const dnf: ResultView = { ...finisher, bib: "7", name: "Dana", latinName: null, status: "dnf", gunTimeMs: null, netTimeMs: null, rankTimeMs: null, places: { overall: null, gender: null, ageGroup: null }, paceSecondsPerKm: null };
    const page = { total: 2, page: 1, pageSize: 50, version: 4, results: [finisher, dnf] };
    const back = unpackPage(JSON.parse(JSON.stringify(packPage(page))));
    expect(back).toEqual({
      ...page,
      results: [
        { ...finisher, age: null, paceSecondsPerKm: null, splits: [] },
        { ...dnf, age: null, splits: [] },
      ],
    });
  });
});
