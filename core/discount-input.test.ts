import { describe, expect, it } from "vitest";
import en from "../messages/en/errors.json";
import zh from "../messages/zh/errors.json";
import {
  discountCodeStatus,
  discountUsesLeft,
  normalizeDiscountCode,
  parseDiscountCodeInput,
  parseDiscountCodePatch,
  type DiscountContext,
  type StoredDiscountCode,
} from "./discount-input";
import type { FieldIssue } from "./validation";
import { TEST_NOW } from "../test/clock";

const CTX: DiscountContext = {
  timezone: "Asia/Shanghai",
  races: [
    { id: "r-half", slug: "half", currency: "CNY" },
    { id: "r-fun", slug: "fun-run", currency: "CNY" },
  ],
};

const keys = (issues: FieldIssue[]) => issues.map((i) => `${i.path}:${i.key}`);

function expectIssues(result: { ok: boolean; issues?: FieldIssue[] }): FieldIssue[] {
  expect(result.ok).toBe(false);
  return (result as { issues: FieldIssue[] }).issues;
}

describe("normalizeDiscountCode", () => {
  it("folds case, full-width forms and surrounding space", () => {
    expect(normalizeDiscountCode(" family10 ")).toBe("FAMILY10");
    expect(normalizeDiscountCode("ｆａｍｉｌｙ１０")).toBe("FAMILY10");
    expect(normalizeDiscountCode("Spring-2027")).toBe("SPRING-2027");
  });
});

describe("parseDiscountCodeInput", () => {
  it("normalizes a valid code: upper case, race slug to id, local times in the event's zone", () => {
    const parsed = parseDiscountCodeInput(
      { code: "family10", kind: "percent", value: 10, race: "fun-run", validFrom: "2026-11-01T10:00", validUntil: "2027-03-15T23:59:00+08:00", maxUses: 500 },
      CTX,
    );
    expect(parsed).toEqual({
      ok: true,
      value: {
        code: "FAMILY10",
        kind: "percent",
        value: 10,
        raceId: "r-fun",
        validFrom: new Date("2026-11-01T02:00:00.000Z"),
        validUntil: new Date("2027-03-15T15:59:00.000Z"),
        maxUses: 500,
      },
    });
  });

  it("defaults to every race, no window and no limit", () => {
    const parsed = parseDiscountCodeInput({ code: "VIP-2027", kind: "fixed", value: 2000 }, CTX);
    expect(parsed).toEqual({ ok: true, value: { code: "VIP-2027", kind: "fixed", value: 2000, raceId: null, validFrom: null, validUntil: null, maxUses: null } });
    const explicit = parseDiscountCodeInput({ code: "VIP-2027", kind: "fixed", value: 2000, race: null, validFrom: null, validUntil: null, maxUses: null }, CTX);
    expect(explicit).toEqual(parsed);
  });

  it("refuses codes that are too short, too long or use other characters", () => {
    expect(keys(expectIssues(parseDiscountCodeInput({ code: "AB", kind: "percent", value: 5 }, CTX)))).toEqual(["code:tooShort"]);
    expect(keys(expectIssues(parseDiscountCodeInput({ code: "A".repeat(33), kind: "percent", value: 5 }, CTX)))).toEqual(["code:tooLong"]);
    expect(keys(expectIssues(parseDiscountCodeInput({ code: "SPRING 10", kind: "percent", value: 5 }, CTX)))).toEqual(["code:discountCodeFormat"]);
    expect(keys(expectIssues(parseDiscountCodeInput({ code: "春季", kind: "percent", value: 5 }, CTX)))).toEqual(["code:tooShort", "code:discountCodeFormat"]);
    expect(keys(expectIssues(parseDiscountCodeInput({ code: "", kind: "percent", value: 5 }, CTX)))[0]).toBe("code:required");
    expect(keys(expectIssues(parseDiscountCodeInput({ kind: "percent", value: 5 }, CTX)))).toEqual(["code:required"]);
    // 32 characters of A–Z, 0–9 and hyphens is the longest.
    expect(parseDiscountCodeInput({ code: "ab-" + "9".repeat(29), kind: "percent", value: 5 }, CTX).ok).toBe(true);
  });

  it("keeps percentages within 1–100 and fixed amounts above zero, in whole minor units", () => {
    const at = (kind: string, value: unknown) => keys(expectIssues(parseDiscountCodeInput({ code: "CODE", kind, value }, CTX)));
    expect(at("percent", 0)).toEqual(["value:percentRange"]);
    expect(at("percent", 101)).toEqual(["value:percentRange"]);
    expect(at("percent", 12.5)).toEqual(["value:wholeNumber"]);
    expect(at("fixed", 0)).toEqual(["value:mustBeAbove"]);
    expect(at("fixed", -100)).toEqual(["value:mustBeAbove"]);
    expect(at("fixed", 100_000_001)).toEqual(["value:tooBig"]);
    expect(at("fixed", "20")).toEqual(["value:invalidType"]);
    expect(at("half", 10)).toEqual(["kind:oneOf"]);
    expect(parseDiscountCodeInput({ code: "CODE", kind: "percent", value: 100 }, CTX).ok).toBe(true);
    expect(parseDiscountCodeInput({ code: "CODE", kind: "percent", value: 1 }, CTX).ok).toBe(true);
    expect(parseDiscountCodeInput({ code: "CODE", kind: "fixed", value: 1 }, CTX).ok).toBe(true);
  });

  it("needs the race to be one of the event's, and a fixed amount for every race to have one currency", () => {
    expect(keys(expectIssues(parseDiscountCodeInput({ code: "CODE", kind: "percent", value: 5, race: "marathon" }, CTX)))).toEqual(["race:unknownRace"]);
    const mixed: DiscountContext = { ...CTX, races: [...CTX.races, { id: "r-usd", slug: "virtual", currency: "USD" }] };
    const issues = expectIssues(parseDiscountCodeInput({ code: "CODE", kind: "fixed", value: 500 }, mixed));
    expect(issues).toEqual([{ path: "race", key: "fixedNeedsOneCurrency", params: { currencies: "CNY, USD" } }]);
    expect(parseDiscountCodeInput({ code: "CODE", kind: "fixed", value: 500, race: "virtual" }, mixed).ok).toBe(true);
    expect(parseDiscountCodeInput({ code: "CODE", kind: "percent", value: 5 }, mixed).ok).toBe(true);
  });

  it("reads the window like the other date-time inputs and wants its end after its start", () => {
    const at = (validFrom: unknown, validUntil: unknown) => parseDiscountCodeInput({ code: "CODE", kind: "percent", value: 5, validFrom, validUntil }, CTX);
    expect(keys(expectIssues(at("2027-01-01", null)))).toEqual(["validFrom:instantFormat"]);
    expect(keys(expectIssues(at(null, "tomorrow")))).toEqual(["validUntil:instantFormat"]);
    expect(keys(expectIssues(at("2027-02-01T00:00", "2027-01-01T00:00")))).toEqual(["validUntil:endBeforeStart"]);
    expect(keys(expectIssues(at("2027-01-01T00:00", "2027-01-01T00:00")))).toEqual(["validUntil:endBeforeStart"]);
    // With an offset the instant is taken as is: 00:00Z is 08:00 in Shanghai.
    const offset = at("2027-01-01T00:00:00Z", "2027-01-01T08:30");
    expect(offset.ok && offset.value.validFrom?.toISOString()).toBe("2027-01-01T00:00:00.000Z");
  });

  it("wants a use limit of at least one, or none", () => {
    const at = (maxUses: unknown) => parseDiscountCodeInput({ code: "CODE", kind: "percent", value: 5, maxUses }, CTX);
    expect(keys(expectIssues(at(0)))).toEqual(["maxUses:tooSmall"]);
    expect(keys(expectIssues(at(2.5)))).toEqual(["maxUses:wholeNumber"]);
    expect(at(null).ok).toBe(true);
    expect(at(1).ok).toBe(true);
  });

  it("reports every problem at once, by field, including those the event's rules find", () => {
    const issues = expectIssues(parseDiscountCodeInput({ code: "x", kind: "fixed", value: 1.5, maxUses: -1 }, CTX));
    expect(keys(issues)).toEqual(expect.arrayContaining(["code:tooShort", "value:wholeNumber", "maxUses:tooSmall"]));
    const mixed = expectIssues(
      parseDiscountCodeInput({ code: "TWO WORDS", kind: "percent", value: 0, race: "relay", validFrom: "2027-02-01T00:00", validUntil: "2027-01-01T00:00" }, CTX),
    );
    expect(keys(mixed)).toEqual(["code:discountCodeFormat", "value:percentRange", "race:unknownRace", "validUntil:endBeforeStart"]);
    // A field zod refused is not checked again against the event.
    expect(keys(expectIssues(parseDiscountCodeInput({ code: "CODE", kind: "fixed", value: 10, race: 7 }, { ...CTX, races: [...CTX.races, { id: "u", slug: "u", currency: "USD" }] })))).toEqual([
      "race:invalidType",
    ]);
    expect(expectIssues(parseDiscountCodeInput("FAMILY10", CTX))).toEqual([{ path: "", key: "objectExpected" }]);
  });
});

describe("parseDiscountCodePatch", () => {
  const NOW = TEST_NOW;
  const stored = (overrides: Partial<StoredDiscountCode> = {}): StoredDiscountCode => ({
    code: "FAMILY10",
    kind: "percent",
    value: 10,
    raceId: "r-fun",
    validFrom: new Date("2026-11-01T02:00:00Z"),
    validUntil: new Date("2027-03-15T15:59:00Z"),
    maxUses: 500,
    usedCount: 0,
    ...overrides,
  });

  it("changes the window and the limit, keeping the rest", () => {
    const parsed = parseDiscountCodePatch({ validUntil: "2027-04-01T00:00", maxUses: null }, stored(), CTX, NOW);
    expect(parsed).toEqual({ ok: true, value: { ...withoutUses(stored()), validUntil: new Date("2027-03-31T16:00:00.000Z"), maxUses: null } });
    const cleared = parseDiscountCodePatch({ validFrom: null, validUntil: null }, stored(), CTX, NOW);
    expect(cleared.ok && [cleared.value.validFrom, cleared.value.validUntil]).toEqual([null, null]);
  });

  it("accepts the same code (any case) but refuses a new one", () => {
    expect(parseDiscountCodePatch({ code: "family10", maxUses: 20 }, stored(), CTX, NOW).ok).toBe(true);
    expect(keys(expectIssues(parseDiscountCodePatch({ code: "FAMILY20" }, stored(), CTX, NOW)))).toEqual(["code:codeFixed"]);
  });

  it("lets kind, value and race change only while the code is unused", () => {
    const unused = parseDiscountCodePatch({ kind: "fixed", value: 1500, race: null }, stored(), CTX, NOW);
    expect(unused.ok && unused.value).toMatchObject({ kind: "fixed", value: 1500, raceId: null });
    const used = expectIssues(parseDiscountCodePatch({ kind: "fixed", value: 1500, race: "half" }, stored({ usedCount: 3 }), CTX, NOW));
    expect(used).toEqual([
      { path: "kind", key: "changeAfterUse", params: { used: 3 } },
      { path: "value", key: "changeAfterUse", params: { used: 3 } },
      { path: "race", key: "changeAfterUse", params: { used: 3 } },
    ]);
    // Sending the stored values back is no change.
    expect(parseDiscountCodePatch({ kind: "percent", value: 10, race: "fun-run" }, stored({ usedCount: 3 }), CTX, NOW).ok).toBe(true);
    expect(keys(expectIssues(parseDiscountCodePatch({ value: 101 }, stored(), CTX, NOW)))).toEqual(["value:percentRange"]);
    expect(keys(expectIssues(parseDiscountCodePatch({ race: "relay" }, stored(), CTX, NOW)))).toEqual(["race:unknownRace"]);
  });

  it("never lowers the limit below the uses taken", () => {
    const below = expectIssues(parseDiscountCodePatch({ maxUses: 4 }, stored({ usedCount: 5 }), CTX, NOW));
    expect(below).toEqual([{ path: "maxUses", key: "maxUsesBelowUsed", params: { used: 5 } }]);
    const equal = parseDiscountCodePatch({ maxUses: 5 }, stored({ usedCount: 5 }), CTX, NOW);
    expect(equal.ok && equal.value.maxUses).toBe(5);
    expect(parseDiscountCodePatch({ maxUses: null }, stored({ usedCount: 5 }), CTX, NOW).ok).toBe(true);
  });

  it("ends the window now; a window not started yet starts and ends now; an ended one stays", () => {
    const ended = parseDiscountCodePatch({ endNow: true }, stored(), CTX, NOW);
    expect(ended.ok && ended.value).toMatchObject({ validFrom: stored().validFrom, validUntil: NOW });
    const future = parseDiscountCodePatch({ endNow: true }, stored({ validFrom: new Date("2027-01-01T00:00:00Z") }), CTX, NOW);
    expect(future.ok && [future.value.validFrom, future.value.validUntil]).toEqual([NOW, NOW]);
    const open = parseDiscountCodePatch({ endNow: true }, stored({ validFrom: null, validUntil: null }), CTX, NOW);
    expect(open.ok && [open.value.validFrom, open.value.validUntil]).toEqual([null, NOW]);
    const before = new Date("2026-11-20T00:00:00Z");
    const already = parseDiscountCodePatch({ endNow: true }, stored({ validUntil: before }), CTX, NOW);
    expect(already.ok && already.value.validUntil).toEqual(before);
    // An ended code can still get a new limit without its (empty) window being re-checked.
    const later = parseDiscountCodePatch({ maxUses: 600 }, stored({ validFrom: NOW, validUntil: NOW }), CTX, NOW);
    expect(later.ok).toBe(true);
    expect(keys(expectIssues(parseDiscountCodePatch({ endNow: true, validUntil: "2027-01-01T00:00" }, stored(), CTX, NOW)))).toEqual(["endNow:endNowConflict"]);
  });

  it("checks a new window against the stored end", () => {
    const issues = expectIssues(parseDiscountCodePatch({ validFrom: "2027-06-01T00:00" }, stored(), CTX, NOW));
    expect(keys(issues)).toEqual(["validUntil:endBeforeStart"]);
  });

  it("wants an object with fields of the right types", () => {
    expect(expectIssues(parseDiscountCodePatch([], stored(), CTX, NOW))).toEqual([{ path: "", key: "objectExpected" }]);
    expect(keys(expectIssues(parseDiscountCodePatch({ maxUses: "ten", endNow: "yes" }, stored(), CTX, NOW)))).toEqual(["maxUses:invalidType", "endNow:invalidType"]);
    // The other fields are still checked against the stored code.
    expect(keys(expectIssues(parseDiscountCodePatch({ maxUses: "ten", value: 500 }, stored(), CTX, NOW)))).toEqual(["maxUses:invalidType", "value:percentRange"]);
  });
});

function withoutUses(s: StoredDiscountCode) {
  return { code: s.code, kind: s.kind, value: s.value, raceId: s.raceId, validFrom: s.validFrom, validUntil: s.validUntil, maxUses: s.maxUses };
}

describe("discountCodeStatus and discountUsesLeft", () => {
  const NOW = TEST_NOW;
  const code = (o: Partial<{ validFrom: Date | null; validUntil: Date | null; maxUses: number | null; usedCount: number }> = {}) => ({
    validFrom: null,
    validUntil: null,
    maxUses: null,
    usedCount: 0,
    ...o,
  });

  it("follows registration's window [from, until) and the use count", () => {
    expect(discountCodeStatus(code(), NOW)).toBe("active");
    expect(discountCodeStatus(code({ validFrom: NOW }), NOW)).toBe("active");
    expect(discountCodeStatus(code({ validFrom: new Date(NOW.getTime() + 1) }), NOW)).toBe("scheduled");
    expect(discountCodeStatus(code({ validUntil: NOW }), NOW)).toBe("ended");
    expect(discountCodeStatus(code({ validUntil: new Date(NOW.getTime() + 1) }), NOW)).toBe("active");
    expect(discountCodeStatus(code({ maxUses: 3, usedCount: 3 }), NOW)).toBe("used_up");
    expect(discountCodeStatus(code({ maxUses: 3, usedCount: 3, validUntil: NOW }), NOW)).toBe("ended");
  });

  it("counts the uses left, none below zero", () => {
    expect(discountUsesLeft(code({ maxUses: 500, usedCount: 12 }))).toBe(488);
    expect(discountUsesLeft(code({ maxUses: 2, usedCount: 3 }))).toBe(0);
    expect(discountUsesLeft(code())).toBeNull();
  });
});

describe("discount validation messages", () => {
  it("has every key the parser can give in both languages", () => {
    for (const key of ["discountCodeFormat", "percentRange", "fixedNeedsOneCurrency", "codeFixed", "endNowConflict", "changeAfterUse", "maxUsesBelowUsed", "discountCodeTaken"]) {
      expect((en as Record<string, string>)[key], key).toBeTruthy();
      expect((zh as Record<string, string>)[key], key).toBeTruthy();
    }
  });
});
