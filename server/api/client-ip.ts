/**
 * The client's address for rate limits (sign-in, sign-in links, registration): docs/decisions/011-csp-and-client-address.md.
 *
 * Next does not give server code the socket's address: it only fills `x-forwarded-for` with it when the client sent
 * none, so a client that sends one chooses its own. The app's HTTP server (server/http-edge.ts) therefore records the
 * socket's peer in PEER_HEADER before Next sees the request, replacing any value a client sent. From there
 * `X-Forwarded-For` is walked leftwards only past TRUSTED_PROXIES (core/client-address.ts); with none configured the
 * peer is the client. IPv6 clients are keyed by their /64.
 */
import { clientKeyOf, resolveClientAddress } from "../../core/client-address";
import { env } from "../env";

/** Set by server/http-edge.ts on every request from the socket's remote address; never taken from the client. */
export const PEER_HEADER = "x-finishline-peer";

/** The key the client is counted under, or null when the request did not come through the app's HTTP server. */
export function clientIpOf(headers: Headers | undefined): string | null {
  const ip = resolveClientAddress(headers?.get(PEER_HEADER), headers?.get("x-forwarded-for"), env().TRUSTED_PROXIES);
  return ip ? clientKeyOf(ip) : null;
}
