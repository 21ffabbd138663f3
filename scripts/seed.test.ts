/**
 * The demo seed works whatever day it runs (docs/testing.md "Time"): seeded on the day the suite runs, a year
 * and three years later, on a leap day, and late on a Saturday night in Shanghai, the demo event is open for
 * registration, race day is a Sunday about four months ahead, a family registers with the demo's discount code
 * at the early-bird price, and the standard price applies after the early bird ends. Each case sets the system
 * clock (test/clock.ts) and goes through the same code as the app: nothing here passes a clock of its own.
 * CI also runs this file with the whole process's clock a year ahead (scripts/test.sh, faketime).
 */
import { DateTime } from "luxon";
import { beforeEach, describe, expect, it } from "vitest";
import { residentId, participant, registrationBody } from "../test/factories";
import { realNow, setTestClock } from "../test/clock";
import { resetDatabase } from "../test/db";
import { CLI_ACTOR } from "../server/actor";
import { presentEvent } from "../server/events/present";
import { getPublicEvent } from "../server/events/queries";
import { registerEntries } from "../server/registration/register";
import { DEMO_EVENT_SLUG, demoEventName, seedDemoEvent } from "./seed";
import { first, present } from "../core/lists";

const DAY = 86_400_000;

const moments: [string, () => number][] = [
  ["the day the suite runs", () => realNow()],
  ["a year after the suite runs", () => realNow() + 365 * DAY],
  ["three years after the suite runs", () => realNow() + 3 * 365 * DAY],
  ["a leap day, just before midnight in Shanghai", () => Date.parse("2028-02-29T15:59:30Z")],
  ["a Saturday at 23:59 in Shanghai", () => Date.parse("2031-03-15T15:59:00Z")],
];

describe(`the demo seed on ${process.env.TEST_ENGINE}`, () => {
  beforeEach(async () => {
    await resetDatabase();
    process.env.RATE_LIMIT_REGISTRATIONS_PER_MINUTE = "0";
    (await import("../server/env")).resetEnvForTests();
  });

  for (const [name, at] of moments) {
    it(`opens registration when seeded on ${name}`, async () => {
      const now = at();
      setTestClock(now);
      expect(await seedDemoEvent(CLI_ACTOR)).toBe(true);
      expect(await seedDemoEvent(CLI_ACTOR)).toBe(false);

      const event = presentEvent(present(await getPublicEvent(DEMO_EVENT_SLUG)));
      expect(event.registrationState).toBe("open");
      const today = DateTime.fromMillis(now, { zone: "Asia/Shanghai" }).startOf("day");
      const raceDay = DateTime.fromISO(event.date, { zone: "Asia/Shanghai" });
      expect(raceDay.weekday).toBe(7);
      const daysAhead = raceDay.diff(today, "days").days;
      expect(daysAhead).toBeGreaterThanOrEqual(120);
      expect(daysAhead).toBeLessThan(127);
      expect(event.name).toEqual(demoEventName(raceDay.year));
      expect(event.races.map((r) => [r.slug, r.priceCents, r.placesLeft])).toEqual([
        ["half", 10000, 6000],
        ["fun-run", 6000, 2000],
      ]);

      // A parent in the half and a child of 10 in the fun run, with the demo's discount code: 100 + 60 × 0.9.
      const childBirth = present(raceDay.minus({ years: 10, days: 3 }).toISODate());
      const family = registrationBody(
        [
          participant({ birthDate: raceDay.minus({ years: 40 }).toISODate() }),
          participant({
            race: "fun-run",
            givenName: "小雨",
            latinName: "Zhang Xiaoyu",
            gender: "F",
            birthDate: childBirth,
            idType: "cn_resident_id",
            idNumber: residentId(childBirth, 7, true),
            tshirtSize: "130",
            predictedFinishSeconds: undefined,
            guardian: { name: "张伟", phone: "+86 138 0013 8000", idNumber: "E99999999", consent: true },
          }),
        ],
        { discountCode: "FAMILY10" },
      );
      const placed = await registerEntries(DEMO_EVENT_SLUG, family, { clientIp: null });
      expect(placed.order.totalCents).toBe(10000 + 5400);
      expect(placed.registrations.map((r) => [r.race, r.status])).toEqual([
        ["half", "held"],
        ["fun-run", "held"],
      ]);

      // After the early bird: the standard price, and registration still open.
      const earlyBirdEnds = Date.parse(present(first(first(event.races).priceTiers).endsAt, "the early bird's end"));
      expect(earlyBirdEnds).toBeGreaterThan(now);
      setTestClock(earlyBirdEnds + 60_000);
      const later = await registerEntries(DEMO_EVENT_SLUG, registrationBody([participant()]), { clientIp: null });
      expect(later.order.totalCents).toBe(12000);
      expect(presentEvent(present(await getPublicEvent(DEMO_EVENT_SLUG))).registrationState).toBe("open");
    });
  }
});
