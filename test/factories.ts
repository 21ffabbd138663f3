/** Valid inputs to start from; tests change one thing and expect one error. Shared with e2e where useful. */
export function raceInput(overrides: Record<string, unknown> = {}) {
  return {
    slug: "half",
    name: { en: "Half Marathon", zh: "半程马拉松" },
    distanceMeters: 21097.5,
    capacity: 100,
    priceCents: 12000,
    minAge: 18,
    maxAge: 75,
    startTime: "2027-04-18T07:30",
    rankBy: "gun",
    bibRanges: [{ from: 1, to: 100 }],
    waves: [{ name: "A", startTime: "2027-04-18T07:30" }],
    ...overrides,
  };
}

export function eventInput(overrides: Record<string, unknown> = {}) {
  return {
    slug: "test-half-2027",
    name: { en: "Test Half 2027", zh: "测试半程马拉松" },
    date: "2027-04-18",
    timezone: "Asia/Shanghai",
    status: "published",
    registrationOpensAt: "2026-11-01T10:00",
    registrationClosesAt: "2027-03-15T23:59",
    races: [raceInput(), raceInput({ slug: "fun-run", name: { en: "Fun Run", zh: "欢乐跑" }, distanceMeters: 3500, minAge: 6, maxAge: 80, priceCents: 6000, bibRanges: [{ from: 10001, to: 10100 }] })],
    ...overrides,
  };
}
