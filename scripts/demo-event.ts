/**
 * The demo event: a city half marathon modelled on a Chinese road race, with a family fun run, as data. Its dates are
 * relative to the day it is made (scripts/event-dates.ts): race day a Sunday about four months ahead, registration
 * open since yesterday, the early-bird price for 30 more days. scripts/seed.ts creates it; the e2e specs read its
 * names from here (this file imports no server code, so a spec may import it).
 */
import { eventDatesFrom } from "./event-dates";

export const DEMO_EVENT_SLUG = "west-lake-half";

/** The demo event's name for a race day in `year`. */
export function demoEventName(year: number): { en: string; zh: string } {
  return { en: `West Lake Half Marathon ${year}`, zh: `${year} 西湖半程马拉松` };
}

export function demoEventInput(now: Date) {
  const d = eventDatesFrom(now);
  return {
    slug: DEMO_EVENT_SLUG,
    name: demoEventName(d.year),
    date: d.date,
    timezone: "Asia/Shanghai",
    venue: { en: "Huanglong Sports Centre", zh: "黄龙体育中心" },
    city: { en: "Hangzhou", zh: "杭州" },
    description: {
      en: "A half marathon around West Lake: flat, fast and green, with a 3.5 km fun run for families.",
      zh: "环西湖半程马拉松：赛道平坦、风景秀丽，另设 3.5 公里家庭欢乐跑。",
    },
    status: "published",
    registrationOpensAt: d.registrationOpensAt,
    registrationClosesAt: d.registrationClosesAt,
    races: [
      {
        slug: "half",
        name: { en: "Half Marathon", zh: "半程马拉松" },
        distanceMeters: 21097.5,
        capacity: 6000,
        currency: "CNY",
        priceTiers: [
          { priceCents: 10000, startsAt: null, endsAt: d.earlyBirdEndsAt, label: "Early bird" },
          { priceCents: 12000, startsAt: d.earlyBirdEndsAt, endsAt: null, label: "Standard" },
        ],
        minAge: 18,
        maxAge: 75,
        startTime: d.at("07:30"),
        rankBy: "gun",
        ageGroupBounds: [18, 30, 40, 45, 50, 55, 60, 65, 70, 75],
        // Bibs in one batch after registration closes (by wave, predicted time, name); waves by predicted time.
        bibStrategy: "batch",
        bibRanges: [
          { from: 1, to: 200, reserved: true, label: "Elite" },
          { from: 201, to: 6000, reserved: false, label: null },
        ],
        waves: [
          { name: "A", startTime: d.at("07:30"), maxPredictedSeconds: 6300, maxSize: 1500 },
          { name: "B", startTime: d.at("07:40"), minPredictedSeconds: 6300, maxPredictedSeconds: 8100, maxSize: 2500 },
          { name: "C", startTime: d.at("07:50"), minPredictedSeconds: 8100 },
        ],
      },
      {
        slug: "fun-run",
        name: { en: "Family Fun Run", zh: "家庭欢乐跑" },
        distanceMeters: 3500,
        capacity: 2000,
        currency: "CNY",
        priceCents: 6000,
        minAge: 6,
        maxAge: 80,
        startTime: d.at("09:00"),
        rankBy: "gun",
        ageGroupBounds: [6, 12, 18, 40, 60],
        bibRanges: [{ from: 10001, to: 12000, reserved: false, label: null }],
        waves: [{ name: "Family", startTime: d.at("09:00") }],
      },
    ],
  };
}

/** The demo event's discount code: 10% off the family fun run, for the first 500 orders. */
export const demoDiscountCode = { code: "FAMILY10", kind: "percent", value: 10, race: "fun-run", maxUses: 500 } as const;
