/** The event form's text fields become the domain's input: hold time and refund steps, with bad lines named. */
import { describe, expect, it } from "vitest";
import { parseEventFields } from "@/core/event-input";
import { eventFieldsFromForm, formatDurationSeconds, formatWaves, parseDurationSeconds, raceFromForm } from "./form-data";

const base = { slug: "city-10k", "name.en": "City 10K", "name.zh": "城市十公里", date: "2027-05-02", timezone: "Asia/Shanghai" };

describe("event form fields", () => {
  it("reads the hold time and one refund step per line, in the event's local time", () => {
    const form = eventFieldsFromForm({ ...base, holdMinutes: "20", refundPolicy: "2027-02-28 23:59 100%\n\n2027-03-31T12:00 50\n2027-04-15 0％" });
    expect(form.issues).toEqual([]);
    expect(form.input).toMatchObject({ holdMinutes: 20, refundPolicy: [{ until: "2027-02-28T23:59", percent: 100 }, { until: "2027-03-31T12:00", percent: 50 }, { until: "2027-04-15T00:00", percent: 0 }] });
    const parsed = parseEventFields(form.input);
    expect(parsed.ok && parsed.value.refundPolicy[0]).toEqual({ until: "2027-02-28T15:59:00.000Z", percent: 100 });
  });

  it("leaves the hold time to its default when empty, and names a line it cannot read", () => {
    const empty = eventFieldsFromForm(base);
    expect(empty.input).toMatchObject({ holdMinutes: undefined, refundPolicy: [] });
    const parsed = parseEventFields(empty.input);
    expect(parsed.ok && parsed.value.holdMinutes).toBe(15);

    const bad = eventFieldsFromForm({ ...base, refundPolicy: "2027-02-28 100%\nnext month half" });
    expect(bad.issues).toEqual([{ path: "refundPolicy.1", key: "refundLine", ns: "admin" }]);
    expect(bad.items["refundPolicy.1"]).toBe("next month half");
  });
});

describe("durations (h:mm:ss)", () => {
  it("reads hours, minutes and optional seconds, and writes them back", () => {
    expect(parseDurationSeconds("1:30:00")).toBe(5400);
    expect(parseDurationSeconds("0:45:30")).toBe(2730);
    expect(parseDurationSeconds("2:05")).toBe(7500);
    expect(parseDurationSeconds(" 12:00:01 ")).toBe(43201);
    for (const bad of ["", "90", "1:60:00", "1:30:60", "1.30", "1:3", "-1:00:00", "123:00:00"]) expect(parseDurationSeconds(bad), bad).toBeNull();
    expect(formatDurationSeconds(5400)).toBe("1:30:00");
    expect(formatDurationSeconds(2730)).toBe("0:45:30");
    expect(formatDurationSeconds(43201)).toBe("12:00:01");
    for (const s of [0, 59, 3599, 3600, 7265, 86399]) expect(parseDurationSeconds(formatDurationSeconds(s))).toBe(s);
  });
});

describe("race form fields", () => {
  const race = {
    slug: "10k",
    "name.en": "10K",
    "name.zh": "十公里",
    distanceMeters: "10000",
    capacity: "3000",
    price: "80",
    currency: "CNY",
    minAge: "16",
    maxAge: "80",
    startTime: "2027-05-02T07:30",
    rankBy: "gun",
  };

  it("reads the bib strategy, and each wave's predicted finish times (from inclusive, to exclusive) and size", () => {
    const form = raceFromForm({
      ...race,
      bibStrategy: "batch",
      waves: "Elite 07:20 -0:40:00 max 200\nA 07:30 0:40:00 – 0:50:00 最多800人\nWave B 2027-05-02 07:40 0:50:00- 上限 1500\nC 07:50 max 300 - 1:00:00",
    });
    expect(form.issues).toEqual([]);
    expect(form.input.bibStrategy).toBe("batch");
    expect(form.input.waves).toEqual([
      { name: "Elite", startTime: "2027-05-02T07:20", minPredictedSeconds: null, maxPredictedSeconds: 2400, maxSize: 200 },
      { name: "A", startTime: "2027-05-02T07:30", minPredictedSeconds: 2400, maxPredictedSeconds: 3000, maxSize: 800 },
      { name: "Wave B", startTime: "2027-05-02T07:40", minPredictedSeconds: 3000, maxPredictedSeconds: null, maxSize: 1500 },
      { name: "C", startTime: "2027-05-02T07:50", minPredictedSeconds: null, maxPredictedSeconds: 3600, maxSize: 300 },
    ]);
  });

  it("leaves an empty strategy to the domain's default, and names a wave line it cannot read", () => {
    const form = raceFromForm({ ...race, waves: "A 07:30 1:30:00\nB 07:40 1:75:00-2:00:00\nC 07:50 max many\n1:30:00-2:00:00\nD 07:50 -1:00:00 -2:00:00" });
    expect(form.input.bibStrategy).toBeUndefined();
    expect(form.issues).toEqual([
      { path: "waves.0", key: "waveExtras", ns: "admin" },
      { path: "waves.1", key: "waveExtras", ns: "admin" },
      { path: "waves.2", key: "waveExtras", ns: "admin" },
      { path: "waves.3", key: "waveLine", ns: "admin" },
      { path: "waves.4", key: "waveExtras", ns: "admin" },
    ]);
    expect(form.items["waves.1"]).toBe("B 07:40 1:75:00-2:00:00");
  });

  it("writes stored waves back as the same lines", () => {
    const stored = [
      { name: "Elite", startTime: "2027-05-02T07:20", minPredictedSeconds: null, maxPredictedSeconds: 2400, maxSize: 200 },
      { name: "A", startTime: "2027-05-02T07:30", minPredictedSeconds: 2400, maxPredictedSeconds: 3000, maxSize: null },
      { name: "Late", startTime: "2027-05-03T07:30", minPredictedSeconds: 3000, maxPredictedSeconds: null, maxSize: null },
      { name: "Open", startTime: "2027-05-02T08:00", minPredictedSeconds: null, maxPredictedSeconds: null, maxSize: 50 },
    ];
    const text = formatWaves(stored, "2027-05-02");
    expect(text).toBe("Elite 07:20 -0:40:00 max 200\nA 07:30 0:40:00-0:50:00\nLate 2027-05-03T07:30 0:50:00-\nOpen 08:00 max 50");
    expect(raceFromForm({ ...race, waves: text }).input.waves).toEqual(stored);
  });
});

describe("event form: bib reuse", () => {
  it("is off unless the box is ticked", () => {
    expect(eventFieldsFromForm(base).input.reuseCancelledBibs).toBe(false);
    expect(eventFieldsFromForm({ ...base, reuseCancelledBibs: "on" }).input.reuseCancelledBibs).toBe(true);
  });
});
