import { describe, expect, it } from "vitest";
import { isOnSale, isOpenForEntry, raceAvailability } from "./open-for-entry";
import { registrationState } from "./registration-window";

describe("raceAvailability", () => {
  it("is not_on_sale without a price in force, whatever the places", () => {
    expect(raceAvailability({ priceCents: null, placesLeft: 10 })).toBe("not_on_sale");
    expect(raceAvailability({ priceCents: null, placesLeft: 0 })).toBe("not_on_sale");
  });

  it("is sold_out with no place left, open otherwise (a free race is on sale)", () => {
    expect(raceAvailability({ priceCents: 10000, placesLeft: 0 })).toBe("sold_out");
    expect(raceAvailability({ priceCents: 10000, placesLeft: -1 })).toBe("sold_out");
    expect(raceAvailability({ priceCents: 0, placesLeft: 1 })).toBe("open");
  });
});

describe("isOpenForEntry", () => {
  const race = { priceCents: 10000, placesLeft: 5 };
  const window = { opensAt: new Date("2026-03-01T00:00:00Z"), closesAt: new Date("2026-04-01T00:00:00Z") };

  it("needs the event's window open and the race available", () => {
    expect(isOpenForEntry(registrationState(window, new Date("2026-03-15T00:00:00Z")), race)).toBe(true);
    expect(isOpenForEntry(registrationState(window, new Date("2026-02-28T23:59:59Z")), race)).toBe(false);
    expect(isOpenForEntry(registrationState(window, new Date("2026-04-01T00:00:00Z")), race)).toBe(false);
    expect(isOpenForEntry(registrationState({ ...window, eventClosed: true }, new Date("2026-03-15T00:00:00Z")), race)).toBe(false);
    expect(isOpenForEntry("open", { ...race, placesLeft: 0 })).toBe(false);
    expect(isOpenForEntry("open", { ...race, priceCents: null })).toBe(false);
  });
});

describe("isOnSale", () => {
  it("is isOpenForEntry without the places, which a cached page leaves to the browser", () => {
    expect(isOnSale("open", { priceCents: 10000 })).toBe(true);
    expect(isOnSale("open", { priceCents: null })).toBe(false);
    expect(isOnSale("closed", { priceCents: 10000 })).toBe(false);
    for (const placesLeft of [0, 1, 50]) {
      for (const priceCents of [null, 0, 10000]) {
        for (const state of ["open", "closed", "not_yet_open"] as const) {
          expect(isOpenForEntry(state, { priceCents, placesLeft })).toBe(isOnSale(state, { priceCents }) && placesLeft > 0);
        }
      }
    }
  });
});
