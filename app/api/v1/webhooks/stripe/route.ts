import { handle } from "@/server/api/http";
import { handleStripeWebhook } from "@/server/payments/stripe-webhook";

export const dynamic = "force-dynamic";

/**
 * Stripe webhook (docs/api.md, "Stripe webhook"). The signature covers the exact bytes Stripe sent, so the body
 * is read as text and never parsed before it is verified. No API token: the signature is the credential.
 */
export const POST = handle(async (request: Request) => {
  const receipt = await handleStripeWebhook(await request.text(), request.headers.get("stripe-signature"));
  return Response.json(receipt);
});
