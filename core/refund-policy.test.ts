import { describe, expect, it } from "vitest";
import { ownCancellationRefund, refundAmount, refundPercentAt } from "./refund-policy";

describe("refund policy", () => {
  const policy = [
    { until: "2027-03-01T00:00:00Z", percent: 50 },
    { until: "2027-01-01T00:00:00Z", percent: 100 },
  ];

  it("takes the first step still ahead, in date order whatever order the steps are written in, and nothing after the last", () => {
    expect(refundPercentAt(policy, new Date("2026-12-31T23:59:59Z"))).toBe(100);
    expect(refundPercentAt(policy, new Date("2027-01-01T00:00:00Z"))).toBe(50);
    expect(refundPercentAt(policy, new Date("2027-03-01T00:00:00Z"))).toBe(0);
    expect(refundPercentAt([], new Date("2026-01-01T00:00:00Z"))).toBe(0);
  });

  it("rounds a refund down to whole minor units", () => {
    expect(refundAmount(12001, 50)).toBe(6000);
    expect(refundAmount(0, 100)).toBe(0);
  });

  it("never gives a runner's own cancellation more than the order still has to refund", () => {
    expect(ownCancellationRefund(12000, 100, 18000)).toBe(12000);
    expect(ownCancellationRefund(12000, 100, 8000)).toBe(8000);
    expect(ownCancellationRefund(12000, 50, 8000)).toBe(6000);
    expect(ownCancellationRefund(12000, 100, 0)).toBe(0);
  });
});
