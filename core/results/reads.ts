/**
 * Results derived from raw chip reads (issue 5, "Raw chip reads"). Reads are kept as they came (append-only);
 * this pure function turns any set of them into times, so results can be rebuilt at any moment, from the reads in
 * any order, with the same outcome.
 *
 * Which read counts, per bib (a mat reads a chip several times per crossing, and runners cross mats outside
 * the race too):
 * - Reads before the bib's wave gun start are ignored (warm-ups, standing on the start mat before the gun).
 * - Start: the earliest start-mat read at or after the gun. A runner with none (say, one who stood on the mat at
 *   the gun) started with the gun.
 * - Finish: the earliest finish read after the runner's start, and at least `minTimeMs` after it (a course that
 *   starts across its own finish mat sets it, e.g. to a few minutes for a 10K).
 * - Split: the earliest read of that point after the start, and not after the finish (a runner walking back over
 *   a mat after finishing is not a split).
 * - gun time = finish − gun start; net time = finish − start (the gun time without a start read). A split holds
 *   both: `elapsedMs` from the runner's start (the net clock, as the import's splits) and `gunElapsedMs`.
 * A bib without a finish has no gun or net time: on course while the race is on, dnf after it (the caller
 * knows which). Reads of bibs without a gun start (not in the race) or of unknown points are left out and
 * listed, so a timer can see a misread chip or a misnamed mat.
 */
import { compareBibs, resultBib } from "../bibs";

export interface ChipRead {
  bib: string;
  /** `start`, `finish`, or a split label (`5k`, `half`). */
  point: string;
  /** Epoch milliseconds. */
  at: number;
}

export interface DerivedSplit {
  label: string;
  /** From the runner's start (net clock). */
  elapsedMs: number;
  /** From the wave's gun. */
  gunElapsedMs: number;
}

export interface DerivedResult {
  bib: string;
  gunStartAt: number;
  /** The start-mat read that counts, or null (started with the gun). */
  startAt: number | null;
  finishAt: number | null;
  gunTimeMs: number | null;
  netTimeMs: number | null;
  /** In course order when `splitLabels` is given, otherwise by time. */
  splits: DerivedSplit[];
}

export interface DeriveOptions {
  /** Gun start (epoch ms) of each bib's wave, keyed by its result form (core/bibs.ts resultBib). */
  gunStartAt: ReadonlyMap<string, number>;
  /** The race's split labels in course order. Given, reads of other points are left out; absent, any point counts. */
  splitLabels?: readonly string[];
  /** A finish read counts only this long after the start, at the least (default 0). */
  minTimeMs?: number;
}

export interface DerivedResults {
  /** One per bib with a gun start and at least one read at or after it; by bib. */
  results: DerivedResult[];
  /** Bibs read but without a gun start, sorted. */
  unknownBibs: string[];
  /** Points that are neither start, finish nor a split label, sorted. */
  unknownPoints: string[];
}

const START = "start";
const FINISH = "finish";

export function deriveResults(reads: readonly ChipRead[], options: DeriveOptions): DerivedResults {
  const labels = options.splitLabels === undefined ? null : new Set(options.splitLabels.map((l) => l.trim().toLowerCase()));
  const unknownBibs = new Set<string>();
  const unknownPoints = new Set<string>();
  // All reads at or after the gun, per bib and point; which of them counts is decided below, once all are in.
  const byBib = new Map<string, Map<string, number[]>>();
  for (const read of reads) {
    const bib = resultBib(read.bib);
    const point = read.point.trim().toLowerCase();
    const gun = options.gunStartAt.get(bib);
    if (gun === undefined) {
      unknownBibs.add(bib);
      continue;
    }
    if (point !== START && point !== FINISH && labels !== null && !labels.has(point)) {
      unknownPoints.add(point);
      continue;
    }
    if (read.at < gun) continue;
    let points = byBib.get(bib);
    if (points === undefined) byBib.set(bib, (points = new Map()));
    const times = points.get(point);
    if (times === undefined) points.set(point, [read.at]);
    else times.push(read.at);
  }

  const results: DerivedResult[] = [];
  for (const [bib, points] of byBib) {
    const gunStartAt = options.gunStartAt.get(bib) as number;
    const startAt = earliest(points.get(START), (t) => t >= gunStartAt);
    const from = startAt ?? gunStartAt;
    const minTimeMs = options.minTimeMs ?? 0;
    const finishAt = earliest(points.get(FINISH), (t) => t > from && t - from >= minTimeMs);
    const splits: DerivedSplit[] = [];
    for (const [point, times] of points) {
      if (point === START || point === FINISH) continue;
      const at = earliest(times, (t) => t > from);
      if (at === null || (finishAt !== null && at > finishAt)) continue;
      splits.push({ label: point, elapsedMs: at - from, gunElapsedMs: at - gunStartAt });
    }
    if (options.splitLabels !== undefined) {
      const order = new Map(options.splitLabels.map((l, i) => [l.trim().toLowerCase(), i]));
      splits.sort((a, b) => (order.get(a.label) as number) - (order.get(b.label) as number));
    } else {
      splits.sort((a, b) => a.elapsedMs - b.elapsedMs || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
    }
    results.push({
      bib,
      gunStartAt,
      startAt,
      finishAt,
      gunTimeMs: finishAt === null ? null : finishAt - gunStartAt,
      netTimeMs: finishAt === null ? null : finishAt - from,
      splits,
    });
  }
  results.sort((a, b) => compareBibs(a.bib, b.bib));
  return { results, unknownBibs: [...unknownBibs].sort(), unknownPoints: [...unknownPoints].sort() };
}

/** The earliest of `times` that counts, or null. */
function earliest(times: number[] | undefined, counts: (t: number) => boolean): number | null {
  let best: number | null = null;
  if (times === undefined) return null;
  for (const t of times) if (counts(t) && (best === null || t < best)) best = t;
  return best;
}
