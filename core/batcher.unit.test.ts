import { describe, expect, it } from "vitest";
import { createBatcher, type Settled } from "./batcher";
import { present } from "./lists";

/** A run function whose batches end only when the test says so. */
function gatedRun<T>() {
  const batches: T[][] = [];
  const gates: (() => void)[] = [];
  const run = (items: T[]) => {
    batches.push(items);
    return new Promise<Settled<string>[]>((resolve) => gates.push(() => resolve(items.map((i) => ({ ok: true, value: `done ${String(i)}` })))));
  };
  const release = async () => {
    present(gates.shift())();
    // Let the batcher settle the jobs and start its next batch.
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { run, batches, release };
}

describe("createBatcher", () => {
  it("runs a job alone and at once when nothing of its key runs", async () => {
    const calls: number[][] = [];
    const b = createBatcher(async (items: number[]) => {
      calls.push(items);
      return items.map((i) => ({ ok: true as const, value: i * 2 }));
    }, { maxBatch: 10 });
    const p = b.submit("k", 21);
    expect(calls).toEqual([[21]]); // started synchronously, no timer
    await expect(p).resolves.toBe(42);
    expect(b.busyKeys()).toEqual([]);
  });

  it("groups the jobs that arrive during a batch into the next one, in arrival order, at most maxBatch at a time", async () => {
    const g = gatedRun<number>();
    const b = createBatcher(g.run, { maxBatch: 3 });
    const first = b.submit("k", 0);
    const rest = [1, 2, 3, 4, 5].map((i) => b.submit("k", i));
    expect(g.batches).toEqual([[0]]);
    await g.release();
    await expect(first).resolves.toBe("done 0");
    expect(g.batches).toEqual([[0], [1, 2, 3]]);
    await g.release();
    expect(g.batches).toEqual([[0], [1, 2, 3], [4, 5]]);
    await g.release();
    await expect(Promise.all(rest)).resolves.toEqual(["done 1", "done 2", "done 3", "done 4", "done 5"]);
    expect(b.busyKeys()).toEqual([]);
  });

  it("rejects only the job whose result failed", async () => {
    const b = createBatcher(async (items: number[]) => items.map((i): Settled<number> => (i % 2 ? { ok: false, error: new Error(`odd ${i}`) } : { ok: true, value: i })), { maxBatch: 10 });
    const results = await Promise.allSettled([1, 2, 3, 4].map((i) => b.submit("k", i)));
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : (r.reason as Error).message))).toEqual(["odd 1", 2, "odd 3", 4]);
  });

  it("rejects every job of a batch whose run throws or miscounts, and goes on with the next batch", async () => {
    let call = 0;
    const b = createBatcher(async (items: string[]) => {
      call += 1;
      if (call === 1) return items.map((v) => ({ ok: true as const, value: v }));
      if (call === 2) throw new Error("database gone");
      if (call === 3) return [];
      return items.map((v) => ({ ok: true as const, value: v.toUpperCase() }));
    }, { maxBatch: 2 });
    const jobs = ["a", "b", "c", "d", "e", "f"].map((v) => b.submit("k", v));
    const settled = await Promise.allSettled(jobs);
    expect(settled.map((r) => (r.status === "fulfilled" ? r.value : (r.reason as Error).message))).toEqual([
      "a",
      "database gone",
      "database gone",
      "a batch of 2 answered 0 results",
      "a batch of 2 answered 0 results",
      "F",
    ]);
  });

  it("keeps keys apart: another key's job does not wait for a running batch", async () => {
    const g = gatedRun<string>();
    const b = createBatcher(g.run, { maxBatch: 10 });
    void b.submit("event-a", "a1");
    void b.submit("event-a", "a2");
    const other = b.submit("event-b", "b1");
    expect(g.batches).toEqual([["a1"], ["b1"]]);
    expect(b.busyKeys().sort()).toEqual(["event-a", "event-b"]);
    // Release the gates in the order the batches started: a1, then b1.
    await g.release();
    await g.release();
    await expect(other).resolves.toBe("done b1");
    expect(g.batches).toEqual([["a1"], ["b1"], ["a2"]]);
    await g.release();
    expect(b.busyKeys()).toEqual([]);
  });

  it("with a deferred start, lets the jobs that come before the start join the first batch", async () => {
    const batches: number[][] = [];
    const b = createBatcher(
      async (items: number[]) => {
        batches.push(items);
        return items.map((i) => ({ ok: true as const, value: i }));
      },
      { maxBatch: 10, start: setImmediate },
    );
    const jobs = [1, 2, 3].map((i) => b.submit("k", i));
    expect(batches).toEqual([]); // nothing started yet
    await expect(Promise.all(jobs)).resolves.toEqual([1, 2, 3]);
    expect(batches).toEqual([[1, 2, 3]]);
    // Quiet again: the next job starts a batch of its own.
    await expect(b.submit("k", 4)).resolves.toBe(4);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it("refuses a batch size that is not a positive integer", () => {
    expect(() => createBatcher(async () => [], { maxBatch: 0 })).toThrow(RangeError);
    expect(() => createBatcher(async () => [], { maxBatch: 1.5 })).toThrow(RangeError);
  });
});
