/**
 * The private link of an order: a token derived from the order id with the app's secret (HMAC-SHA256), so the
 * link can be sent again in any later email without storing it. Rotating AUTH_SECRET invalidates old links.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { getAuthSecret } from "../auth/secret";

export async function orderAccessToken(orderId: string): Promise<string> {
  const secret = await getAuthSecret();
  return createHmac("sha256", secret).update(`order:${orderId}`).digest("base64url").slice(0, 32);
}

export async function verifyOrderAccessToken(orderId: string, token: string | null | undefined): Promise<boolean> {
  if (!token) return false;
  const expected = Buffer.from(await orderAccessToken(orderId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
