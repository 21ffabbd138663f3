import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkOtherId, checkResidentId, maskIdNumber, residentIdCheckChar } from "./id-number";

describe("mainland resident ID (GB 11643)", () => {
  it("accepts the standard's worked example and agrees with the birth date", () => {
    // GB 11643-1999 appendix example: 11010519491231002X.
    expect(checkResidentId("11010519491231002X")).toBeNull();
    expect(checkResidentId("11010519491231002x", "1949-12-31")).toBeNull();
    expect(checkResidentId("11010519491231002X", "1949-12-30")).toBe("birthDate");
  });
  it("rejects a wrong check character, a bad length and an impossible date", () => {
    expect(checkResidentId("110105194912310021")).toBe("checksum");
    expect(checkResidentId("1101051949123100")).toBe("format");
    const feb30 = "11010519490230002";
    expect(checkResidentId(feb30 + residentIdCheckChar(feb30))).toBe("format");
  });
  it("detects every single-digit change in the first 17 digits", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const base = "11010519491231002X";
        const changed = base.slice(0, pos) + String((Number(base[pos]) + delta) % 10) + base.slice(pos + 1);
        expect(checkResidentId(changed)).not.toBeNull();
      }),
    );
  });
});

describe("other documents and masking", () => {
  it("checks formats", () => {
    expect(checkOtherId("passport", "E12345678")).toBe(true);
    expect(checkOtherId("passport", "!!")).toBe(false);
    expect(checkOtherId("hk_macau_permit", "H12345678")).toBe(true);
    expect(checkOtherId("taiwan_permit", "12345678")).toBe(true);
    expect(checkOtherId("taiwan_permit", "1234")).toBe(false);
  });
  it("masks all but the last four characters", () => {
    expect(maskIdNumber("11010519491231002X")).toBe("**************002X");
    expect(maskIdNumber("E1234")).toBe("*1234");
  });
});
