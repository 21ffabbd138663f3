/** Runs once per app process before it serves: validate configuration, apply pending migrations, start the sweep. */
import { getConnection } from "./db";
import { getAuthSecret } from "./auth/secret";
import { env } from "./env";
import { scheduleSweep, type SweepSchedule } from "./sweep";

export async function prepareDatabase(): Promise<void> {
  env();
  await getConnection().migrate();
  // The signing key exists before the first request (one generated and stored when AUTH_SECRET is unset).
  await getAuthSecret();
}

/** Every 30 seconds: expire holds, retry refunds, deliver email, prune rate limits (server/sweep.ts). */
export const SWEEP_INTERVAL_MS = 30_000;

const globalForSweep = globalThis as unknown as { finishlineSweep?: SweepSchedule };

/** Starts the periodic sweep for this process; a second call (a dev reload) keeps the one already running. */
export function startSweep(): void {
  globalForSweep.finishlineSweep ??= scheduleSweep({ intervalMs: SWEEP_INTERVAL_MS, firstRunMs: 5_000 });
}
