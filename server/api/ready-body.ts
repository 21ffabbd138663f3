/**
 * Ready bytes for cached public answers (issue 14; docs/api.md "Caching"): a JSON answer serialized once, kept as a
 * Buffer with a strong ETag (a hash of exactly those bytes), and sent as is to every reader of the same version;
 * a reader that already holds those bytes (`If-None-Match`) gets 304 with no body. The ETag changes exactly when the
 * bytes do, so it follows whatever made the bytes change (a results version, an event edit, places taken) without
 * a rule of its own. The caches that keep these bodies decide how fresh they are (server/events/public-cache.ts,
 * server/results/cache.ts).
 */
import { createHash } from "node:crypto";

export interface ReadyBody {
  /** The answer's bytes (UTF-8 JSON). */
  bytes: Buffer<ArrayBuffer>;
  /** A strong validator, quoted: `"<base64url of the SHA-256 of the bytes, 22 characters>"`. */
  etag: string;
}

export function readyBody(json: string): ReadyBody {
  const bytes = Buffer.from(json, "utf8");
  return { bytes, etag: `"${createHash("sha256").update(bytes).digest("base64url").slice(0, 22)}"` };
}

/**
 * Whether an `If-None-Match` header names this ETag (RFC 9110 13.1.2: `*`, or a list compared weakly, so `W/"x"`
 * matches `"x"`).
 */
export function noneMatchHits(header: string | null, etag: string): boolean {
  if (header === null) return false;
  const value = header.trim();
  if (value === "*") return true;
  for (const raw of value.split(",")) {
    const tag = raw.trim().replace(/^W\//, "");
    if (tag === etag) return true;
  }
  return false;
}

/**
 * 200 with the ready bytes, Content-Type, ETag and `cacheControl` (when given); or 304 with the same ETag and
 * Cache-Control and no body when the request's `If-None-Match` names the ETag.
 */
export function readyResponse(request: Request, body: ReadyBody, cacheControl?: string): Response {
  const headers: Record<string, string> = { etag: body.etag };
  if (cacheControl) headers["cache-control"] = cacheControl;
  if (noneMatchHits(request.headers.get("if-none-match"), body.etag)) return new Response(null, { status: 304, headers });
  headers["content-type"] = "application/json";
  return new Response(body.bytes, { headers });
}
