import { handle, readBodyText } from "@/server/api/http";
import { handleStripeWebhook } from "@/server/payments/stripe-webhook";

export const dynamic = "force-dynamic";

/**
 * Stripe webhook (docs/api.md, "Stripe webhook"). The signature covers the exact bytes Stripe sent, so the body
 * is read as text (at most MAX_JSON_BYTES, like every JSON route) and never parsed before it is verified. No API
 * token: the signature is the credential.
 */
export const POST = handle(async (request: Request) => {
  const receipt = await handleStripeWebhook(await readBodyText(request), request.headers.get("stripe-signature"));
  return Response.json(receipt);
});
