/**
 * Pure rules of the `Idempotency-Key` header (docs/decisions/012-idempotency-keys.md): which keys are accepted, and
 * the one text a request is known by, so that the same request sent again (keys in another order, other spacing)
 * is recognised as the same and any other request is not.
 */

/** Longest key accepted, in characters (Stripe's limit). */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/** 1–255 printable ASCII characters (space to `~`); a UUID v4 is the usual choice. */
export function isValidIdempotencyKey(key: string): boolean {
  return key.length >= 1 && key.length <= MAX_IDEMPOTENCY_KEY_LENGTH && /^[\x20-\x7e]+$/.test(key);
}

/**
 * JSON with every object's keys in code-point order, at every depth, and no spacing: two bodies that parse to the
 * same value give the same text. Arrays keep their order (it is meaningful: participants). Values JSON cannot
 * carry (undefined in an object) are left out, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  const entries = Object.keys(value as Record<string, unknown>)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(",")}}`;
}

/** The text a request is known by: method, path and canonical body together. */
export function requestIdentity(method: string, path: string, body: unknown): string {
  return canonicalJson({ method: method.toUpperCase(), path, body });
}
