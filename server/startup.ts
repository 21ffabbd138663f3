/** Runs once per app process before it serves: validate configuration, apply pending migrations, start the sweep. */
import { getConnection } from "../db";
import { env } from "./env";
import { scheduleSweep, type SweepSchedule } from "./sweep";

export async function prepareDatabase(): Promise<void> {
  env();
  await getConnection().migrate();
}

/** Every 30 seconds: expire holds, retry refunds, deliver email, prune rate limits (server/sweep.ts). */
export const SWEEP_INTERVAL_MS = 30_000;

const globalForSweep = globalThis as unknown as { finishlineSweep?: SweepSchedule };

/** Starts the periodic sweep for this process; a second call (a dev reload) keeps the one already running. */
export function startSweep(): void {
  globalForSweep.finishlineSweep ??= scheduleSweep({ intervalMs: SWEEP_INTERVAL_MS, firstRunMs: 5_000 });
}
