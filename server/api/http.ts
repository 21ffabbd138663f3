/**
 * The HTTP edge of API v1: JSON in, JSON out, errors as `{ "error": { "code", "message", "fields"?, "details"? } }`
 * (docs/api.md "Errors"). Field messages are English (messages/en/errors.json); the keys are stable.
 */
import "server-only";
import { hasShape, type SegmentShape } from "../../core/path-segments";
import { valueProblem } from "../../core/text";
import { issuesToFields } from "../../core/validation";
import { isDatabaseUnavailable } from "../db";
import enErrors from "../../messages/en/errors.json";
import type { Actor } from "../actor";
import { authenticateToken } from "../auth/tokens";
import { DomainError, isDomainError } from "../errors";
import { errorKind, errorTrace } from "../log-safe";

const EN = enErrors as Record<string, string>;

export function errorResponse(error: DomainError): Response {
  const fields = error.issues.length > 0 ? issuesToFields(error.issues, (k) => EN[k] ?? k) : undefined;
  const details = error.details;
  return Response.json(
    { error: { code: error.code, message: error.message, ...(fields ? { fields } : {}), ...(details ? { details } : {}) } },
    { status: error.status },
  );
}

/**
 * Wraps a route handler: expected failures become their status; a database that cannot be reached right now (a
 * PostgreSQL restart or failover) is 503 `service_unavailable` with Retry-After, so clients retry (with their
 * Idempotency-Key); anything else is logged and answered 500.
 */
export function handle<A extends unknown[]>(fn: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    try {
      return await fn(...args);
    } catch (error) {
      if (isDomainError(error)) return errorResponse(error);
      if (isDatabaseUnavailable(error)) {
        console.error(`[api] database unavailable: ${errorKind(error)}`);
        return Response.json(
          { error: { code: "service_unavailable", message: "The service is briefly unavailable; try again in a moment." } },
          { status: 503, headers: { "retry-after": "2" } },
        );
      }
      // No request body or personal data in the log: only the error itself.
      console.error(`[api] unexpected error: ${errorTrace(error)}`);
      return Response.json({ error: { code: "internal", message: "Something went wrong on our side." } }, { status: 500 });
    }
  };
}

/**
 * The largest JSON body a route takes (docs/api.md "Limits"): an event with 20 races, every wave and price tier
 * filled in, is under 100 KB. Results files and chip reads have their own limit (server/results/intake.ts).
 */
export const MAX_JSON_BYTES = 1024 * 1024;

function tooLarge(limit: number): DomainError {
  const size = limit >= 1024 * 1024 ? `${limit / 1024 / 1024} MB` : `${limit / 1024} KB`;
  return new DomainError("payload_too_large", `The body is larger than ${size}.`, [], { maxBytes: limit });
}

/**
 * The body's bytes, refused with 413 payload_too_large as soon as it passes `limit`: a Content-Length over the
 * limit is refused before a byte is read, and a body without one (chunked) is counted while it arrives, the stream
 * cancelled at the first byte too many. Nothing past the limit is read or kept.
 */
export async function readBodyBytes(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > limit) {
    await request.body?.cancel().catch(() => {});
    throw tooLarge(limit);
  }
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/** The body as text (UTF-8, a byte-order mark dropped, bad bytes as U+FFFD, as Request.text() reads it), within `limit`. */
export async function readBodyText(request: Request, limit = MAX_JSON_BYTES): Promise<string> {
  return new TextDecoder("utf-8").decode(await readBodyBytes(request, limit));
}

/**
 * The parsed JSON body: 400 invalid_json for a body that is not JSON (or sent as another type), 413
 * payload_too_large past `maxBytes` (MAX_JSON_BYTES unless the route takes more).
 */
export async function readJson(request: Request, options: { maxBytes?: number } = {}): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.toLowerCase().includes("application/json")) {
    throw new DomainError("invalid_json", "Send the body as JSON with Content-Type: application/json.");
  }
  const text = await readBodyText(request, options.maxBytes ?? MAX_JSON_BYTES);
  try {
    return JSON.parse(text);
  } catch {
    throw new DomainError("invalid_json", "The body is not valid JSON.");
  }
}

/**
 * The route's path segments, each checked against the shape of what it names (core/path-segments.ts): a segment
 * that cannot name anything (a NUL, a lone surrogate, a slug with spaces, a bib of 40 characters) is 404
 * not_found before any query.
 */
export async function pathParams<K extends string>(params: Promise<Record<K, string>>, shapes: Record<K, SegmentShape>): Promise<Record<K, string>> {
  const values = await params;
  for (const key of Object.keys(shapes) as K[]) {
    if (!hasShape(values[key], shapes[key])) throw new DomainError("not_found", `There is no such ${key === "id" ? "entry" : key}.`);
  }
  return values;
}

/**
 * A query parameter's value, or null when absent: 422 validation_failed with the parameter as the field when it
 * holds a control character or a lone surrogate (core/text.ts), or is longer than `max` characters.
 */
export function queryText(search: URLSearchParams, name: string, max = 200): string | null {
  const value = search.get(name);
  if (value === null) return null;
  const problem = valueProblem(value);
  if (problem) throw new DomainError("validation_failed", "The query is not valid; see the fields.", [{ path: name, key: problem }]);
  if (value.length > max) throw new DomainError("validation_failed", "The query is not valid; see the fields.", [{ path: name, key: "tooLong", params: { maximum: max } }]);
  return value;
}

/** The token's actor, or 401 unauthorized. */
export async function requireTokenActor(request: Request): Promise<Actor> {
  const header = request.headers.get("authorization");
  const actor = await authenticateToken(header);
  if (!actor) {
    throw new DomainError("unauthorized", header ? "The API token is not valid or was revoked." : "Send an API token: Authorization: Bearer <token>.");
  }
  return actor;
}

export function optionalTokenActor(request: Request): Promise<Actor | null> {
  return authenticateToken(request.headers.get("authorization"));
}
