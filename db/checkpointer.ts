/**
 * SQLite's WAL checkpoints, off the request path.
 *
 * By default SQLite checkpoints inside the COMMIT that takes the write-ahead log past 1,000 pages: it copies the pages
 * into the database file and fsyncs it, and better-sqlite3 waits for that on the event loop. Under a registration
 * burst that was every few commits, and while the disk synced, the process served nobody (the burst ran 20% faster
 * with no checkpoints at all). So the app's writer turns automatic checkpoints off and a worker thread with its own
 * connection runs a PASSIVE checkpoint every CHECKPOINT_INTERVAL_MS: it never blocks the writer or the readers, and its
 * fsync waits in the worker. If the worker cannot start or stops, the writer checkpoints for itself again, as SQLite
 * does by default: the write-ahead log never grows without bound.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";

export const CHECKPOINT_INTERVAL_MS = 250;
/** SQLite's own default, used again if the worker is gone. */
const AUTOCHECKPOINT_PAGES = 1000;

// CommonJS run by the worker (eval): the driver's path comes from the main thread, so nothing depends on bundling.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma("busy_timeout = 5000");
const timer = setInterval(() => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch (error) {
    parentPort.postMessage({ failed: String((error && error.code) || "error") });
  }
}, workerData.intervalMs);
parentPort.on("message", (message) => {
  if (message === "stop") {
    clearInterval(timer);
    db.close();
    parentPort.close();
  }
});
parentPort.postMessage({ ready: true });
`;

export interface Checkpointer {
  /** Stops the worker (closing the connection); safe to call twice. */
  stop(): Promise<void>;
}

interface Writer {
  pragma(source: string): unknown;
}

/** Starts checkpointing `file` from a worker thread and turns `writer`'s own checkpoints off while it runs. */
export function startCheckpointer(file: string, writer: Writer, intervalMs = CHECKPOINT_INTERVAL_MS): Checkpointer {
  let driver: string;
  try {
    driver = createRequire(path.join(process.cwd(), "package.json")).resolve("better-sqlite3");
  } catch {
    return { stop: async () => {} }; // the writer keeps SQLite's own checkpoints
  }
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file: path.resolve(file), intervalMs } });
  // The worker never keeps a process (a CLI command, a test run) alive.
  worker.unref();
  let stopping = false;
  const fallBack = () => {
    try {
      writer.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    } catch {
      // The writer is closed already.
    }
  };
  writer.pragma("wal_autocheckpoint = 0");
  worker.on("message", (message: { failed?: string }) => {
    if (message.failed) console.error(`[db] background checkpoint failed: ${message.failed}`);
  });
  worker.on("error", (error) => {
    console.error(`[db] the checkpoint worker stopped (${error.name}); the writer checkpoints for itself again`);
    fallBack();
  });
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  void exited.then(() => {
    if (!stopping) fallBack();
  });
  return {
    async stop() {
      if (stopping) return exited;
      stopping = true;
      // Keep the process alive until the worker has closed its connection (it was unref'd while it ran).
      worker.ref();
      worker.postMessage("stop");
      // A worker stuck in a long fsync is not waited for past a second.
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, 1000)));
      await Promise.race([exited, timeout]);
      clearTimeout(timer);
      await worker.terminate();
    },
  };
}
