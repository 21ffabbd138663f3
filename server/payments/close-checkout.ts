/**
 * After an order stops waiting for payment (buyer cancelled, hold ran out), close its checkout at the provider so
 * the buyer cannot pay it any more: a charge that would only be refunded costs the organizer the provider's fee.
 * Called after commit (no provider call inside a transaction). Best effort: a failure is logged and left to the
 * late-payment rule (a payment that still arrives takes a free seat or is refunded).
 */
import type { PaymentProvider as ProviderName } from "../../core/domain";
import { getProvider } from "./provider";

export async function closeCheckoutOf(order: { code: string; provider: ProviderName; providerSessionId: string | null }): Promise<void> {
  if (!order.providerSessionId) return;
  const provider = await getProvider(order.provider);
  if (!provider.closeCheckout) return;
  try {
    await provider.closeCheckout(order.providerSessionId);
  } catch (error) {
    console.error(`[payments] could not close the checkout of order ${order.code}:`, error instanceof Error ? error.name : typeof error);
  }
}
