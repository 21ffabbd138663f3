import { describe, expect, it } from "vitest";
import { Admissions } from "./admission";
import { PlaceBook } from "./places";

const line = (index: number, raceId: string, idKey: string) => ({ index, raceId, idKey });

describe("admitting orders one by one", () => {
  it("refuses an order without a place for every line, naming those lines' races", () => {
    const admissions = new Admissions(new PlaceBook(new Map([["half", 5], ["fun", 1]]), new Map([["half", 0], ["fun", 1]])), []);
    expect(admissions.refusal([line(0, "half", "passport:A"), line(1, "fun", "passport:B")])).toEqual({
      code: "sold_out",
      issues: [{ path: "participants.1.race", key: "soldOut" }],
    });
  });

  it("refuses a document that is already live, naming its lines", () => {
    const admissions = new Admissions(new PlaceBook(new Map([["half", 5]]), new Map()), ["passport:A"]);
    expect(admissions.refusal([line(0, "half", "passport:B"), line(1, "half", "passport:A")])).toEqual({
      code: "duplicate_entry",
      issues: [{ path: "participants.1.idNumber", key: "duplicateEntry" }],
    });
  });

  it("checks places before documents", () => {
    const admissions = new Admissions(new PlaceBook(new Map([["half", 0]]), new Map()), ["passport:A"]);
    expect(admissions.refusal([line(0, "half", "passport:A")])?.code).toBe("sold_out");
  });

  it("counts an admitted order's places and documents against the orders after it, and a refused one's not at all", () => {
    const admissions = new Admissions(new PlaceBook(new Map([["half", 2]]), new Map()), []);
    const family = [line(0, "half", "passport:A"), line(1, "half", "passport:B")];
    expect(admissions.refusal(family)).toBeNull();
    admissions.admit(family);
    expect(admissions.refusal([line(0, "half", "passport:C")])?.code).toBe("sold_out");

    const roomy = new Admissions(new PlaceBook(new Map([["half", 3]]), new Map()), []);
    roomy.admit([line(0, "half", "passport:A")]);
    expect(roomy.refusal([line(0, "half", "passport:A")])?.code).toBe("duplicate_entry");
    // Only checked, never admitted: the next order still finds its places.
    expect(roomy.refusal([line(0, "half", "passport:B"), line(1, "half", "passport:C"), line(2, "half", "passport:D")])?.code).toBe("sold_out");
    expect(roomy.refusal([line(0, "half", "passport:B"), line(1, "half", "passport:C")])).toBeNull();
  });
});
