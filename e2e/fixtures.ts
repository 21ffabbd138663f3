/**
 * Accounts and data that e2e/prepare-db.ts creates before the Playwright run (a fresh SQLite database, seeded with
 * the demo event). Specs import from here; nothing else hard-codes them. This file and what it imports hold no
 * server code: a spec runs in Playwright's process, where server modules cannot load (e2e/imports.unit.test.ts).
 */
import { residentId } from "../test/factories";
export const E2E_PASSWORD = "e2e-password-123";

export const STAFF = {
  admin: "admin@e2e.test",
  /** Organizer of the demo event. */
  organizer: "organizer@e2e.test",
  /** Organizer of OTHER_EVENT_SLUG only. */
  otherOrganizer: "other-organizer@e2e.test",
  /** Volunteer on the demo event. */
  volunteer: "volunteer@e2e.test",
} as const;

export { DEMO_EVENT_SLUG } from "../scripts/demo-event";
/** A second, published event organized by STAFF.otherOrganizer. */
export const OTHER_EVENT_SLUG = "other-city-10k";

/**
 * A race of OTHER_EVENT_SLUG with one place, free when the database is prepared: e2e/registration.spec.ts sells
 * it out (through the API and the test checkout) while a runner has the form open.
 */
export const SOLD_OUT_RACE = { slug: "mile", name: { en: "Charity Mile", zh: "公益一英里" } } as const;

/** The paid entries of the demo event that e2e/paid-entries.ts makes, for specs that look them up. */
export const PAID_RUNNERS = {
  /** A half-marathon runner, alone in her order. */
  chen: { familyName: "陈", givenName: "静", latinName: "Chen Jing", idNumber: residentId("1988-03-12", 31, true), email: "chen.jing@e2e.test" },
  /** A parent (half marathon) and child (fun run) in one order. */
  liu: { familyName: "刘", givenName: "洋", latinName: "Liu Yang", idNumber: residentId("1984-09-02", 32), email: "liu.yang@e2e.test" },
  liuChild: { familyName: "刘", givenName: "小溪", latinName: "Liu Xiaoxi", idNumber: residentId("2017-07-21", 33, true) },
} as const;

/** The event of the bib e2e (e2e/bib-event.ts makes it). */
export const BIB_EVENT = {
  slug: "bib-day-10k",
  name: { en: "Bib Day 10K", zh: "号码日十公里" },
  race: { slug: "10k", name: { en: "10K", zh: "十公里" } },
} as const;

/** The runners in the order the batch numbers them (wave, predicted finish time, family name). */
export const BIB_RUNNERS = [
  { familyName: "赵", givenName: "一", latinName: "Zhao Yi", birthDate: "1990-01-11", predicted: 2400 },
  { familyName: "钱", givenName: "二", latinName: "Qian Er", birthDate: "1990-02-12", predicted: 2520 },
  { familyName: "孙", givenName: "三", latinName: "Sun San", birthDate: "1990-03-13", predicted: 3000 },
  { familyName: "李", givenName: "四", latinName: "Li Si", birthDate: "1990-04-14", predicted: 3300 },
  { familyName: "周", givenName: "五", latinName: "Zhou Wu", birthDate: "1990-05-15", predicted: 3900 },
  { familyName: "吴", givenName: "六", latinName: "Wu Liu", birthDate: "1990-06-16", predicted: 4200 },
] as const;
