/**
 * The `Idempotency-Key` header at the API's edge (docs/api.md "Idempotency-Key", docs/decisions/012-idempotency-keys.md):
 * the key is checked before the body is read, then tied to the route, the caller and the request itself.
 */
import "server-only";
import { isValidIdempotencyKey, MAX_IDEMPOTENCY_KEY_LENGTH } from "../../core/idempotency";
import type { Actor } from "../actor";
import { DomainError } from "../errors";
import { idempotencyRequest, type IdempotencyRequest, type IdempotentRoute } from "../idempotency";

export const IDEMPOTENCY_HEADER = "Idempotency-Key";
/** Set on an answer that was stored by an earlier request with the same key (Stripe's name for it). */
export const REPLAYED_HEADER = "Idempotent-Replayed";

/** The header's key, null without one; 422 validation_failed (field `Idempotency-Key`) for a key of the wrong form. */
export function idempotencyKeyOf(request: Request): string | null {
  const key = request.headers.get(IDEMPOTENCY_HEADER);
  if (key === null) return null;
  if (!isValidIdempotencyKey(key)) {
    throw new DomainError("validation_failed", `The ${IDEMPOTENCY_HEADER} header must be 1–${MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters.`, [
      { path: IDEMPOTENCY_HEADER, key: "idempotencyKeyFormat", params: { maximum: MAX_IDEMPOTENCY_KEY_LENGTH } },
    ]);
  }
  return key;
}

/** The key tied to its route, its caller (the token's user and token; null for a public route) and this request. */
export function idempotencyFor(request: Request, route: IdempotentRoute, actor: Actor | null, key: string | null, body: unknown): IdempotencyRequest | null {
  if (key === null) return null;
  return idempotencyRequest({ route, actor, key, method: request.method, path: new URL(request.url).pathname, body });
}

/** A JSON answer; one given again for a repeated key says so in `Idempotent-Replayed: true`. */
export function jsonAnswer(body: unknown, status: number, replayed: boolean, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: replayed ? { ...headers, [REPLAYED_HEADER]: "true" } : headers });
}
