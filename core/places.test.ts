import { describe, expect, it } from "vitest";
import { REGISTRATION_STATUSES, type RegistrationStatus } from "./domain";
import { PlaceBook, claimOfEntry, counterChange, effectiveStatus, entryTakesPlace, hasRunOut, placesLeft, takesPlace } from "./places";

const NOW = new Date("2026-12-01T04:00:00Z");
const before = new Date(NOW.getTime() - 1);
const after = new Date(NOW.getTime() + 1);

describe("a taken place", () => {
  it("is taken by a confirmed entry and by a hold that has not run out, by nothing else", () => {
    const taking = (status: RegistrationStatus, holdExpiresAt: Date | null) => entryTakesPlace({ status, holdExpiresAt }, NOW);
    expect(taking("confirmed", null)).toBe(true);
    expect(taking("confirmed", before)).toBe(true);
    expect(taking("held", after)).toBe(true);
    // A hold runs out at its expiry, inclusive: from that instant its place is free, swept or not.
    expect(taking("held", NOW)).toBe(false);
    expect(taking("held", before)).toBe(false);
    // A hold without an expiry of its own holds its place until it is released.
    expect(taking("held", null)).toBe(true);
    for (const status of ["cancelled", "refunded", "transferred", "expired"] as const) {
      expect(taking(status, null)).toBe(false);
      expect(taking(status, after)).toBe(false);
    }
  });

  it("has two kinds of claim, so an offer with an expiry (issue 15) is one more claimOf…", () => {
    expect(takesPlace({ kind: "firm", expiresAt: before }, NOW)).toBe(true);
    expect(takesPlace({ kind: "until_expiry", expiresAt: after }, NOW)).toBe(true);
    expect(takesPlace({ kind: "until_expiry", expiresAt: NOW }, NOW)).toBe(false);
    expect(takesPlace(null, NOW)).toBe(false);
    expect(claimOfEntry({ status: "held", holdExpiresAt: after })).toEqual({ kind: "until_expiry", expiresAt: after });
    expect(claimOfEntry({ status: "confirmed", holdExpiresAt: null })).toEqual({ kind: "firm", expiresAt: null });
    expect(claimOfEntry({ status: "expired", holdExpiresAt: before })).toBeNull();
  });

  it("reads a hold that ran out as expired, and every other status as it is", () => {
    expect(hasRunOut(null, NOW)).toBe(false);
    expect(hasRunOut(NOW, NOW)).toBe(true);
    expect(hasRunOut(after, NOW)).toBe(false);
    expect(effectiveStatus({ status: "held", holdExpiresAt: NOW }, NOW)).toBe("expired");
    expect(effectiveStatus({ status: "held", holdExpiresAt: after }, NOW)).toBe("held");
    expect(effectiveStatus({ status: "held", holdExpiresAt: null }, NOW)).toBe("held");
    expect(effectiveStatus({ status: "confirmed", holdExpiresAt: before }, NOW)).toBe("confirmed");
    expect(effectiveStatus({ status: "cancelled", holdExpiresAt: before }, NOW)).toBe("cancelled");
  });

  it("moves the seat counter only when an entry starts or stops holding a claim", () => {
    expect(counterChange(null, "held")).toBe(1);
    expect(counterChange(null, "confirmed")).toBe(1);
    expect(counterChange("held", "confirmed")).toBe(0);
    expect(counterChange("held", "expired")).toBe(-1);
    expect(counterChange("held", "cancelled")).toBe(-1);
    expect(counterChange("confirmed", "refunded")).toBe(-1);
    expect(counterChange("confirmed", "cancelled")).toBe(-1);
    expect(counterChange("expired", "confirmed")).toBe(1);
    expect(counterChange("cancelled", "confirmed")).toBe(1);
    expect(counterChange("refunded", "cancelled")).toBe(0);
    // The counter and the rule agree: an entry moves the counter exactly when it starts or stops taking a place
    // with a running hold.
    for (const from of REGISTRATION_STATUSES) {
      for (const to of REGISTRATION_STATUSES) {
        const taking = (s: RegistrationStatus) => Number(entryTakesPlace({ status: s, holdExpiresAt: after }, NOW));
        expect(counterChange(from, to), `${from} → ${to}`).toBe(taking(to) - taking(from));
      }
    }
  });
});

describe("places left and the shortfall", () => {
  it("never counts places left below zero", () => {
    expect(placesLeft(10, 3)).toBe(7);
    expect(placesLeft(10, 12)).toBe(0);
  });

  it("gives a family all its seats or none", () => {
    const book = new PlaceBook(new Map([["half", 10], ["fun", 2]]), new Map([["half", 9], ["fun", 1]]));
    expect(book.shortfall(["half", "fun"])).toEqual([]);
    expect(book.shortfall(["half", "fun", "fun"])).toEqual(["fun"]);
    // An unknown race has no places.
    expect(book.shortfall(["marathon"])).toEqual(["marathon"]);
  });

  it("counts what an order takes against the orders after it", () => {
    const book = new PlaceBook(new Map([["half", 2]]), new Map([["half", 0]]));
    expect(book.shortfall(["half", "half"])).toEqual([]);
    book.take(["half"]);
    expect(book.left("half")).toBe(1);
    expect(book.shortfall(["half", "half"])).toEqual(["half"]);
    expect(book.shortfall(["half"])).toEqual([]);
    book.take(["half"]);
    expect(book.takenIn("half")).toBe(2);
    expect(book.shortfall(["half"])).toEqual(["half"]);
  });
});
