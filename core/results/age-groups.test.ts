import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ageBand, ageGroupLabels, ageGroupOf, ageOnRaceDay, checkAgeGroupBounds } from "./age-groups";
import { first } from "../lists";

const BOSTON = [18, 40, 45, 50, 55, 60, 65, 70, 75, 80];

describe("ageGroupOf", () => {
  it("labels gender and band from the lower bounds, the last one open", () => {
    expect(ageGroupOf("M", 18, BOSTON)).toBe("M18-39");
    expect(ageGroupOf("M", 39, BOSTON)).toBe("M18-39");
    expect(ageGroupOf("F", 40, BOSTON)).toBe("F40-44");
    expect(ageGroupOf("F", 44, BOSTON)).toBe("F40-44");
    expect(ageGroupOf("F", 79, BOSTON)).toBe("F75-79");
    expect(ageGroupOf("F", 80, BOSTON)).toBe("F80+");
    expect(ageGroupOf("M", 101, BOSTON)).toBe("M80+");
    expect(ageGroupOf("X", 45, BOSTON)).toBe("X45-49");
  });

  it("puts nobody in a group below the first bound, or without an age or gender", () => {
    expect(ageGroupOf("M", 17, BOSTON)).toBeNull();
    expect(ageGroupOf("M", null, BOSTON)).toBeNull();
    expect(ageGroupOf(null, 30, BOSTON)).toBeNull();
    expect(ageGroupOf("F", 30, [])).toBeNull();
    expect(ageGroupOf("F", 12, [0, 18, 40])).toBe("F0-17");
  });

  it("gives each age at or above the first bound the one band whose range holds it", () => {
    const bounds = fc.uniqueArray(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 12 }).map((b) => b.sort((x, y) => x - y));
    fc.assert(
      fc.property(bounds, fc.integer({ min: 0, max: 120 }), (b, age) => {
        const band = ageBand(age, b);
        if (age < first(b)) {
          expect(band).toBeNull();
          return;
        }
        const [, from, to] = /^(\d+)(?:-(\d+)|\+)$/.exec(band as string) ?? [];
        expect(Number(from)).toBeLessThanOrEqual(age);
        if (to !== undefined) expect(age).toBeLessThanOrEqual(Number(to));
        else expect(Number(from)).toBe(b[b.length - 1]);
        expect(b).toContain(Number(from));
      }),
    );
  });
});

describe("checkAgeGroupBounds", () => {
  it("accepts increasing whole numbers and says what is wrong otherwise", () => {
    expect(checkAgeGroupBounds(BOSTON)).toBeNull();
    expect(checkAgeGroupBounds([])).toBeNull();
    expect(checkAgeGroupBounds([18, 40, 40])).toMatch(/increase/);
    expect(checkAgeGroupBounds([40, 18])).toMatch(/increase/);
    expect(checkAgeGroupBounds([18.5])).toMatch(/whole number/);
    expect(checkAgeGroupBounds([-1])).toMatch(/whole number/);
  });
});

describe("ageGroupLabels", () => {
  it("lists every group of each gender, youngest first", () => {
    expect(ageGroupLabels([18, 40, 80], ["F", "M"])).toEqual(["F18-39", "F40-79", "F80+", "M18-39", "M40-79", "M80+"]);
    expect(ageGroupLabels(BOSTON)).toHaveLength(30);
  });
});

describe("ageOnRaceDay", () => {
  it("prefers the birth date and falls back to the given age", () => {
    expect(ageOnRaceDay({ age: 99, birthDate: "1986-04-21" }, "2026-04-20")).toBe(39);
    expect(ageOnRaceDay({ age: 40, birthDate: null }, "2026-04-20")).toBe(40);
    expect(ageOnRaceDay({ age: null, birthDate: null }, "2026-04-20")).toBeNull();
  });
});
