import { describe, expect, it } from "vitest";
import { eventInput, raceInput } from "../test/factories";
import { bibRangeConflicts, parseEventInput, parseRaceInput } from "./event-input";
import { first } from "./lists";

describe("parseEventInput", () => {
  it("normalises a valid event: defaults, local times in the event zone, exact distance", () => {
    const parsed = parseEventInput(eventInput({ timezone: undefined }));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.event.timezone).toBe("Asia/Shanghai");
    const race = first(parsed.value.races);
    expect(race.distanceMeters).toBe(21097.5);
    expect(race.currency).toBe("CNY");
    expect(race.ageGroupBounds).toEqual([18, 40, 45, 50, 55, 60, 65, 70, 75, 80]);
    expect(race.priceTiers).toEqual([{ priceCents: 12000, startsAt: null, endsAt: null, label: null }]);
    expect(parsed.value.event.registrationOpensAt?.toISOString()).toBe("2026-11-01T02:00:00.000Z");
  });

  it("reports every problem with its field path", () => {
    const parsed = parseEventInput(
      eventInput({ slug: "Bad Slug", date: "2027-13-01", races: [raceInput({ capacity: 1.5, currency: "yuan" }), raceInput()] }),
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const paths = parsed.issues.map((i) => `${i.path}:${i.key}`);
    expect(paths).toEqual(expect.arrayContaining(["slug:slugFormat", "races.0.capacity:wholeNumber", "races.0.currency:currencyFormat"]));
    const again = parseEventInput(eventInput({ races: [raceInput(), raceInput()] }));
    expect(!again.ok && again.issues.map((i) => `${i.path}:${i.key}`)).toContain("races.1.slug:duplicate");
    const dateOnly = parseEventInput(eventInput({ date: "2027-13-01" }));
    expect(!dateOnly.ok && dateOnly.issues).toEqual([{ path: "date", key: "dateFormat" }]);
  });

  it("requires a price and rejects a tier that ends before it starts", () => {
    const noPrice = parseRaceInput({ ...raceInput(), priceCents: undefined }, "UTC");
    expect(!noPrice.ok && noPrice.issues).toEqual([{ path: "priceCents", key: "required" }]);
    const backwards = parseRaceInput(raceInput({ priceTiers: [{ priceCents: 1, startsAt: "2027-02-01T00:00", endsAt: "2027-01-01T00:00" }] }), "UTC");
    expect(!backwards.ok && backwards.issues).toEqual([{ path: "priceTiers.0.endsAt", key: "endBeforeStart" }]);
  });
});

describe("bibRangeConflicts", () => {
  it("reports a candidate's overlap with another race on the candidate's field", () => {
    const conflicts = bibRangeConflicts(
      [{ race: "ten-k", prefix: "", ranges: [{ from: 1, to: 10, reserved: false }, { from: 500, to: 600, reserved: false }] }],
      [{ race: "half", ranges: [{ from: 550, to: 6000, reserved: false }] }],
    );
    expect(conflicts).toEqual([{ path: "bibRanges.1", key: "bibRangeOverlap", params: { race: "half", from: 550, to: 6000 } }]);
  });
});
