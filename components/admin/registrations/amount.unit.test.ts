import { describe, expect, it } from "vitest";
import { parseMajorAmount } from "./amount";

describe("parseMajorAmount", () => {
  it("reads plain amounts in major units as minor units, without float rounding", () => {
    expect(parseMajorAmount("50", "CNY")).toBe(5000);
    expect(parseMajorAmount("50.5", "CNY")).toBe(5050);
    expect(parseMajorAmount(" 120.07 ", "CNY")).toBe(12007);
    expect(parseMajorAmount("0.29", "CNY")).toBe(29); // 0.29 * 100 is 28.999… in floating point
    expect(parseMajorAmount("¥1 000.00", "CNY")).toBe(100000);
    expect(parseMajorAmount("CNY 60", "CNY")).toBe(6000);
    expect(parseMajorAmount("５０．５", "CNY")).toBe(5050); // full-width, as Chinese input methods type it
    expect(parseMajorAmount("500", "JPY")).toBe(500);
  });

  it("refuses what is not a plain amount for the currency", () => {
    for (const bad of ["", "abc", "-5", "5.123", "1.2.3", "5,50", "1e3", "50.5", "12345678901"]) {
      expect(parseMajorAmount(bad, bad === "50.5" ? "JPY" : "CNY"), bad).toBeNull();
    }
  });
});
