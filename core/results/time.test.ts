import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatPace, formatRaceTime, formatRaceTimeExact, paceSeconds, parseRaceTime } from "./time";

const ms = (text: string) => {
  const parsed = parseRaceTime(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.ms;
};
const message = (text: string) => {
  const parsed = parseRaceTime(text);
  if (parsed.ok) throw new Error(`${text} was accepted`);
  return parsed.message;
};

describe("parseRaceTime", () => {
  it("reads h:mm:ss, h:mm:ss.f and mm:ss to the millisecond", () => {
    expect(ms("2:09:17")).toBe(7_757_000);
    expect(ms("02:09:17")).toBe(7_757_000);
    expect(ms("0:14:43")).toBe(883_000);
    expect(ms("2:09:17.1")).toBe(7_757_100);
    expect(ms("2:09:17.12")).toBe(7_757_120);
    expect(ms("2:09:17.123")).toBe(7_757_123);
    expect(ms("19:59")).toBe(1_199_000);
    expect(ms("4:05.5")).toBe(245_500);
    expect(ms(" 1:00:00 ")).toBe(3_600_000);
    expect(ms("0:00:00")).toBe(0);
  });

  it("reads times of 10 hours and more", () => {
    expect(ms("12:03:04")).toBe(12 * 3_600_000 + 3 * 60_000 + 4_000);
    expect(ms("100:00:00")).toBe(360_000_000);
  });

  it("treats - and an empty cell as a missing time", () => {
    expect(ms("-")).toBeNull();
    expect(ms("")).toBeNull();
    expect(ms("  ")).toBeNull();
  });

  it("refuses a spreadsheet day fraction, without guessing a time from it", () => {
    expect(message("0.124548611")).toBe('"0.124548611" looks like a spreadsheet day fraction, not a time; write times as h:mm:ss, h:mm:ss.f or mm:ss');
    expect(message("0.1245")).toMatch(/day fraction/);
    expect(message("7757")).toMatch(/is a number, not a time/);
    expect(message("1.5")).toMatch(/is a number, not a time/);
  });

  it("refuses negative times, out-of-range minutes and seconds, and malformed text, with a reason", () => {
    expect(message("-0:01:00")).toMatch(/negative/);
    expect(message("1:60:00")).toMatch(/minutes must be 00 to 59/);
    expect(message("1:00:60")).toMatch(/seconds must be 00 to 59/);
    expect(message("75:30")).toMatch(/60 minutes or more must be written as h:mm:ss/);
    expect(message("4:60")).toMatch(/seconds must be 00 to 59/);
    expect(message("1:5:00")).toMatch(/two digits/);
    expect(message("1:05:0")).toMatch(/two digits/);
    expect(message("1:05:00.1234")).toMatch(/1 to 3 digits/);
    expect(message("1:05:00.")).toMatch(/1 to 3 digits/);
    expect(message("1000:00:00")).toMatch(/too many hours/);
    expect(message("2h09m17s")).toMatch(/not a time/);
    expect(message("1:02:03,5")).toMatch(/not a time/);
    expect(message("1:02:03:04")).toMatch(/not a time/);
    expect(message("DNF")).toMatch(/not a time/);
    expect(message(".")).toMatch(/not a time/);
    expect(message("１:02:03")).toMatch(/not a time/); // full-width digit
  });

  it("reads back every exact format, and h:mm:ss with any fraction digits, to the millisecond", () => {
    const time = fc.integer({ min: 0, max: 999 * 3_600_000 + 3_599_999 });
    fc.assert(
      fc.property(time, (t) => {
        expect(ms(formatRaceTimeExact(t))).toBe(t);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 999 }), (h, m, s, f) => {
        const digits = String(f).padStart(3, "0");
        for (const cut of [1, 2, 3]) {
          const fraction = digits.slice(0, cut);
          const text = `${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}.${fraction}`;
          expect(ms(text)).toBe(((h * 60 + m) * 60 + s) * 1000 + Number(fraction.padEnd(3, "0")));
        }
      }),
    );
  });

  it("never throws, and accepts nothing that is not one of the documented shapes", () => {
    const shape = /^[0-9]{1,3}:[0-5][0-9]:[0-5][0-9]$|^[0-5]?[0-9]:[0-5][0-9]$/;
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."0123456789:.-, ab".split("")), maxLength: 14 }), (text) => {
        const parsed = parseRaceTime(text);
        const value = text.trim();
        if (parsed.ok) expect(value === "" || value === "-" || shape.test(value.replace(/\.[0-9]{1,3}$/, ""))).toBe(true);
        else expect(parsed.message.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe("formatRaceTime", () => {
  it("rounds up to the whole second and always shows hours", () => {
    expect(formatRaceTime(7_757_000)).toBe("2:09:17");
    expect(formatRaceTime(7_757_001)).toBe("2:09:18");
    expect(formatRaceTime(7_756_999)).toBe("2:09:17");
    expect(formatRaceTime(5_025_000)).toBe("1:23:45");
    expect(formatRaceTime(1_199_000)).toBe("0:19:59");
    expect(formatRaceTime(0)).toBe("0:00:00");
    expect(formatRaceTime(43_384_500)).toBe("12:03:05");
  });

  it("is never earlier than the time and less than a second later", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 * 3_600_000 }), (t) => {
        const shown = ms(formatRaceTime(t)) as number;
        expect(shown).toBeGreaterThanOrEqual(t);
        expect(shown - t).toBeLessThan(1000);
      }),
    );
  });
});

describe("pace", () => {
  it("gives seconds per km or mile, shown rounded up", () => {
    expect(paceSeconds(3_000_000, 10_000, "km")).toBe(300);
    expect(formatPace(3_000_000, 10_000, "km")).toBe("5:00 /km");
    expect(formatPace(2_990_000, 10_000, "km")).toBe("4:59 /km");
    expect(formatPace(2_990_001, 10_000, "km")).toBe("5:00 /km");
    // Boston 2015 winner: 2:09:17 over a marathon, published pace 0:04:56 per mile.
    expect(formatPace(7_757_000, 42_195, "mi")).toBe("4:56 /mi");
    expect(formatPace(7_757_000, 42_195, "km")).toBe("3:04 /km");
    // A walker at over an hour per km.
    expect(formatPace(3_723_000, 1_000, "km")).toBe("1:02:03 /km");
  });

  it("does not add a second for float noise on an exact pace", () => {
    // 4:59 per km over a half marathon: 299 s * 21.0975 = 6307.1525 s
    expect(formatPace(6_307_152.5, 21_097.5, "km")).toBe("4:59 /km");
    fc.assert(
      fc.property(fc.integer({ min: 120, max: 1200 }), fc.integer({ min: 1, max: 100 }), (perKm, km) => {
        expect(formatPace(perKm * km * 1000, km * 1000, "km")).toBe(`${Math.floor(perKm / 60)}:${String(perKm % 60).padStart(2, "0")} /km`);
      }),
    );
  });
});
