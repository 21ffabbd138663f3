import { describe, expect, it } from "vitest";
import { ageOnDate } from "./age";

describe("ageOnDate", () => {
  it("counts completed years on the race day", () => {
    expect(ageOnDate("1990-04-18", "2027-04-18")).toBe(37); // birthday on race day
    expect(ageOnDate("1990-04-19", "2027-04-18")).toBe(36); // birthday the day after
    expect(ageOnDate("2009-04-18", "2027-04-18")).toBe(18);
    expect(ageOnDate("2009-04-19", "2027-04-18")).toBe(17);
  });
  it("treats 29 February birthdays as turning older on 1 March in common years", () => {
    expect(ageOnDate("2008-02-29", "2027-02-28")).toBe(18);
    expect(ageOnDate("2008-02-29", "2027-03-01")).toBe(19);
    expect(ageOnDate("2008-02-29", "2028-02-29")).toBe(20);
  });
});
