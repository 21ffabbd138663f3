/** Stored events and races as the admin forms' text values (the inverse of form-data.ts). */
import { toLocalInputValue } from "@/core/time";
import type { EventRow, RaceWithWaves } from "@/server/events/queries";
import { formatBibRanges, formatMinorUnits, formatWaves } from "./form-data";
import { first } from "../../core/lists";

export function eventFormDefaults(e: EventRow): Record<string, string> {
  return {
    slug: e.slug,
    "name.zh": e.nameZh,
    "name.en": e.nameEn,
    date: e.date,
    timezone: e.timezone,
    "venue.zh": e.venueZh,
    "venue.en": e.venueEn,
    "city.zh": e.cityZh,
    "city.en": e.cityEn,
    "description.zh": e.descriptionZh,
    "description.en": e.descriptionEn,
    registrationOpensAt: toLocalInputValue(e.registrationOpensAt, e.timezone),
    registrationClosesAt: toLocalInputValue(e.registrationClosesAt, e.timezone),
    holdMinutes: String(e.holdMinutes),
    refundPolicy: e.refundPolicy.map((step) => `${toLocalInputValue(new Date(step.until), e.timezone).replace("T", " ")} ${step.percent}%`).join("\n"),
    reuseCancelledBibs: e.reuseCancelledBibs ? "on" : "",
  };
}

/** One price with no dates fits the single price input; anything else stays as stored unless replaced. */
export function hasSinglePlainPrice(race: RaceWithWaves): boolean {
  const [tier, ...others] = race.priceTiers;
  return tier !== undefined && others.length === 0 && !tier.startsAt && !tier.endsAt && !tier.label;
}

export function raceFormDefaults(race: RaceWithWaves, zone: string): Record<string, string> {
  const start = toLocalInputValue(race.startTime, zone);
  const day = start.slice(0, 10);
  return {
    slug: race.slug,
    "name.zh": race.nameZh,
    "name.en": race.nameEn,
    distanceMeters: String(race.distanceMeters),
    capacity: String(race.capacity),
    price: hasSinglePlainPrice(race) ? formatMinorUnits(first(race.priceTiers).priceCents) : "",
    currency: race.currency,
    minAge: String(race.minAge),
    maxAge: String(race.maxAge),
    startTime: start,
    rankBy: race.rankBy,
    ageGroupBounds: race.ageGroupBounds.join(", "),
    bibRanges: formatBibRanges(race.bibRanges),
    bibStrategy: race.bibStrategy,
    waves: formatWaves(
      race.waves.map((w) => ({ ...w, startTime: toLocalInputValue(w.startTime, zone) })),
      day,
    ),
  };
}
