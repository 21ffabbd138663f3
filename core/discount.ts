/** Discount codes: percent or fixed amount off each entry of the races they apply to. Integer money only. */
import type { DiscountKind } from "./domain";

export interface DiscountRule {
  kind: DiscountKind;
  /** Percent (1–100) or an amount in minor units. */
  value: number;
  /** Applies to this race only; null for every race of the event. */
  raceId: string | null;
}

export interface PricedLine {
  raceId: string;
  priceCents: number;
}

/** The discount on each line, never more than the line's price; percent discounts round down to the minor unit. */
export function discountPerLine(lines: PricedLine[], rule: DiscountRule): number[] {
  return lines.map((line) => {
    if (rule.raceId !== null && rule.raceId !== line.raceId) return 0;
    const off = rule.kind === "percent" ? Math.floor((line.priceCents * rule.value) / 100) : rule.value;
    return Math.min(line.priceCents, Math.max(0, off));
  });
}
