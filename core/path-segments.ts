/**
 * The shapes of the API's path segments (docs/api.md "Errors"): a segment of another shape cannot name anything,
 * so the API answers 404 for it without asking the database (and a NUL or a lone surrogate never reaches one).
 * Each shape is the rule the value was stored under.
 */
import { isDiscountCode } from "./discount-input";
import { isSlug } from "./event-input";
import { isOrderCode } from "./order-code";
import { isResultBib } from "./bibs";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Row ids (entries, orders): UUIDs. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export const SEGMENT_SHAPES = {
  /** An event's or a race's slug (core/event-input.ts). */
  slug: isSlug,
  /** `FL-` and 8 characters (core/order-code.ts), exactly as issued. */
  orderCode: isOrderCode,
  /** A discount code in any case or full-width form (core/discount-input.ts). */
  discountCode: isDiscountCode,
  /** A result's bib in any case (core/results/types.ts). */
  bib: isResultBib,
  /** An entry's id. */
  id: isUuid,
} as const satisfies Record<string, (value: string) => boolean>;

export type SegmentShape = keyof typeof SEGMENT_SHAPES;

export function hasShape(value: unknown, shape: SegmentShape): value is string {
  return typeof value === "string" && SEGMENT_SHAPES[shape](value);
}
