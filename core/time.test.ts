import fc from "fast-check";
import { DateTime } from "luxon";
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
    expect(isCalendarDate("2028-02-29")).toBe(true);
    expect(isCalendarDate("1900-02-29")).toBe(false);
    expect(isCalendarDate("2000-02-29")).toBe(true);
    expect(isCalendarDate("0050-03-01")).toBe(true);
    for (const bad of ["2027-13-01", "2027-00-10", "2027-04-31", "2027-04-00", "2027-4-18", "27-04-18", " 2027-04-18", "2027-04-18T00:00", ""]) {
      expect(isCalendarDate(bad), bad).toBe(false);
    }
  });
  it("agrees with luxon on every YYYY-MM-DD, existing or not", () => {
    const twoDigits = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, "0"));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), twoDigits, twoDigits, (y, mm, dd) => {
        const value = `${String(y).padStart(4, "0")}-${mm}-${dd}`;
        expect(isCalendarDate(value)).toBe(DateTime.fromISO(value, { zone: "UTC" }).isValid);
      }),
      { numRuns: 20_000 },
    );
  });
});
