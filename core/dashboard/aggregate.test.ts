import { describe, expect, it } from "vitest";
import { ageBandOf, aggregateEntries, compareSizes, dayInZone, nextDay, revenueByCurrency, type EntryFact, type RaceFact } from "./aggregate";

const ZONE = "Asia/Shanghai";
const NOW = new Date("2026-12-05T04:00:00Z");
const half: RaceFact = { id: "r1", slug: "half", name: { en: "Half", zh: "半马" }, capacity: 10, raceDate: "2027-04-18" };
const fun: RaceFact = { id: "r2", slug: "fun", name: { en: "Fun", zh: "欢乐跑" }, capacity: 3, raceDate: "2027-04-18" };

function entry(overrides: Partial<EntryFact> = {}): EntryFact {
  return {
    raceId: "r1",
    status: "confirmed",
    holdExpiresAt: null,
    createdAt: new Date("2026-12-01T04:00:00Z"),
    confirmedAt: new Date("2026-12-01T04:05:00Z"),
    gender: "M",
    birthDate: "1990-05-20",
    nationality: "CN",
    tshirtSize: "M",
    ...overrides,
  };
}

describe("dayInZone and nextDay", () => {
  it("gives the calendar date in the event's timezone, not UTC's", () => {
    expect(dayInZone(new Date("2026-12-01T15:59:59Z"), ZONE)).toBe("2026-12-01");
    expect(dayInZone(new Date("2026-12-01T16:00:00Z"), ZONE)).toBe("2026-12-02");
    expect(dayInZone(new Date("2026-12-01T16:00:00Z"), "America/New_York")).toBe("2026-12-01");
  });
  it("steps over month and leap-year ends", () => {
    expect(nextDay("2026-12-31")).toBe("2027-01-01");
    expect(nextDay("2028-02-28")).toBe("2028-02-29");
    expect(nextDay("2027-02-28")).toBe("2027-03-01");
  });
});

describe("ageBandOf", () => {
  it("makes ten-year bands with an open top band", () => {
    expect(ageBandOf(0)).toEqual({ band: "0-9", from: 0 });
    expect(ageBandOf(9)).toEqual({ band: "0-9", from: 0 });
    expect(ageBandOf(10)).toEqual({ band: "10-19", from: 10 });
    expect(ageBandOf(39)).toEqual({ band: "30-39", from: 30 });
    expect(ageBandOf(80)).toEqual({ band: "80+", from: 80 });
    expect(ageBandOf(97)).toEqual({ band: "80+", from: 80 });
  });
});

describe("compareSizes", () => {
  it("lists children's heights, then letters small to large, then the rest, then no size", () => {
    const sizes = ["XL", null, "M", "140", "S", "Custom", "110", "XXL", "XS", "L"];
    expect([...sizes].sort(compareSizes)).toEqual(["110", "140", "XS", "S", "M", "L", "XL", "XXL", "Custom", null]);
  });
});

describe("aggregateEntries", () => {
  it("counts seats per race: confirmed, running holds, cancelled, refunded, places left", () => {
    const entries = [
      entry(),
      entry(),
      entry({ status: "held", confirmedAt: null, holdExpiresAt: new Date(NOW.getTime() + 60_000) }),
      entry({ status: "held", confirmedAt: null, holdExpiresAt: new Date(NOW.getTime() - 1) }), // ran out: no seat
      entry({ status: "expired", confirmedAt: null }),
      entry({ status: "cancelled" }),
      entry({ status: "refunded" }),
      entry({ raceId: "r2", birthDate: "2018-01-01", tshirtSize: "120" }),
      entry({ raceId: "r2" }),
      entry({ raceId: "r2", status: "held", confirmedAt: null, holdExpiresAt: new Date(NOW.getTime() + 1) }),
      entry({ raceId: "unknown" }), // another event's race: ignored
    ];
    const figures = aggregateEntries(entries, [half, fun], ZONE, NOW);
    expect(figures.races).toEqual([
      { slug: "half", name: half.name, capacity: 10, confirmed: 2, held: 1, cancelled: 1, refunded: 1, placesLeft: 7 },
      { slug: "fun", name: fun.name, capacity: 3, confirmed: 2, held: 1, cancelled: 0, refunded: 0, placesLeft: 0 },
    ]);
    expect(figures.totals).toEqual({ capacity: 13, confirmed: 4, held: 2, cancelled: 1, refunded: 1, placesLeft: 7 });
  });

  it("never shows fewer than 0 places left when a race's capacity was lowered below its entries", () => {
    const figures = aggregateEntries([entry(), entry(), entry({ raceId: "r2" }), entry({ raceId: "r2" }), entry({ raceId: "r2" }), entry({ raceId: "r2" })], [half, fun], ZONE, NOW);
    expect(figures.races[1]).toMatchObject({ confirmed: 4, placesLeft: 0 });
  });

  it("counts entries per day in the event's timezone, quiet days included, confirmed by their confirmation day", () => {
    const figures = aggregateEntries(
      [
        // 23:30 in Shanghai on 1 December, confirmed at 00:30 on the 2nd.
        entry({ createdAt: new Date("2026-12-01T15:30:00Z"), confirmedAt: new Date("2026-12-01T16:30:00Z") }),
        entry({ createdAt: new Date("2026-12-01T02:00:00Z"), confirmedAt: new Date("2026-12-01T02:10:00Z") }),
        // Made on the 1st, cancelled later: made that day, not counted as confirmed.
        entry({ createdAt: new Date("2026-12-01T03:00:00Z"), status: "cancelled" }),
        entry({ createdAt: new Date("2026-12-04T01:00:00Z"), confirmedAt: null, status: "expired" }),
      ],
      [half],
      ZONE,
      NOW,
    );
    expect(figures.registrationsPerDay).toEqual([
      { date: "2026-12-01", created: 3, confirmed: 1 },
      { date: "2026-12-02", created: 0, confirmed: 1 },
      { date: "2026-12-03", created: 0, confirmed: 0 },
      { date: "2026-12-04", created: 1, confirmed: 0 },
    ]);
    expect(figures.registrationsPerDay.reduce((s, d) => s + d.confirmed, 0)).toBe(figures.totals.confirmed);
  });

  it("counts shirts, the age and gender pyramid and nationalities among confirmed entries only", () => {
    const figures = aggregateEntries(
      [
        entry({ tshirtSize: "L", gender: "F", birthDate: "1987-04-18", nationality: "HK" }), // 40 on race day
        entry({ tshirtSize: "L", gender: "M", birthDate: "1987-04-19", nationality: "CN" }), // 39 on race day
        entry({ tshirtSize: null, gender: "X", birthDate: "1960-01-01", nationality: "CN" }), // 67
        entry({ tshirtSize: "S", gender: "F", status: "held", confirmedAt: null, holdExpiresAt: new Date(NOW.getTime() + 60_000), nationality: "US" }),
        entry({ tshirtSize: "S", gender: "F", status: "cancelled", nationality: "US" }),
        entry({ raceId: "r2", tshirtSize: "120", gender: "F", birthDate: "2019-05-01", nationality: "US" }), // 7
      ],
      [half, fun],
      ZONE,
      NOW,
    );
    expect(figures.shirtSizes).toEqual([
      { slug: "half", name: half.name, sizes: [{ size: "L", count: 2 }, { size: null, count: 1 }], total: 3 },
      { slug: "fun", name: fun.name, sizes: [{ size: "120", count: 1 }], total: 1 },
    ]);
    expect(figures.pyramid).toEqual([
      { band: "0-9", from: 0, M: 0, F: 1, X: 0 },
      { band: "10-19", from: 10, M: 0, F: 0, X: 0 },
      { band: "20-29", from: 20, M: 0, F: 0, X: 0 },
      { band: "30-39", from: 30, M: 1, F: 0, X: 0 },
      { band: "40-49", from: 40, M: 0, F: 1, X: 0 },
      { band: "50-59", from: 50, M: 0, F: 0, X: 0 },
      { band: "60-69", from: 60, M: 0, F: 0, X: 1 },
    ]);
    expect(figures.nationalities).toEqual([
      { nationality: "CN", count: 2 },
      { nationality: "HK", count: 1 },
      { nationality: "US", count: 1 },
    ]);
  });

  it("has empty lists for an event without entries", () => {
    const figures = aggregateEntries([], [half], ZONE, NOW);
    expect(figures.registrationsPerDay).toEqual([]);
    expect(figures.pyramid).toEqual([]);
    expect(figures.nationalities).toEqual([]);
    expect(figures.shirtSizes).toEqual([{ slug: "half", name: half.name, sizes: [], total: 0 }]);
    expect(figures.races[0]).toMatchObject({ confirmed: 0, held: 0, placesLeft: 10 });
  });
});

describe("revenueByCurrency", () => {
  it("adds payments and refunds per currency in minor units", () => {
    expect(
      revenueByCurrency(
        [
          { currency: "CNY", amountCents: 12000 },
          { currency: "USD", amountCents: 2500 },
          { currency: "CNY", amountCents: 6000 },
        ],
        [
          { currency: "CNY", amountCents: 3001 },
          { currency: "JPY", amountCents: 500 },
        ],
      ),
    ).toEqual([
      { currency: "CNY", gross: 18000, refunded: 3001, net: 14999 },
      { currency: "JPY", gross: 0, refunded: 500, net: -500 },
      { currency: "USD", gross: 2500, refunded: 0, net: 2500 },
    ]);
  });
});
