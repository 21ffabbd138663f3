/**
 * The client's address for rate limits: the first x-forwarded-for entry (set by the proxy in front of us, or by
 * Next itself), else x-real-ip. Behind a proxy that does not overwrite x-forwarded-for a client can choose this
 * value; such deployments turn the per-address limits off (RATE_LIMIT_REGISTRATIONS_PER_MINUTE=0) or fix the proxy.
 */
export function clientIpOf(headers: Headers | undefined): string | null {
  const forwarded = headers?.get("x-forwarded-for")?.split(",")[0]?.trim();
  if (forwarded) return forwarded;
  return headers?.get("x-real-ip")?.trim() || null;
}
