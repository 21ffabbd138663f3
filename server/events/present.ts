/** The public shape of an event and its races: the API's JSON and what the pages render. */
import { currentPriceTier } from "../../core/pricing";
import { registrationState, type RegistrationState } from "../../core/registration-window";
import { formatInZone } from "../../core/time";
import type { BibRange, BibStrategy, PriceTier, RankBy } from "../../core/domain";
import type { EventWithRaces, RaceWithWaves } from "./queries";

export interface Localized {
  en: string;
  zh: string;
}

export interface RaceView {
  slug: string;
  name: Localized;
  distanceMeters: number;
  capacity: number;
  placesLeft: number;
  /** Price in force now (minor units), null when no tier applies now. */
  priceCents: number | null;
  currency: string;
  priceTiers: PriceTier[];
  minAge: number;
  maxAge: number;
  rankBy: RankBy;
  ageGroupBounds: number[];
  bibRanges: BibRange[];
  bibStrategy: BibStrategy;
  startTime: string;
  waves: WaveView[];
}

export interface WaveView {
  name: string;
  startTime: string;
  /** Predicted finish times the wave takes, in seconds: from (inclusive) to (exclusive); null = open. */
  minPredictedSeconds: number | null;
  maxPredictedSeconds: number | null;
  /** Most runners in the wave; null = no limit. */
  maxSize: number | null;
}

export interface EventView {
  slug: string;
  name: Localized;
  date: string;
  timezone: string;
  venue: Localized;
  city: Localized;
  description: Localized;
  status: string;
  registrationOpensAt: string | null;
  registrationClosesAt: string | null;
  registrationState: RegistrationState;
  holdMinutes: number;
  refundPolicy: { until: string; percent: number }[];
  reuseCancelledBibs: boolean;
  races: RaceView[];
}

export function presentRace(race: RaceWithWaves, timezone: string, now: Date): RaceView {
  return {
    slug: race.slug,
    name: { en: race.nameEn, zh: race.nameZh },
    distanceMeters: race.distanceMeters,
    capacity: race.capacity,
    placesLeft: race.placesLeft,
    priceCents: currentPriceTier(race.priceTiers, now)?.priceCents ?? null,
    currency: race.currency,
    priceTiers: race.priceTiers,
    minAge: race.minAge,
    maxAge: race.maxAge,
    rankBy: race.rankBy,
    ageGroupBounds: race.ageGroupBounds,
    bibRanges: race.bibRanges,
    bibStrategy: race.bibStrategy,
    startTime: formatInZone(race.startTime, timezone),
    waves: race.waves.map((w) => ({
      name: w.name,
      startTime: formatInZone(w.startTime, timezone),
      minPredictedSeconds: w.minPredictedSeconds,
      maxPredictedSeconds: w.maxPredictedSeconds,
      maxSize: w.maxSize,
    })),
  };
}

export function presentEvent(event: EventWithRaces, now = new Date()): EventView {
  const tz = event.timezone;
  return {
    slug: event.slug,
    name: { en: event.nameEn, zh: event.nameZh },
    date: event.date,
    timezone: tz,
    venue: { en: event.venueEn, zh: event.venueZh },
    city: { en: event.cityEn, zh: event.cityZh },
    description: { en: event.descriptionEn, zh: event.descriptionZh },
    status: event.status,
    registrationOpensAt: event.registrationOpensAt ? formatInZone(event.registrationOpensAt, tz) : null,
    registrationClosesAt: event.registrationClosesAt ? formatInZone(event.registrationClosesAt, tz) : null,
    registrationState: registrationState(
      { opensAt: event.registrationOpensAt, closesAt: event.registrationClosesAt, eventClosed: event.status === "closed" },
      now,
    ),
    holdMinutes: event.holdMinutes,
    refundPolicy: event.refundPolicy.map((step) => ({ until: formatInZone(new Date(step.until), tz), percent: step.percent })),
    reuseCancelledBibs: event.reuseCancelledBibs,
    races: event.races.map((r) => presentRace(r, tz, now)),
  };
}
