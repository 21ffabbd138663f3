import { describe, expect, it } from "vitest";
import { formatInZone, isCalendarDate, isValidTimezone, parseInstant, toLocalInputValue } from "./time";

describe("time in an event's timezone", () => {
  it("reads local times in the zone and keeps explicit offsets", () => {
    expect(parseInstant("2027-04-18T07:30", "Asia/Shanghai")?.toISOString()).toBe("2027-04-17T23:30:00.000Z");
    expect(parseInstant("2027-04-18T07:30:00+02:00", "Asia/Shanghai")?.toISOString()).toBe("2027-04-18T05:30:00.000Z");
    expect(parseInstant("2027-04-18T07:30:00Z", "Asia/Shanghai")?.toISOString()).toBe("2027-04-18T07:30:00.000Z");
  });
  it("rejects what is not a date-time", () => {
    for (const bad of ["tomorrow", "07:30", "2027-04-18", "2027-02-30T07:00", "0.1245"]) expect(parseInstant(bad, "UTC")).toBeNull();
  });
  it("formats back with the zone's offset", () => {
    const t = new Date("2027-04-17T23:30:00Z");
    expect(formatInZone(t, "Asia/Shanghai")).toBe("2027-04-18T07:30:00+08:00");
    expect(toLocalInputValue(t, "Asia/Shanghai")).toBe("2027-04-18T07:30");
  });
  it("knows zones and calendar dates", () => {
    expect(isValidTimezone("Asia/Shanghai")).toBe(true);
    expect(isValidTimezone("Mars/Olympus")).toBe(false);
    expect(isCalendarDate("2027-04-18")).toBe(true);
    expect(isCalendarDate("2027-02-29")).toBe(false);
  });
});
