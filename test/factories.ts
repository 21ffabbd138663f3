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

/** A valid mainland resident ID for a birth date (YYYY-MM-DD), with a sequence number to make it unique. */
export function residentId(birthDate: string, sequence: number, female = false): string {
  const seq = String(((sequence * 2) % 1000) + (female ? 0 : 1)).padStart(3, "0");
  const first17 = `330106${birthDate.replaceAll("-", "")}${seq}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((total, weight, i) => total + Number(first17[i]) * weight, 0);
  return first17 + "10X98765432".charAt(sum % 11);
}

let passportCounter = 0;

/** One participant of a registration body; unique passport numbers unless an ID is given. */
export function participant(overrides: Record<string, unknown> = {}) {
  passportCounter += 1;
  return {
    race: "half",
    familyName: "张",
    givenName: "伟",
    latinName: "Zhang Wei",
    gender: "M",
    birthDate: "1990-05-20",
    nationality: "CN",
    idType: "passport",
    idNumber: `E${String(passportCounter).padStart(8, "0")}`,
    phone: "+86 138 0013 8000",
    emergencyContact: { name: "李娜", phone: "+86 139 0000 0000" },
    tshirtSize: "M",
    predictedFinishSeconds: 6600,
    ...overrides,
  };
}

export function registrationBody(participants: unknown[], overrides: Record<string, unknown> = {}) {
  return { email: "runner@example.com", locale: "zh", acceptTerms: true, participants, ...overrides };
}
