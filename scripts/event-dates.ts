/**
 * Dates for events made by the demo seed and the e2e fixtures, relative to the day they are made, so a new user's
 * demo (and the e2e run) can register whatever day it is (docs/testing.md "Time"). Local dates and times in the
 * event's timezone, as the event input takes them.
 */
import { DateTime } from "luxon";
import { present } from "../core/lists";

export interface EventDates {
  /** Race day, `YYYY-MM-DD`: a Sunday at least `daysAhead` days after today. */
  date: string;
  /** Registration opened yesterday at 10:00, so it is open now. */
  registrationOpensAt: string;
  /** Registration closes `closesDaysBefore` days before race day at 23:59. */
  registrationClosesAt: string;
  /** The early-bird price ends 30 days from today at midnight (well before registration closes). */
  earlyBirdEndsAt: string;
  /** `HH:mm` on race day, as a local date-time. */
  at(time: string): string;
  /** The race day's year (for names such as "West Lake Half Marathon 2027"). */
  year: number;
}

export function eventDatesFrom(now: Date, options: { zone?: string; daysAhead?: number; closesDaysBefore?: number } = {}): EventDates {
  const zone = options.zone ?? "Asia/Shanghai";
  const today = DateTime.fromJSDate(now, { zone }).startOf("day");
  const earliest = today.plus({ days: options.daysAhead ?? 120 });
  const raceDay = earliest.plus({ days: (7 - earliest.weekday) % 7 }); // luxon: Monday 1 … Sunday 7
  const date = present(raceDay.toISODate(), "the race day"); // a valid date: today plus whole days
  const local = (d: DateTime) => d.toFormat("yyyy-MM-dd'T'HH:mm");
  return {
    date,
    registrationOpensAt: local(today.minus({ days: 1 }).set({ hour: 10 })),
    registrationClosesAt: local(raceDay.minus({ days: options.closesDaysBefore ?? 28 }).set({ hour: 23, minute: 59 })),
    earlyBirdEndsAt: local(today.plus({ days: 30 })),
    at: (time) => `${date}T${time}`,
    year: raceDay.year,
  };
}
