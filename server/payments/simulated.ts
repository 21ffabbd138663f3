/**
 * The embedded default: a local checkout page (/<locale>/checkout/<code>), clearly marked as a test, with Pay and
 * Cancel. Paying confirms through the same confirmPayment() as a Stripe webhook.
 */
import { env } from "../env";
import type { CheckoutOrder, CheckoutSession, PaymentProvider } from "./provider";

function simulatedCheckout(order: CheckoutOrder): CheckoutSession {
  const url = `${env().PUBLIC_URL}/${order.locale}/checkout/${order.code}?token=${encodeURIComponent(order.accessToken)}`;
  return { sessionId: `sim_${order.code}`, url };
}

export const simulatedProvider: PaymentProvider = {
  name: "simulated",
  async createCheckout(order) {
    return simulatedCheckout(order);
  },
  localCheckout: simulatedCheckout,
  async refund(request) {
    return { providerRefundId: `sim_refund_${request.refundId}`, status: "done" };
  },
};
