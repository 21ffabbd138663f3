/**
 * The HTTP edge of API v1: JSON in, JSON out, errors as `{ "error": { "code", "message", "fields"?, "details"? } }`
 * (DESIGN.md section 6). Field messages are English (messages/en/errors.json); the keys are stable.
 */
import "server-only";
import { issuesToFields } from "../../core/validation";
import { isDatabaseUnavailable } from "../../db";
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

/** The parsed JSON body, or 400 invalid_json / 415 for a body that is not JSON. */
export async function readJson(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.toLowerCase().includes("application/json")) {
    throw new DomainError("invalid_json", "Send the body as JSON with Content-Type: application/json.");
  }
  try {
    return await request.json();
  } catch {
    throw new DomainError("invalid_json", "The body is not valid JSON.");
  }
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
