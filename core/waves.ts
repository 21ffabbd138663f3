/**
 * Start waves from predicted finish times (issue 4, "Waves"). Pure: the caller passes the race's waves and how
 * many runners each already holds.
 *
 * The rule, in order:
 * 1. Waves are taken fastest first: by `position` (then id, so equal positions still give one order).
 * 2. A runner with a predicted time belongs to the first wave whose bounds hold it (`minPredictedSeconds`
 *    inclusive, `maxPredictedSeconds` exclusive, null = open). A time that no wave holds (a gap between bounds, or
 *    faster than every wave) goes to the first wave not meant only for faster runners (its max is open or above
 *    the time); a time slower than every wave goes to the slowest wave.
 * 3. A full wave (`maxSize` reached) overflows into the next slower wave with room. When no slower wave has room,
 *    the nearest faster wave with room takes the runner: a start in an earlier wave beats having no wave.
 * 4. A runner without a predicted time goes to the slowest wave with room (then the next faster one, and so on).
 * 5. No waves, or every wave full: null (the organizer places the runner by hand).
 */

export interface WaveSpec {
  id: string;
  position: number;
  /** Fastest predicted finish time this wave takes, in seconds (inclusive); null = no lower bound. */
  minPredictedSeconds: number | null;
  /** Predicted finish time from which runners belong to a slower wave (exclusive); null = no upper bound. */
  maxPredictedSeconds: number | null;
  /** Most runners the wave takes; null = no limit. */
  maxSize: number | null;
}

/** Runners a wave holds now, by wave id (missing = 0). */
export type WaveCounts = ReadonlyMap<string, number>;

/** Fastest first: by position, then id. */
export function orderWaves<W extends WaveSpec>(waves: readonly W[]): W[] {
  return [...waves].sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function hasRoom(wave: WaveSpec, counts: WaveCounts): boolean {
  return wave.maxSize === null || (counts.get(wave.id) ?? 0) < wave.maxSize;
}

function holds(wave: WaveSpec, seconds: number): boolean {
  return (wave.minPredictedSeconds === null || seconds >= wave.minPredictedSeconds) && (wave.maxPredictedSeconds === null || seconds < wave.maxPredictedSeconds);
}

/** Index (in fastest-first order) of the wave a predicted time belongs to before overflow; -1 without waves. */
function homeIndex(ordered: readonly WaveSpec[], seconds: number): number {
  if (ordered.length === 0) return -1;
  const inBounds = ordered.findIndex((w) => holds(w, seconds));
  if (inBounds >= 0) return inBounds;
  const notFaster = ordered.findIndex((w) => w.maxPredictedSeconds === null || w.maxPredictedSeconds > seconds);
  return notFaster >= 0 ? notFaster : ordered.length - 1;
}

function placeInOrdered<W extends WaveSpec>(ordered: readonly W[], seconds: number | null | undefined, counts: WaveCounts): W | null {
  if (ordered.length === 0) return null;
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) {
    return ordered.findLast((w) => hasRoom(w, counts)) ?? null;
  }
  // The home wave or the next slower one with room, else the nearest faster one with room.
  const home = homeIndex(ordered, seconds);
  return ordered.slice(home).find((w) => hasRoom(w, counts)) ?? ordered.slice(0, home).findLast((w) => hasRoom(w, counts)) ?? null;
}

/** The wave for one runner (see the rule above), or null. `waves` may come in any order. */
export function placeInWave<W extends WaveSpec>(waves: readonly W[], predictedFinishSeconds: number | null | undefined, counts: WaveCounts): W | null {
  return placeInOrdered(orderWaves(waves), predictedFinishSeconds, counts);
}

export interface WaveRunner {
  id: string;
  predictedFinishSeconds: number | null;
}

/**
 * Places many runners at once, deterministically: runners are taken fastest predicted time first (no time last,
 * then by id), each placed by `placeInWave` with the counts so far, so a wave fills with its fastest runners and
 * the slowest of them overflow. The same runners in any order give the same placement. Returns wave id (or null)
 * per runner id; `counts` is not changed.
 */
export function placeRunnersInWaves(waves: readonly WaveSpec[], runners: readonly WaveRunner[], counts: WaveCounts): Map<string, string | null> {
  const ordered = orderWaves(waves);
  const running = new Map(counts);
  const queue = [...runners].sort(compareByPrediction);
  const placed = new Map<string, string | null>();
  for (const runner of queue) {
    const wave = placeInOrdered(ordered, runner.predictedFinishSeconds, running);
    placed.set(runner.id, wave?.id ?? null);
    if (wave) running.set(wave.id, (running.get(wave.id) ?? 0) + 1);
  }
  return placed;
}

function compareByPrediction(a: WaveRunner, b: WaveRunner): number {
  const x = a.predictedFinishSeconds;
  const y = b.predictedFinishSeconds;
  if (x !== y) {
    if (x === null) return 1;
    if (y === null) return -1;
    return x - y;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
