import { describe, expect, it } from "vitest";
import { registrationState } from "./registration-window";

const opensAt = new Date("2026-11-01T02:00:00Z");
const closesAt = new Date("2027-03-15T15:59:00Z");

describe("registrationState", () => {
  it("is not yet open before the opening, open from it, closed from the closing", () => {
    expect(registrationState({ opensAt, closesAt }, new Date("2026-11-01T01:59:59Z"))).toBe("not_yet_open");
    expect(registrationState({ opensAt, closesAt }, opensAt)).toBe("open");
    expect(registrationState({ opensAt, closesAt }, closesAt)).toBe("closed");
  });
  it("treats missing bounds as open-ended and a closed event as closed", () => {
    expect(registrationState({ opensAt: null, closesAt: null }, new Date())).toBe("open");
    expect(registrationState({ opensAt: null, closesAt: null, eventClosed: true }, new Date())).toBe("closed");
  });
});
