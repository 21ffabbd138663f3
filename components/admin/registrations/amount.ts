/**
 * An amount typed in major units ("50", "50.5", "¥50.50", "５０") as integer minor units for `currency`, by
 * string arithmetic (no float rounding). Null when it is not a plain amount for that currency.
 */
export function parseMajorAmount(text: string, currency: string): number | null {
  const digits = fractionDigits(currency);
  const v = text
    .normalize("NFKC")
    .trim()
    .replace(/^[¥$€£]|^[A-Za-z]{3}/, "")
    .replace(/[\s_]/g, "");
  const [whole = "", fraction = "", ...rest] = v.split("."); // split answers at least one part
  if (rest.length > 0 || !/^\d{1,9}$/.test(whole) || fraction.length > digits || !/^\d*$/.test(fraction)) return null;
  if (digits === 0) return v.includes(".") && fraction !== "" ? null : Number.parseInt(whole, 10);
  return Number.parseInt(whole, 10) * 10 ** digits + Number.parseInt(fraction.padEnd(digits, "0"), 10);
}

/** How many minor-unit digits the currency has (2 for CNY, 0 for JPY). */
export function fractionDigits(currency: string): number {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}
