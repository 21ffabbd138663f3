import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { orderWaves, placeInWave, placeRunnersInWaves, type WaveSpec } from "./waves";
import { present } from "./lists";

const wave = (id: string, position: number, min: number | null, max: number | null, maxSize: number | null = null): WaveSpec => ({
  id,
  position,
  minPredictedSeconds: min,
  maxPredictedSeconds: max,
  maxSize,
});

// Elite under 1:30, A 1:30–2:00, B 2:00–2:30, C open.
const WAVES = [wave("elite", 0, null, 5400, 2), wave("a", 1, 5400, 7200, 3), wave("b", 2, 7200, 9000), wave("c", 3, 9000, null)];
const none = new Map<string, number>();

describe("placeInWave", () => {
  it("places a predicted time in the wave whose bounds hold it (from inclusive, to exclusive)", () => {
    expect(placeInWave(WAVES, 4000, none)?.id).toBe("elite");
    expect(placeInWave(WAVES, 5400, none)?.id).toBe("a");
    expect(placeInWave(WAVES, 7199, none)?.id).toBe("a");
    expect(placeInWave(WAVES, 7200, none)?.id).toBe("b");
    expect(placeInWave(WAVES, 20000, none)?.id).toBe("c");
  });

  it("takes the waves in position order, whatever order they come in", () => {
    expect(placeInWave([...WAVES].reverse(), 6000, none)?.id).toBe("a");
  });

  it("overflows a full wave into the next slower wave with room", () => {
    expect(placeInWave(WAVES, 4000, new Map([["elite", 2]]))?.id).toBe("a");
    expect(placeInWave(WAVES, 4000, new Map([["elite", 2], ["a", 3]]))?.id).toBe("b");
  });

  it("falls back to the nearest faster wave when no slower wave has room", () => {
    const waves = [wave("a", 0, null, 5000), wave("b", 1, 5000, 6000, 1), wave("c", 2, 6000, null, 1)];
    expect(placeInWave(waves, 5500, new Map([["b", 1], ["c", 1]]))?.id).toBe("a");
  });

  it("puts a runner without a predicted time in the slowest wave with room", () => {
    expect(placeInWave(WAVES, null, none)?.id).toBe("c");
    const full = [wave("a", 0, null, 5000), wave("b", 1, 5000, null, 1)];
    expect(placeInWave(full, undefined, new Map([["b", 1]]))?.id).toBe("a");
  });

  it("places a time in a gap between bounds in the next slower wave, a time beyond every wave in the slowest", () => {
    const gappy = [wave("a", 0, 3000, 4000), wave("b", 1, 5000, 6000)];
    expect(placeInWave(gappy, 4500, none)?.id).toBe("b");
    expect(placeInWave(gappy, 1000, none)?.id).toBe("a");
    expect(placeInWave(gappy, 9000, none)?.id).toBe("b");
  });

  it("answers null without waves or when every wave is full", () => {
    expect(placeInWave([], 5000, none)).toBeNull();
    expect(placeInWave([wave("a", 0, null, null, 1)], 5000, new Map([["a", 1]]))).toBeNull();
    expect(placeInWave([wave("a", 0, null, null, 1)], null, new Map([["a", 1]]))).toBeNull();
  });
});

const waveArb = fc
  .record({
    position: fc.integer({ min: 0, max: 5 }),
    min: fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: null }),
    span: fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: null }),
    maxSize: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
  })
  .map((w) => ({ position: w.position, minPredictedSeconds: w.min, maxPredictedSeconds: w.span === null ? null : (w.min ?? 0) + w.span, maxSize: w.maxSize }));
const wavesArb = fc.uniqueArray(waveArb, { maxLength: 6, selector: (w) => JSON.stringify(w) }).map((ws) => ws.map((w, i) => ({ ...w, id: `w${i}` })));
const runnersArb = fc
  .uniqueArray(fc.record({ id: fc.string({ minLength: 1, maxLength: 6 }), predictedFinishSeconds: fc.option(fc.integer({ min: 0, max: 30_000 }), { nil: null }) }), {
    maxLength: 40,
    selector: (r) => r.id,
  });

describe("placeRunnersInWaves (properties)", () => {
  it("never exceeds a wave's size, leaves runners out only when every wave is full, and ignores input order", () => {
    fc.assert(
      fc.property(wavesArb, runnersArb, fc.integer(), (waves, runners, seed) => {
        const placed = placeRunnersInWaves(waves, runners, new Map());
        const counts = new Map<string, number>();
        for (const id of placed.values()) if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
        for (const w of waves) if (w.maxSize !== null) expect(counts.get(w.id) ?? 0).toBeLessThanOrEqual(w.maxSize);
        const unplaced = [...placed.values()].filter((id) => id === null).length;
        if (unplaced > 0) for (const w of waves) expect(w.maxSize !== null && (counts.get(w.id) ?? 0) >= w.maxSize).toBe(true);
        expect(placed.size).toBe(runners.length);
        // Shuffled input, same result.
        const shuffled = [...runners].sort((a, b) => ((a.id.charCodeAt(0) * seed) % 7) - ((b.id.charCodeAt(0) * seed) % 7));
        expect(placeRunnersInWaves([...waves].reverse(), shuffled, new Map())).toEqual(placed);
      }),
    );
  });

  it("with no wave full, places a time in the first wave whose bounds hold it, and no time in the slowest wave", () => {
    fc.assert(
      fc.property(wavesArb, fc.option(fc.integer({ min: 0, max: 30_000 }), { nil: null }), (waves, seconds) => {
        const chosen = placeInWave(waves, seconds, new Map());
        const ordered = orderWaves(waves);
        if (waves.length === 0) {
          expect(chosen).toBeNull();
          return;
        }
        // With nothing full, a time lands in a wave whose bounds hold it when there is one.
        const holding = ordered.find(
          (w) => seconds !== null && (w.minPredictedSeconds === null || seconds >= w.minPredictedSeconds) && (w.maxPredictedSeconds === null || seconds < w.maxPredictedSeconds),
        );
        if (holding) expect(chosen?.id).toBe(holding.id);
        if (seconds === null) expect(chosen?.id).toBe(present(ordered.at(-1)).id);
      }),
    );
  });
});

describe("placeRunnersInWaves", () => {
  it("fills a wave with its fastest runners and overflows the slowest of them", () => {
    const runners = [
      { id: "x", predictedFinishSeconds: 5000 },
      { id: "y", predictedFinishSeconds: 4000 },
      { id: "z", predictedFinishSeconds: 4500 },
      { id: "n", predictedFinishSeconds: null },
    ];
    expect(Object.fromEntries(placeRunnersInWaves(WAVES, runners, none))).toEqual({ y: "elite", z: "elite", x: "a", n: "c" });
  });

  it("counts the runners a wave already holds", () => {
    expect(Object.fromEntries(placeRunnersInWaves(WAVES, [{ id: "y", predictedFinishSeconds: 4000 }], new Map([["elite", 2]])))).toEqual({ y: "a" });
  });
});
