/**
 * The private link of an order: a token derived from the order id with the app's secret (HMAC-SHA256), so the
 * link can be sent again in any later email without storing it. Rotating AUTH_SECRET invalidates old links.
 */
import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from "node:crypto";
import { getAuthSecret } from "../auth/secret";

// The secret as a key object, made once per secret rather than for every token (one entry: the current secret).
const keys = new Map<string, KeyObject>();

function keyObjectFor(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) {
    keys.clear();
    key = createSecretKey(Buffer.from(secret));
    keys.set(secret, key);
  }
  return key;
}

export async function orderAccessToken(orderId: string): Promise<string> {
  return createHmac("sha256", keyObjectFor(await getAuthSecret())).update(`order:${orderId}`).digest("base64url").slice(0, 32);
}

export async function verifyOrderAccessToken(orderId: string, token: string | null | undefined): Promise<boolean> {
  if (!token) return false;
  const expected = Buffer.from(await orderAccessToken(orderId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
