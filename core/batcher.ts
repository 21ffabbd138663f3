import { nth } from "./lists";
/**
 * Smart batching (group commit): a job submitted while nothing of its key is running starts at once, alone, so a
 * quiet system adds no wait and no timer (see `start` for work that never yields); jobs submitted while a batch of
 * their key runs wait and then go together, up to `maxBatch` at a time. Under a burst the batches grow by themselves, so a fixed cost per batch (a transaction,
 * its commit, a seat count) is shared by every job in it. One batch per key runs at a time, in arrival order.
 *
 * `run` gets the items of one batch and answers one Settled per item, in order: a job's own failure (sold out, say)
 * rejects that job only. If `run` throws, or answers the wrong number of results, every job of the batch rejects
 * with that error.
 */
export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

export interface Batcher<T, R> {
  submit(key: string, item: T): Promise<R>;
  /** Keys with a batch running or jobs waiting (for tests and diagnostics). */
  busyKeys(): string[];
}

interface Job<T, R> {
  item: T;
  resolve(value: R): void;
  reject(error: unknown): void;
}

export interface BatcherOptions {
  maxBatch: number;
  /**
   * How a key's first batch is started: at once by default. When `run` does not give the event loop a turn (work
   * that is synchronous underneath, like better-sqlite3's), nothing can arrive during a batch, so pass setImmediate:
   * the first job then waits for the I/O already in hand, and the jobs that come with it join its batch.
   */
  start?: (begin: () => void) => void;
}

export function createBatcher<T, R>(run: (items: T[]) => Promise<Settled<R>[]>, options: BatcherOptions): Batcher<T, R> {
  const { maxBatch, start = (begin) => begin() } = options;
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new RangeError("maxBatch must be a positive integer");
  // A key is present exactly while its drain runs; its array holds the jobs waiting for the next batch.
  const waitingByKey = new Map<string, Job<T, R>[]>();

  async function drain(key: string, waiting: Job<T, R>[]): Promise<void> {
    try {
      while (waiting.length > 0) {
        const jobs = waiting.splice(0, maxBatch);
        let results: Settled<R>[];
        try {
          results = await run(jobs.map((j) => j.item));
          if (results.length !== jobs.length) throw new Error(`a batch of ${jobs.length} answered ${results.length} results`);
        } catch (error) {
          results = jobs.map(() => ({ ok: false, error }));
        }
        jobs.forEach((job, i) => {
          const r = nth(results, i, "result"); // as many results as jobs, checked above
          if (r.ok) job.resolve(r.value);
          else job.reject(r.error);
        });
      }
    } finally {
      // No await between the loop's last check and here: a job submitted now finds no key and starts a new drain.
      waitingByKey.delete(key);
    }
  }

  return {
    submit(key, item) {
      return new Promise<R>((resolve, reject) => {
        const waiting = waitingByKey.get(key);
        if (waiting) {
          waiting.push({ item, resolve, reject });
          return;
        }
        const first: Job<T, R>[] = [{ item, resolve, reject }];
        waitingByKey.set(key, first);
        start(() => void drain(key, first));
      });
    },
    busyKeys: () => [...waitingByKey.keys()],
  };
}
