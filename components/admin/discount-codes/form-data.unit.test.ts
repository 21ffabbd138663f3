import { describe, expect, it } from "vitest";
import { discountCodeFromForm } from "./form-data";

const cny = () => "CNY";

describe("discountCodeFromForm", () => {
  it("reads a percentage, a code for one race, a window and a use limit", () => {
    const form = discountCodeFromForm(
      { code: " family10 ", kind: "percent", value: "10", race: "fun-run", validFrom: "2026-11-01T10:00", validUntil: "", maxUses: "500" },
      cny,
    );
    expect(form).toEqual({
      input: { code: "family10", kind: "percent", value: 10, race: "fun-run", validFrom: "2026-11-01T10:00", validUntil: null, maxUses: 500 },
      issues: [],
    });
  });

  it("reads a fixed amount in the currency's main unit as minor units, with no limit when empty", () => {
    const form = discountCodeFromForm({ code: "TEAM", kind: "fixed", value: "20.50", race: "", maxUses: "" }, cny);
    expect(form.input).toMatchObject({ kind: "fixed", value: 2050, race: null, maxUses: null });
    const yen = discountCodeFromForm({ code: "TEAM", kind: "fixed", value: "500", race: "tokyo" }, (race) => (race === "tokyo" ? "JPY" : "CNY"));
    expect(yen.input.value).toBe(500);
    // Full-width digits, as a Chinese keyboard may type them; "1,000" uses.
    const wide = discountCodeFromForm({ code: "TEAM", kind: "percent", value: "１５%", maxUses: "1,000" }, cny);
    expect(wide.input).toMatchObject({ value: 15, maxUses: 1000 });
  });

  it("reports what it cannot read on its field and leaves the rest to core", () => {
    const form = discountCodeFromForm({ code: "", kind: "fixed", value: "twenty", maxUses: "lots" }, cny);
    expect(form.issues).toEqual([
      { path: "value", key: "priceFormat", ns: "admin" },
      { path: "maxUses", key: "notANumber", ns: "admin" },
    ]);
    expect(form.input).toMatchObject({ code: undefined, value: undefined, maxUses: undefined });
    expect(discountCodeFromForm({ kind: "percent", value: "ten" }, cny).issues).toEqual([{ path: "value", key: "notANumber", ns: "admin" }]);
    // A decimal percentage is read; core says it must be whole.
    expect(discountCodeFromForm({ kind: "percent", value: "12.5" }, cny).input.value).toBe(12.5);
  });
});
