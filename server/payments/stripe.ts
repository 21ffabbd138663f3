/**
 * Stripe Checkout. One client, created lazily from STRIPE_SECRET_KEY; STRIPE_API_BASE points the SDK at
 * stripe-mock or a local test server. A Checkout Session per order (idempotency key = the order), the order code
 * in metadata and client_reference_id. Payment is confirmed only by the webhook (stripe-webhook.ts).
 */
import Stripe from "stripe";
import { env } from "../env";
import { ProviderError, type PaymentProvider } from "./provider";

let client: Stripe | undefined;
let clientKey: string | undefined;

export function stripeClient(): Stripe {
  const { STRIPE_SECRET_KEY, STRIPE_API_BASE } = env();
  if (!STRIPE_SECRET_KEY) throw new Error("STRIPE_SECRET_KEY is not set");
  const key = `${STRIPE_SECRET_KEY}|${STRIPE_API_BASE ?? ""}`;
  if (!client || clientKey !== key) {
    const config: Stripe.StripeConfig = { maxNetworkRetries: 2, timeout: 20_000 };
    if (STRIPE_API_BASE) {
      const base = new URL(STRIPE_API_BASE);
      config.host = base.hostname;
      config.port = Number(base.port || (base.protocol === "https:" ? 443 : 80));
      config.protocol = base.protocol === "https:" ? "https" : "http";
    }
    client = new Stripe(STRIPE_SECRET_KEY, config);
    clientKey = key;
  }
  return client;
}

/** Stripe wants a session to live 30 minutes to 24 hours. A payment after our hold ends is handled as late. */
const MIN_SESSION_MS = 31 * 60 * 1000;

export function stripeProvider(): PaymentProvider {
  return {
    name: "stripe",
    async createCheckout(order) {
      const base = env().PUBLIC_URL;
      const back = `${base}/${order.locale}/orders/${order.code}?token=${encodeURIComponent(order.accessToken)}`;
      const expiresAt = Math.floor(Math.max(order.expiresAt.getTime(), Date.now() + MIN_SESSION_MS) / 1000);
      const session = await stripeCall(() => stripeClient().checkout.sessions.create(
        {
          mode: "payment",
          customer_email: order.email,
          client_reference_id: order.code,
          metadata: { orderCode: order.code, orderId: order.id },
          payment_intent_data: { metadata: { orderCode: order.code, orderId: order.id } },
          line_items: order.lines.map((line) => ({
            quantity: 1,
            price_data: { currency: order.currency.toLowerCase(), unit_amount: line.amountCents, product_data: { name: line.name } },
          })),
          locale: order.locale === "zh" ? "zh" : "en",
          success_url: `${back}&paid=1`,
          cancel_url: back,
          expires_at: expiresAt,
        },
        { idempotencyKey: `checkout:${order.id}` },
      ));
      if (!session.url) throw new Error("Stripe returned a session without a URL");
      return { sessionId: session.id, url: session.url };
    },
    async closeCheckout(sessionId) {
      try {
        await stripeClient().checkout.sessions.expire(sessionId);
      } catch (error) {
        // Already completed or expired: nothing to close (a completed one arrives as a webhook).
        if (error instanceof Stripe.errors.StripeInvalidRequestError) return;
        throw error;
      }
    },
    async refund(request) {
      const refund = await stripeCall(() =>
        stripeClient().refunds.create(
          { payment_intent: request.providerPaymentId, amount: request.amountCents, metadata: { refundId: request.refundId } },
          { idempotencyKey: `refund:${request.refundId}` },
        ),
      );
      const status = refundStatus(refund.status);
      if (status === "failed") throw new ProviderError(`Stripe refund ${refund.id} ${refund.status}`, false);
      return { providerRefundId: refund.id, status };
    },
  };
}

/** Our refund status for a Stripe refund's status. */
export function refundStatus(status: string | null): "done" | "pending" | "failed" {
  if (status === "succeeded") return "done";
  if (status === "failed" || status === "canceled") return "failed";
  return "pending";
}

/** Every refund of a charge (refunds made here and in the Stripe dashboard alike). */
export async function listChargeRefunds(chargeId: string): Promise<Stripe.Refund[]> {
  return stripeCall(() => stripeClient().refunds.list({ charge: chargeId, limit: 100 }).autoPagingToArray({ limit: 1000 }));
}

/** Runs a Stripe call; its failure becomes a ProviderError that says whether trying again may help. */
async function stripeCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) {
      const refused =
        error instanceof Stripe.errors.StripeInvalidRequestError ||
        error instanceof Stripe.errors.StripeCardError ||
        error instanceof Stripe.errors.StripePermissionError ||
        error instanceof Stripe.errors.StripeIdempotencyError;
      throw new ProviderError(`Stripe ${error.type}${error.code ? ` (${error.code})` : ""}: ${error.message}`, !refused);
    }
    throw new ProviderError(error instanceof Error ? error.message : String(error), true);
  }
}
