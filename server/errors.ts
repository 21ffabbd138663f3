/**
 * Expected failures carry a stable code (the API's `error.code`) and an HTTP status. Validation failures carry
 * field issues as translatable keys; the API renders them in English, the admin pages in the user's language.
 */
import type { FieldIssue } from "../core/validation";

export type ErrorCode =
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "validation_failed"
  | "invalid_json"
  | "duplicate_slug"
  | "duplicate_code"
  | "bib_ranges_overlap"
  | "rate_limited"
  | "conflict"
  | "sold_out"
  | "duplicate_entry"
  | "registration_closed"
  | "payment_unavailable"
  | "refund_not_allowed"
  | "bad_signature"
  | "already_collected"
  | "not_confirmed"
  | "bib_taken"
  | "invalid_results_file"
  | "unsupported_media_type"
  | "idempotency_key_reused"
  | "idempotency_key_in_use"
  | "payload_too_large"
  | "bad_request";

const STATUS: Record<ErrorCode, number> = {
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  validation_failed: 422,
  invalid_json: 400,
  duplicate_slug: 409,
  duplicate_code: 409,
  bib_ranges_overlap: 409,
  rate_limited: 429,
  conflict: 409,
  sold_out: 409,
  duplicate_entry: 409,
  registration_closed: 409,
  payment_unavailable: 503,
  refund_not_allowed: 409,
  bad_signature: 400,
  already_collected: 409,
  not_confirmed: 409,
  bib_taken: 409,
  invalid_results_file: 422,
  unsupported_media_type: 415,
  idempotency_key_reused: 422,
  idempotency_key_in_use: 409,
  payload_too_large: 413,
  bad_request: 400,
};

export class DomainError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues: FieldIssue[] = [],
    /** Facts a client can act on, e.g. when and where a packet was already collected (the API's `error.details`). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "DomainError";
    this.status = STATUS[code];
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}
