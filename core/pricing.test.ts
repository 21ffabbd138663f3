import { describe, expect, it } from "vitest";
import { currentPriceTier, minorToMajorString } from "./pricing";

const tiers = [
  { priceCents: 10000, startsAt: null, endsAt: "2027-01-01T00:00:00.000Z", label: "Early" },
  { priceCents: 12000, startsAt: "2027-01-01T00:00:00.000Z", endsAt: null, label: "Standard" },
];

describe("currentPriceTier", () => {
  it("picks the tier whose window holds the instant; the end is exclusive", () => {
    expect(currentPriceTier(tiers, new Date("2026-12-31T23:59:59.999Z"))?.priceCents).toBe(10000);
    expect(currentPriceTier(tiers, new Date("2027-01-01T00:00:00.000Z"))?.priceCents).toBe(12000);
  });
  it("returns null in a gap and prefers the later start when windows overlap", () => {
    const gap = [{ priceCents: 1, startsAt: null, endsAt: "2027-01-01T00:00:00Z" }, { priceCents: 2, startsAt: "2027-02-01T00:00:00Z", endsAt: null }];
    expect(currentPriceTier(gap, new Date("2027-01-15T00:00:00Z"))).toBeNull();
    const overlap = [{ priceCents: 1, startsAt: null, endsAt: null }, { priceCents: 2, startsAt: "2027-02-01T00:00:00Z", endsAt: null }];
    expect(currentPriceTier(overlap, new Date("2027-03-01T00:00:00Z"))?.priceCents).toBe(2);
  });
});

describe("minorToMajorString", () => {
  it("formats minor units without float arithmetic", () => {
    expect(minorToMajorString(12000, "CNY")).toBe("120.00");
    expect(minorToMajorString(5, "CNY")).toBe("0.05");
    expect(minorToMajorString(-1999, "USD")).toBe("-19.99");
    expect(minorToMajorString(500, "JPY")).toBe("500");
  });
});
