/**
 * Payment providers share one interface (pretix's shape): start a checkout for an order, refund a payment.
 * `stripe` when STRIPE_SECRET_KEY is set, otherwise `simulated` (a local test checkout page); `free` for orders
 * that cost nothing. No provider call ever happens inside a database transaction.
 */
import type { PaymentProvider as ProviderName } from "../../core/domain";
import { env } from "../env";

export interface CheckoutOrder {
  id: string;
  code: string;
  email: string;
  locale: string;
  totalCents: number;
  currency: string;
  /** Private token of the order's manage link, for return URLs. */
  accessToken: string;
  lines: { name: string; amountCents: number }[];
  expiresAt: Date;
}

export interface CheckoutSession {
  sessionId: string;
  url: string;
}

export interface RefundRequest {
  /** Our refund id: the idempotency key. */
  refundId: string;
  providerPaymentId: string;
  amountCents: number;
  currency: string;
}

export interface RefundOutcome {
  providerRefundId: string;
  status: "done" | "pending";
}

/**
 * A provider call that failed. `retryable`: the same request (same idempotency key) may succeed later: a network
 * failure, an outage, a rate limit, a key being fixed. Not retryable: the provider refused the request itself.
 */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "ProviderError";
  }
}

export interface PaymentProvider {
  name: ProviderName;
  createCheckout(order: CheckoutOrder): Promise<CheckoutSession>;
  /**
   * Only for a provider that makes no network call (simulated): the same session, made synchronously inside the
   * registration transaction, so the order is stored with its payment link in one write. Providers that call out
   * leave it out and are called after commit.
   */
  localCheckout?(order: CheckoutOrder): CheckoutSession;
  /**
   * Closes a checkout that will not be paid (the buyer cancelled, the hold ran out), so the buyer cannot pay it
   * later; a payment that gets through anyway is handled as a late payment. Best effort: a session already paid or
   * closed is left as it is.
   */
  closeCheckout?(sessionId: string): Promise<void>;
  refund(request: RefundRequest): Promise<RefundOutcome>;
}

export function paidProviderName(): Exclude<ProviderName, "free"> {
  return env().STRIPE_SECRET_KEY ? "stripe" : "simulated";
}

// The simulated provider is asked for by every registration of the embedded default: loaded once.
let simulated: Promise<PaymentProvider> | undefined;

export async function getProvider(name: ProviderName): Promise<PaymentProvider> {
  switch (name) {
    case "stripe":
      return (await import("./stripe")).stripeProvider();
    case "simulated":
      simulated ??= import("./simulated").then(
        (m) => m.simulatedProvider,
        (error: unknown) => {
          simulated = undefined;
          throw error;
        },
      );
      return simulated;
    case "free":
      return freeProvider;
  }
}

const freeProvider: PaymentProvider = {
  name: "free",
  async createCheckout(order) {
    return { sessionId: `free_${order.code}`, url: "" };
  },
  async refund(request) {
    return { providerRefundId: `free_refund_${request.refundId}`, status: "done" };
  },
};
