/**
 * A second app process for server/bibs/concurrency.test.ts: waits for a shared start time, then confirms the
 * payments of the given orders all at once through confirmPayment, and prints how each ended as one JSON line.
 * The orders come as JSON on stdin. Run with: tsx --conditions=react-server test/confirm-worker.ts <startAt ms>
 */
import { closeConnection } from "../server/db";
import { setTestClockFromEnv } from "./clock";
import { getAuthSecret } from "../server/auth/secret";
import { outboxDeliverySettled } from "../server/email/outbox";
import { errorTrace } from "../server/log-safe";
import { confirmPayment } from "../server/payments/confirm-payment";

async function main(): Promise<void> {
  setTestClockFromEnv();
  const [startAtText] = process.argv.slice(2);
  let input = "";
  for await (const chunk of process.stdin) input += String(chunk);
  const orders = JSON.parse(input) as { id: string; totalCents: number; currency: string }[];
  const outcomes: Record<string, number> = {};
  await getAuthSecret(); // as a running app would have it already
  await new Promise((r) => setTimeout(r, Math.max(0, Number(startAtText) - Date.now())));
  await Promise.all(
    orders.map(async (order) => {
      let outcome: string;
      try {
        outcome = await confirmPayment({ orderId: order.id, provider: "simulated", providerPaymentId: `pay_${order.id}`, amountCents: order.totalCents, currency: order.currency });
      } catch (error) {
        outcome = (error as { code?: string }).code ?? "crashed";
        if (outcome === "crashed") console.error(errorTrace(error));
      }
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }),
  );
  await outboxDeliverySettled();
  await closeConnection();
  process.stdout.write(`${JSON.stringify(outcomes)}\n`);
}

void main();
