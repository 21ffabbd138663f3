/**
 * A runner's splits as segments (issue 5: "a table of splits with the pace of each segment"). Splits are cumulative
 * elapsed times on the runner's own clock (core/domain.ts ResultSplit); a segment is the stretch from the previous
 * timing point (the start for the first) to this one, and the last segment runs from the last split to the finish.
 *
 * Timing points carry no distance of their own, so it is read from the split's label the way timing files name
 * them: `5k`, `10km`, `21.1k`, `13.1mi`, `400m`, and `half` (half the race's distance). A label that names no
 * distance (`bridge`) still gets its segment time, but no pace.
 */
import { METERS_PER_MILE, paceSeconds, type PaceUnit } from "../../../core/results/time";
import type { ResultSplit } from "../../../core/domain";

export interface Segment {
  /** The split's label, or null for the last segment (to the finish). */
  label: string | null;
  /** Distance from the start at the end of the segment, when known. */
  distanceMeters: number | null;
  /** Elapsed time at the end of the segment. */
  elapsedMs: number;
  /** Time of this segment alone. */
  segmentMs: number;
  /** Seconds per unit over this segment, when its length is known. */
  paceSecondsPerKm: number | null;
}

const DISTANCE_LABEL = /^([0-9.]+) ?([a-z]+)$/;
const METERS_PER_UNIT = new Map<string, number>([
  ["k", 1000],
  ["km", 1000],
  ["m", 1],
  ["mi", METERS_PER_MILE],
  ["mile", METERS_PER_MILE],
  ["miles", METERS_PER_MILE],
]);

/** The distance a split label names, in metres, or null (`5k` → 5000, `half` → half of `raceDistanceMeters`). */
export function splitDistanceMeters(label: string, raceDistanceMeters: number): number | null {
  const text = label.trim().toLowerCase().replace(/_/g, " ");
  if (text === "half" || text === "halfway") return raceDistanceMeters / 2;
  const [, number, unit] = DISTANCE_LABEL.exec(text) ?? [];
  if (number === undefined || unit === undefined) return null;
  const value = Number(number);
  const perUnit = METERS_PER_UNIT.get(unit);
  if (perUnit === undefined || !Number.isFinite(value)) return null;
  const meters = value * perUnit;
  return meters > 0 && meters < raceDistanceMeters ? meters : null;
}

/**
 * Segments in course order, ending with the one to the finish when `finishMs` is given (the runner's net time, or
 * the gun time without one). Splits out of order or not before the finish keep their time and get no pace.
 */
export function splitSegments(splits: readonly ResultSplit[], finishMs: number | null, raceDistanceMeters: number): Segment[] {
  const points: { label: string | null; elapsedMs: number; distanceMeters: number | null }[] = splits.map((s) => ({
    label: s.label,
    elapsedMs: s.elapsedMs,
    distanceMeters: splitDistanceMeters(s.label, raceDistanceMeters),
  }));
  if (finishMs !== null) points.push({ label: null, elapsedMs: finishMs, distanceMeters: raceDistanceMeters });

  let previousMs = 0;
  let previousMeters: number | null = 0;
  return points.map((point) => {
    const segmentMs = point.elapsedMs - previousMs;
    const length = point.distanceMeters !== null && previousMeters !== null ? point.distanceMeters - previousMeters : null;
    const pace = length !== null && length > 0 && segmentMs > 0 ? paceSeconds(segmentMs, length, "km") : null;
    previousMs = point.elapsedMs;
    previousMeters = point.distanceMeters;
    return { label: point.label, distanceMeters: point.distanceMeters, elapsedMs: point.elapsedMs, segmentMs, paceSecondsPerKm: pace };
  });
}

/** A pace in seconds per kilometre as shown (`4:59 /km`, `8:01 /mi`): rounded up to the whole second, like times. */
export function formatPaceSeconds(secondsPerKm: number, unit: PaceUnit): string {
  const perUnit = unit === "km" ? secondsPerKm : (secondsPerKm * METERS_PER_MILE) / 1000;
  const seconds = Math.ceil(Math.round(perUnit * 1e6) / 1e6);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, "0");
  const text = h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
  return `${text} /${unit}`;
}
