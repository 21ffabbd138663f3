/**
 * An event whose registration is open now, by the system clock (which test/clock.ts sets), with dates relative to
 * it: for tests that move the clock away from TEST_NOW, where the fixed dates of eventInput() would not fit.
 */
import { eventInput, raceInput } from "./factories";

const DAY = 86_400_000;

export function liveEventInput(options: { slug?: string; capacity?: number; now?: Date } = {}) {
  const now = options.now ?? new Date();
  const date = new Date(now.getTime() + 150 * DAY).toISOString().slice(0, 10);
  return eventInput({
    slug: options.slug ?? "live-half",
    date,
    registrationOpensAt: new Date(now.getTime() - 30 * DAY).toISOString(),
    registrationClosesAt: new Date(now.getTime() + 90 * DAY).toISOString(),
    races: [
      raceInput({ capacity: options.capacity ?? 100, bibRanges: [], startTime: `${date}T07:30`, waves: [{ name: "A", startTime: `${date}T07:30` }] }),
      raceInput({
        slug: "fun-run",
        name: { en: "Fun Run", zh: "欢乐跑" },
        distanceMeters: 3500,
        minAge: 6,
        maxAge: 80,
        priceCents: 6000,
        bibRanges: [],
        startTime: `${date}T09:00`,
        waves: [],
      }),
    ],
  });
}
