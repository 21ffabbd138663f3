/**
 * The periodic sweep: the work nobody clicks for. Every app process runs it on a timer (server/startup.ts), and
 * operators can run it by hand (`npm run cli -- sweep`). Each step is idempotent and safe when several processes
 * sweep one PostgreSQL database at the same moment:
 * - stale orders: each is released in its own transaction under the order's lock and then its races' (their seat
 *   counters change), by releasePendingOrder's conditional update (a payment confirming the order meanwhile wins,
 *   see confirm-payment.ts);
 * - refunds the provider has not taken yet: claimed by a conditional update before the call (retryPendingRefunds);
 * - bib emails a batch left unqueued (its process stopped after the commit): claimed per order by clearing the
 *   entries' marker in the transaction that queues them (queueDueBibNotices);
 * - messages to runners being sent: the next recipients within each message's rate, queued and marked in one
 *   transaction under the message's lock (queueBroadcastBatch, server/messages/broadcast.ts);
 * - queued email: claimed row by row (deliverOutbox);
 * - rate-limit windows and idempotency keys older than 24 hours: plain deletes of old rows.
 * A step that fails is logged (its error's kind only: no personal data) and does not stop the others.
 */
import { and, asc, eq, lte } from "drizzle-orm";
import { getConnection, withTransaction } from "./db";
import { recordAudit } from "./audit/record-audit";
import { queueDueBibNotices } from "./bibs/notify";
import { closeCheckoutOf } from "./payments/close-checkout";
import { deliverOutbox } from "./email/outbox";
import { pruneIdempotencyKeys } from "./idempotency";
import { queueBroadcastBatch } from "./messages/broadcast";
import { retryPendingRefunds } from "./payments/refunds";
import { pruneRateLimits } from "./rate-limit";
import { releasePendingOrder } from "./registration/holds";
import { errorKind } from "./log-safe";

const SWEEP_ACTOR = { kind: "system", label: "sweep" } as const;

export interface SweepReport {
  expiredOrders: number;
  refundsRetried: number;
  emailsHandled: number;
  /** Steps that failed this time (they run again next time). */
  failedSteps: string[];
}

export async function runSweep(now = new Date()): Promise<SweepReport> {
  const report: SweepReport = { expiredOrders: 0, refundsRetried: 0, emailsHandled: 0, failedSteps: [] };
  const steps: [string, () => Promise<void>][] = [
    ["expire-orders", async () => void (report.expiredOrders = await expireStaleOrdersNow(now))],
    ["retry-refunds", async () => void (report.refundsRetried = await retryPendingRefunds(now))],
    ["queue-bib-notices", async () => void (await queueDueBibNotices(now))],
    ["queue-broadcasts", async () => void (await queueBroadcastBatch(now))],
    ["deliver-email", async () => void (report.emailsHandled = await deliverOutbox({ now }))],
    ["prune-rate-limits", () => pruneRateLimits(now)],
    ["prune-idempotency-keys", () => pruneIdempotencyKeys(now)],
  ];
  for (const [name, step] of steps) {
    try {
      await step();
    } catch (error) {
      report.failedSteps.push(name);
      console.error(`[sweep] ${name} failed: ${errorKind(error)}`);
    }
  }
  return report;
}

/**
 * Expires pending orders whose hold has run out, one transaction per order (a long list never holds many row
 * locks at once), each recorded in the audit log. Registration also expires the stale orders of its event
 * (holds.ts expireStaleOrders); this catches the events nobody is registering for.
 */
async function expireStaleOrdersNow(now: Date): Promise<number> {
  const { db, schema } = getConnection();
  const o = schema.orders;
  const stale = await db
    .select({ id: o.id, code: o.code, discountCodeId: o.discountCodeId, provider: o.provider, providerSessionId: o.providerSessionId })
    .from(o)
    .where(and(eq(o.status, "pending"), lte(o.expiresAt, now)))
    .orderBy(asc(o.expiresAt))
    .limit(500);
  let expired = 0;
  for (const order of stale) {
    const released = await withTransaction(async (tx) => {
      await getConnection().lockKeys(tx, [`order:${order.id}`]);
      if (!(await releasePendingOrder(tx, order, "expired", now))) return false;
      await recordAudit(tx, SWEEP_ACTOR, { action: "order.expire", entityType: "order", entityId: order.id, data: { reason: "hold_expired" } }, now);
      return true;
    });
    if (released) {
      expired += 1;
      await closeCheckoutOf(order);
    }
  }
  return expired;
}

/**
 * What may be logged about a failure: its class and code. Messages are left out on purpose: a failed query's
 * message carries its parameters (names, addresses), a mail server's reply the recipient.
 */
export { errorKind };

export interface SweepSchedule {
  stop(): void;
}

/**
 * Runs `run` every `intervalMs` (first run after `firstRunMs`) on an unref'd timer, so it never keeps a process
 * alive. A run still going when the next is due makes that one skip: runs never overlap within a process.
 */
export function scheduleSweep(options: { intervalMs: number; firstRunMs?: number; run?: (now: Date) => Promise<SweepReport> }): SweepSchedule {
  const run = options.run ?? runSweep;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const report = await run(new Date());
      if (report.expiredOrders || report.refundsRetried || report.emailsHandled) {
        console.info(`[sweep] expired ${report.expiredOrders} orders, retried ${report.refundsRetried} refunds, handled ${report.emailsHandled} emails`);
      }
    } catch (error) {
      console.error(`[sweep] failed: ${errorKind(error)}`);
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void tick(), options.firstRunMs ?? options.intervalMs);
  const timer = setInterval(() => void tick(), options.intervalMs);
  first.unref();
  timer.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
