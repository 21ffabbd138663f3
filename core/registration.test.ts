import { describe, expect, it } from "vitest";
import { discountPerLine } from "./discount";
import { isOrderCode, orderCodeFrom } from "./order-code";
import { refundAmount, refundPercentAt } from "./refund-policy";
import { checkParticipants, parseRegistrationInput } from "./registration-input";

const races = [
  { id: "r-half", slug: "half", minAge: 18, maxAge: 75 },
  { id: "r-fun", slug: "fun-run", minAge: 6, maxAge: 80 },
];

const adult = {
  race: "half",
  familyName: "王",
  givenName: "小明",
  latinName: "Wang Xiaoming",
  gender: "M",
  birthDate: "1949-12-31",
  nationality: "cn",
  idType: "cn_resident_id",
  idNumber: "11010519491231002X",
  phone: "+86 138 0013 8000",
  emergencyContact: { name: "李华", phone: "+86 139 0000 0000" },
  tshirtSize: "L",
};

function parse(participants: unknown[], extra: Record<string, unknown> = {}) {
  const parsed = parseRegistrationInput({ email: "Parent@Example.com", acceptTerms: true, participants, ...extra });
  if (!parsed.ok) return parsed;
  return checkParticipants(parsed.value.participants, races, "2027-04-18", "2026-11-28");
}

describe("registration rules", () => {
  it("accepts a valid adult and normalises the document", () => {
    const checked = parse([{ ...adult, race: "fun-run", idNumber: "110105 19491231 002x" }]);
    expect(checked.ok && checked.value[0]).toMatchObject({ raceId: "r-fun", idKey: "cn_resident_id:11010519491231002X", ageOnRaceDay: 77, nationality: "CN" });
  });

  it("refuses typed text with control characters, broken characters or nothing visible, on the field", () => {
    const keyOf = (overrides: Record<string, unknown>) => {
      const parsed = parseRegistrationInput({ email: "a@example.com", acceptTerms: true, participants: [{ ...adult, ...overrides }] });
      return parsed.ok ? null : parsed.issues.map((i) => `${i.path}:${i.key}`);
    };
    expect(keyOf({ familyName: "王\r\n" + "芳" })).toEqual(["participants.0.familyName:textControl"]);
    expect(keyOf({ givenName: "小\u001B[1m明" })).toEqual(["participants.0.givenName:textControl"]);
    expect(keyOf({ givenName: "小明\u0007" })).toEqual(["participants.0.givenName:textControl"]);
    expect(keyOf({ familyName: "\u200B\u200B" })).toEqual(["participants.0.familyName:textInvisible"]);
    expect(keyOf({ familyName: "\uD800" })).toEqual(["participants.0.familyName:textEncoding"]);
    expect(keyOf({ emergencyContact: { name: "\u0000", phone: "+86 139 0000 0000" } })).toEqual(["participants.0.emergencyContact.name:textControl"]);
    expect(keyOf({ familyName: "𠮷".repeat(60) })).toBeNull();
    expect(keyOf({ familyName: "𠮷".repeat(61) })).toEqual(["participants.0.familyName:tooLong"]);
  });

  it("takes ISO 3166 codes only (Hong Kong, Macao and Taiwan among them) and emails of at most 254 characters", () => {
    for (const code of ["HK", "mo", "TW", "CN"]) expect(parse([{ ...adult, race: "fun-run", nationality: code }]).ok, code).toBe(true);
    const xx = parseRegistrationInput({ email: "a@example.com", acceptTerms: true, participants: [{ ...adult, nationality: "XX" }] });
    expect(xx.ok || xx.issues).toEqual([{ path: "participants.0.nationality", key: "countryUnknown" }]);
    const local = (n: number) => `${"a".repeat(60)}@${Array.from({ length: 4 }, () => "b".repeat(40)).join(".")}.${"c".repeat(n - 60 - 1 - 164 - 4)}.com`;
    expect(local(254)).toHaveLength(254);
    expect(parseRegistrationInput({ email: local(254), acceptTerms: true, participants: [adult] }).ok).toBe(true);
    const tooLong = parseRegistrationInput({ email: local(255), acceptTerms: true, participants: [adult] });
    expect(tooLong.ok || tooLong.issues).toEqual([{ path: "email", key: "tooLong", params: { maximum: 254 } }]);
  });

  it("refuses a 77-year-old in a race capped at 75, with the age in the message params", () => {
    const checked = parse([adult]);
    expect(!checked.ok && checked.issues).toEqual([{ path: "participants.0.birthDate", key: "ageAboveMax", params: { max: 75, age: 77 } }]);
  });

  it("refuses a bad check digit and an ID that disagrees with the birth date", () => {
    const bad = parse([{ ...adult, race: "fun-run", idNumber: "110105194912310021" }]);
    expect(!bad.ok && bad.issues.map((i) => i.key)).toEqual(["idChecksum"]);
    const other = parse([{ ...adult, race: "fun-run", birthDate: "1950-01-01" }]);
    expect(!other.ok && other.issues.map((i) => i.key)).toContain("idBirthDateMismatch");
  });

  it("needs a consenting guardian for a minor", () => {
    const child = { ...adult, race: "fun-run", idType: "passport", idNumber: "E00000001", birthDate: "2016-06-01" };
    expect(!parse([child]).ok && (parse([child]) as { issues: { key: string }[] }).issues.map((i) => i.key)).toEqual(["guardianRequired"]);
    const noConsent = parse([{ ...child, guardian: { name: "王先生", phone: "+86 138 0000 0000", idNumber: "11010519491231002X", consent: false } }]);
    expect(!noConsent.ok && noConsent.issues.map((i) => i.key)).toEqual(["guardianConsentRequired"]);
    const ok = parse([{ ...child, guardian: { name: "王先生", phone: "+86 138 0000 0000", idNumber: "11010519491231002X", consent: true } }]);
    expect(ok.ok && ok.value[0]).toMatchObject({ isMinor: true, ageOnRaceDay: 10 });
  });

  it("refuses the same document twice in one order, unknown races, missing terms", () => {
    const twice = parse([{ ...adult, race: "fun-run" }, { ...adult, race: "fun-run" }]);
    expect(!twice.ok && twice.issues).toEqual([{ path: "participants.1.idNumber", key: "duplicateInOrder", params: { other: 1 } }]);
    const unknown = parse([{ ...adult, race: "marathon" }]);
    expect(!unknown.ok && unknown.issues[0]).toEqual({ path: "participants.0.race", key: "unknownRace" });
    const terms = parseRegistrationInput({ email: "a@b.cn", acceptTerms: false, participants: [adult] });
    expect(!terms.ok && terms.issues).toEqual([{ path: "acceptTerms", key: "mustAcceptTerms" }]);
  });
});

describe("discounts, refunds, codes", () => {
  it("applies percent and fixed discounts per line, capped at the price", () => {
    const lines = [{ raceId: "half", priceCents: 12000 }, { raceId: "fun", priceCents: 6000 }];
    expect(discountPerLine(lines, { kind: "percent", value: 15, raceId: null })).toEqual([1800, 900]);
    expect(discountPerLine(lines, { kind: "percent", value: 100, raceId: "fun" })).toEqual([0, 6000]);
    expect(discountPerLine(lines, { kind: "fixed", value: 8000, raceId: null })).toEqual([8000, 6000]);
    expect(discountPerLine([{ raceId: "x", priceCents: 999 }], { kind: "percent", value: 33, raceId: null })).toEqual([329]);
  });
  it("follows the refund policy by date", () => {
    const policy = [{ until: "2027-03-01T00:00:00Z", percent: 50 }, { until: "2027-02-01T00:00:00Z", percent: 100 }];
    expect(refundPercentAt(policy, new Date("2027-01-15T00:00:00Z"))).toBe(100);
    expect(refundPercentAt(policy, new Date("2027-02-15T00:00:00Z"))).toBe(50);
    expect(refundPercentAt(policy, new Date("2027-03-01T00:00:00Z"))).toBe(0);
    expect(refundAmount(12001, 50)).toBe(6000);
  });
  it("makes readable order codes", () => {
    const code = orderCodeFrom(new Uint8Array([0, 1, 31, 32, 200, 17, 18, 255]));
    expect(code).toBe("FL-01Z08HJZ");
    expect(isOrderCode(code)).toBe(true);
    expect(isOrderCode("FL-01Z08HJI")).toBe(false);
  });
});
