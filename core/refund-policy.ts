/** What a runner gets back when they cancel: the event's policy steps, by date. Integer money only. */
import type { RefundPolicyStep } from "./domain";

/** Percent refunded at `at`: the first step whose `until` is still ahead; none after the last step. */
export function refundPercentAt(policy: RefundPolicyStep[], at: Date): number {
  const steps = [...policy].sort((a, b) => Date.parse(a.until) - Date.parse(b.until));
  return steps.find((s) => at.getTime() < Date.parse(s.until))?.percent ?? 0;
}

export function refundAmount(paidCents: number, percent: number): number {
  return Math.floor((paidCents * percent) / 100);
}

/**
 * What a runner gets back for cancelling one of their own entries now (the private link's cancel button says it, and
 * server/payments/refunds.ts cancelOwnEntry pays it): the policy's percent of what the entry cost, never more than the
 * order still has to refund (an organizer may have refunded part of it already).
 */
export function ownCancellationRefund(entryPaidCents: number, percent: number, orderRefundableCents: number): number {
  return Math.max(0, Math.min(refundAmount(entryPaidCents, percent), orderRefundableCents));
}
