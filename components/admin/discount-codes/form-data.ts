/**
 * The discount-code form's FormData as the API's input (core/discount-input.ts): text only converts here (an
 * amount in major units to minor units, counts to numbers, empty to "none"); the rules stay in core.
 */
import type { FormIssue, FormValues } from "../form-data";
import { parseMajorAmount } from "../registrations/amount";

export interface DiscountCodeFormInput {
  code: string | undefined;
  kind: string | undefined;
  value: number | undefined;
  race: string | null;
  validFrom: string | null;
  validUntil: string | null;
  maxUses: number | null | undefined;
}

function text(values: FormValues, name: string): string | undefined {
  const v = (values[name] ?? "").normalize("NFKC").trim();
  return v === "" ? undefined : v;
}

/** A whole or decimal number as typed ("10", "12.5"); core says whether it must be whole. */
function number(v: string): number | null {
  return /^\d{1,12}$/.test(v) || /^\d{1,12}\.\d{1,6}$/.test(v) ? Number(v) : null;
}

/**
 * `currencyOf(race)` is the currency a fixed amount is typed in: the chosen race's, or the event's when the code is
 * for every race.
 */
export function discountCodeFromForm(values: FormValues, currencyOf: (race: string | null) => string): { input: DiscountCodeFormInput; issues: FormIssue[] } {
  const issues: FormIssue[] = [];
  const kind = text(values, "kind");
  const race = text(values, "race") ?? null;

  let value: number | undefined;
  const rawValue = text(values, "value");
  if (rawValue !== undefined) {
    const parsed = kind === "fixed" ? parseMajorAmount(rawValue, currencyOf(race)) : number(rawValue.replace(/%$/, "").trim());
    if (parsed === null) issues.push({ path: "value", key: kind === "fixed" ? "priceFormat" : "notANumber", ns: "admin" });
    else value = parsed;
  }

  let maxUses: number | null | undefined = null;
  const rawMax = text(values, "maxUses");
  if (rawMax !== undefined) {
    maxUses = number(rawMax.replace(/[,，\s]/g, "")) ?? undefined;
    if (maxUses === undefined) issues.push({ path: "maxUses", key: "notANumber", ns: "admin" });
  }

  return {
    input: {
      code: text(values, "code"),
      kind,
      value,
      race,
      validFrom: text(values, "validFrom") ?? null,
      validUntil: text(values, "validUntil") ?? null,
      maxUses,
    },
    issues,
  };
}
