import type { PriceTier } from "./domain";

/**
 * The tier in force at `at`: the tier whose window contains it; when windows overlap, the one that started last.
 * Null when no tier applies (e.g. between an early-bird end and a late tier's start).
 */
export function currentPriceTier(tiers: PriceTier[], at: Date): PriceTier | null {
  const t = at.getTime();
  const inForce = tiers.filter(
    (tier) => (tier.startsAt === null || Date.parse(tier.startsAt) <= t) && (tier.endsAt === null || t < Date.parse(tier.endsAt)),
  );
  inForce.sort((a, b) => (a.startsAt ? Date.parse(a.startsAt) : -Infinity) - (b.startsAt ? Date.parse(b.startsAt) : -Infinity));
  return inForce.at(-1) ?? null;
}

/** Currencies with no minor unit (amounts are then whole units). */
const ZERO_DECIMAL = new Set(["JPY", "KRW", "VND", "CLP", "ISK", "UGX", "XAF", "XOF"]);

/** Amount in minor units as a decimal string of major units, e.g. 12000 CNY → "120.00". No float arithmetic. */
export function minorToMajorString(amountMinor: number, currency: string): string {
  if (ZERO_DECIMAL.has(currency.toUpperCase())) return String(amountMinor);
  const sign = amountMinor < 0 ? "-" : "";
  const abs = Math.abs(amountMinor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}
