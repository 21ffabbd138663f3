/**
 * What an event and its races may look like: one zod schema for the API and the admin forms, then a
 * normalisation step that needs the event's timezone (local start times) and reports every problem by field.
 * Conflicts that need the database (duplicate slugs, bib ranges of other races) are the service's job.
 */
import { z } from "zod";
import {
  BIB_STRATEGIES,
  EVENT_STATUSES,
  RANK_BASES,
  type BibRange,
  type BibStrategy,
  type EventStatus,
  type PriceTier,
  type RankBy,
  type RefundPolicyStep,
} from "./domain";
import { findBibRangeOverlaps } from "./bib-ranges";
import { personText } from "./text";
import { isCalendarDate, isValidTimezone, parseInstant } from "./time";
import { fromZodIssues, type FieldIssue } from "./validation";

export const DEFAULT_TIMEZONE = "Asia/Shanghai";
export const DEFAULT_CURRENCY = "CNY";
export const DEFAULT_AGE_GROUP_BOUNDS = [18, 40, 45, 50, 55, 60, 65, 70, 75, 80];

// Each repetition starts with a hyphen, which the letters and digits before it cannot match: no backtracking blow-up.
// eslint-disable-next-line security/detect-unsafe-regex
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const slug = z.string().trim().regex(SLUG, "slugFormat").min(2).max(60);

/** Whether `value` can be an event's or a race's slug: a path segment that is not one names nothing. */
export function isSlug(value: string): boolean {
  return value.length >= 2 && value.length <= 60 && SLUG.test(value);
}

// Names, labels and descriptions are text a person typed (core/text.ts).
const text = (max: number) => personText({ max });
const localized = (max: number) => z.object({ en: text(max), zh: text(max) });
const optionalLocalized = (max: number, multiline = false) =>
  z.object({ en: personText({ max, min: 0, multiline }).default(""), zh: personText({ max, min: 0, multiline }).default("") });
const label = personText({ max: 60, min: 0 });
const int = (min: number, max: number) => z.number().int("wholeNumber").min(min).max(max);
const instantString = z.string().trim().min(1);

const priceTierInput = z.object({
  priceCents: int(0, 100_000_000),
  startsAt: instantString.nullish(),
  endsAt: instantString.nullish(),
  label: label.nullish(),
});

const bibRangeInput = z.object({
  from: int(1, 999_999),
  to: int(1, 999_999),
  reserved: z.boolean().default(false),
  label: label.nullish(),
});

/** Predicted finish times are seconds; a week is far beyond any race. */
const MAX_PREDICTED_SECONDS = 7 * 24 * 3600;

const waveInput = z.object({
  name: text(40),
  startTime: instantString,
  /** Predicted finish times the wave takes: from (inclusive) to (exclusive), in seconds; null = open. */
  minPredictedSeconds: int(0, MAX_PREDICTED_SECONDS).nullish(),
  maxPredictedSeconds: int(1, MAX_PREDICTED_SECONDS).nullish(),
  /** Most runners in the wave (a full wave overflows into the next slower one); null = no limit. */
  maxSize: int(1, 1_000_000).nullish(),
});

export const raceInputSchema = z.object({
  slug,
  name: localized(120),
  distanceMeters: z.number().positive().max(1_000_000),
  capacity: int(0, 1_000_000),
  currency: z.string().trim().regex(/^[A-Z]{3}$/, "currencyFormat").default(DEFAULT_CURRENCY),
  priceCents: int(0, 100_000_000).optional(),
  priceTiers: z.array(priceTierInput).max(20).optional(),
  minAge: int(0, 120),
  maxAge: int(0, 120),
  startTime: instantString,
  rankBy: z.enum(RANK_BASES).default("gun"),
  /** on_confirmation: the next free bib when an entry is confirmed; batch: assigned by an organizer in one go. */
  bibStrategy: z.enum(BIB_STRATEGIES).default("on_confirmation"),
  ageGroupBounds: z.array(int(0, 120)).max(30).default(DEFAULT_AGE_GROUP_BOUNDS),
  bibRanges: z.array(bibRangeInput).max(50).default([]),
  waves: z.array(waveInput).max(50).default([]),
});

export const eventInputSchema = z.object({
  slug,
  name: localized(160),
  date: z.string().trim(),
  timezone: z.string().trim().default(DEFAULT_TIMEZONE),
  venue: optionalLocalized(200).default({ en: "", zh: "" }),
  city: optionalLocalized(100).default({ en: "", zh: "" }),
  description: optionalLocalized(5000, true).default({ en: "", zh: "" }),
  status: z.enum(EVENT_STATUSES).default("draft"),
  registrationOpensAt: instantString.nullish(),
  registrationClosesAt: instantString.nullish(),
  /** How long a new order holds its places while the buyer pays. */
  holdMinutes: int(5, 120).default(15),
  /** Whether bibs of cancelled, refunded or expired entries may be given again (default: never). */
  reuseCancelledBibs: z.boolean().default(false),
  /** What a runner who cancels gets back: `percent` until `until` (exclusive); after the last step, nothing. */
  refundPolicy: z
    .array(z.object({ until: instantString, percent: int(0, 100) }))
    .max(10)
    .default([]),
  races: z.array(raceInputSchema).max(20).default([]),
});

export type RaceInput = z.input<typeof raceInputSchema>;
export type EventInput = z.input<typeof eventInputSchema>;

export interface NormalizedWave {
  name: string;
  startTime: Date;
  minPredictedSeconds: number | null;
  maxPredictedSeconds: number | null;
  maxSize: number | null;
}

export interface NormalizedRace {
  slug: string;
  nameEn: string;
  nameZh: string;
  distanceMeters: number;
  capacity: number;
  currency: string;
  priceTiers: PriceTier[];
  minAge: number;
  maxAge: number;
  startTime: Date;
  rankBy: RankBy;
  bibStrategy: BibStrategy;
  ageGroupBounds: number[];
  bibRanges: BibRange[];
  waves: NormalizedWave[];
}

export interface NormalizedEvent {
  slug: string;
  nameEn: string;
  nameZh: string;
  date: string;
  timezone: string;
  venueEn: string;
  venueZh: string;
  cityEn: string;
  cityZh: string;
  descriptionEn: string;
  descriptionZh: string;
  status: EventStatus;
  registrationOpensAt: Date | null;
  registrationClosesAt: Date | null;
  holdMinutes: number;
  /** Steps in date order, `until` as an ISO instant. */
  refundPolicy: RefundPolicyStep[];
  reuseCancelledBibs: boolean;
}

export type Normalized<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

function instantOrIssue(value: string | null | undefined, zone: string, path: string, issues: FieldIssue[]): Date | null {
  if (value === null || value === undefined) return null;
  const instant = parseInstant(value, zone);
  if (!instant) issues.push({ path, key: "instantFormat" });
  return instant;
}

/** Normalises one parsed race in the event's timezone; issues get `prefix` (e.g. `races.1`). */
export function normalizeRace(race: z.output<typeof raceInputSchema>, zone: string, prefix = ""): Normalized<NormalizedRace> {
  const issues: FieldIssue[] = [];
  const at = (field: string) => [prefix, field].filter(Boolean).join(".");

  if (race.minAge > race.maxAge) issues.push({ path: at("minAge"), key: "minAboveMax", params: { max: race.maxAge } });
  const startTime = instantOrIssue(race.startTime, zone, at("startTime"), issues);

  let priceTiers: PriceTier[] = [];
  if (race.priceTiers && race.priceTiers.length > 0) {
    race.priceTiers.forEach((tier, i) => {
      const startsAt = instantOrIssue(tier.startsAt, zone, at(`priceTiers.${i}.startsAt`), issues);
      const endsAt = instantOrIssue(tier.endsAt, zone, at(`priceTiers.${i}.endsAt`), issues);
      if (startsAt && endsAt && endsAt <= startsAt) issues.push({ path: at(`priceTiers.${i}.endsAt`), key: "endBeforeStart" });
      priceTiers.push({
        priceCents: tier.priceCents,
        startsAt: startsAt?.toISOString() ?? null,
        endsAt: endsAt?.toISOString() ?? null,
        label: tier.label ?? null,
      });
    });
  } else if (race.priceCents !== undefined) {
    priceTiers = [{ priceCents: race.priceCents, startsAt: null, endsAt: null, label: null }];
  } else {
    issues.push({ path: at("priceCents"), key: "required" });
  }

  race.ageGroupBounds.forEach((b, i) => {
    const previous = race.ageGroupBounds[i - 1];
    if (previous !== undefined && b <= previous) issues.push({ path: at(`ageGroupBounds.${i}`), key: "ascending" });
  });

  race.bibRanges.forEach((r, i) => {
    if (r.from > r.to) issues.push({ path: at(`bibRanges.${i}.to`), key: "rangeOrder", params: { from: r.from } });
  });

  const waves: NormalizedWave[] = [];
  const waveNames = new Set<string>();
  race.waves.forEach((w, i) => {
    if (waveNames.has(w.name)) issues.push({ path: at(`waves.${i}.name`), key: "duplicate" });
    waveNames.add(w.name);
    const t = instantOrIssue(w.startTime, zone, at(`waves.${i}.startTime`), issues);
    const min = w.minPredictedSeconds ?? null;
    const max = w.maxPredictedSeconds ?? null;
    if (min !== null && max !== null && max <= min) issues.push({ path: at(`waves.${i}.maxPredictedSeconds`), key: "waveBoundsOrder", params: { min } });
    if (t) waves.push({ name: w.name, startTime: t, minPredictedSeconds: min, maxPredictedSeconds: max, maxSize: w.maxSize ?? null });
  });

  if (issues.length > 0 || !startTime) return { ok: false, issues };
  return {
    ok: true,
    value: {
      slug: race.slug,
      nameEn: race.name.en,
      nameZh: race.name.zh,
      distanceMeters: race.distanceMeters,
      capacity: race.capacity,
      currency: race.currency,
      priceTiers,
      minAge: race.minAge,
      maxAge: race.maxAge,
      startTime,
      rankBy: race.rankBy,
      bibStrategy: race.bibStrategy,
      ageGroupBounds: race.ageGroupBounds,
      bibRanges: race.bibRanges.map((r) => ({ from: r.from, to: r.to, reserved: r.reserved, label: r.label ?? null })),
      waves,
    },
  };
}

function normalizeEventFields(e: Omit<z.output<typeof eventInputSchema>, "races">, issues: FieldIssue[]): NormalizedEvent | null {
  if (!isCalendarDate(e.date)) issues.push({ path: "date", key: "dateFormat" });
  const zoneOk = isValidTimezone(e.timezone);
  if (!zoneOk) issues.push({ path: "timezone", key: "timezoneUnknown" });
  const zone = zoneOk ? e.timezone : DEFAULT_TIMEZONE;
  const opensAt = instantOrIssue(e.registrationOpensAt, zone, "registrationOpensAt", issues);
  const closesAt = instantOrIssue(e.registrationClosesAt, zone, "registrationClosesAt", issues);
  if (opensAt && closesAt && closesAt <= opensAt) issues.push({ path: "registrationClosesAt", key: "endBeforeStart" });
  const refundPolicy: RefundPolicyStep[] = [];
  e.refundPolicy.forEach((step, i) => {
    const until = instantOrIssue(step.until, zone, `refundPolicy.${i}.until`, issues);
    if (!until) return;
    const previous = refundPolicy.at(-1);
    if (previous && until.getTime() <= Date.parse(previous.until)) issues.push({ path: `refundPolicy.${i}.until`, key: "laterThanPrevious" });
    refundPolicy.push({ until: until.toISOString(), percent: step.percent });
  });
  if (issues.length > 0) return null;
  return {
    slug: e.slug,
    nameEn: e.name.en,
    nameZh: e.name.zh,
    date: e.date,
    timezone: e.timezone,
    venueEn: e.venue.en,
    venueZh: e.venue.zh,
    cityEn: e.city.en,
    cityZh: e.city.zh,
    descriptionEn: e.description.en,
    descriptionZh: e.description.zh,
    status: e.status,
    registrationOpensAt: opensAt,
    registrationClosesAt: closesAt,
    holdMinutes: e.holdMinutes,
    refundPolicy,
    reuseCancelledBibs: e.reuseCancelledBibs,
  };
}

/** Validates a whole event with its races (the API's POST body and the admin's create form). */
export function parseEventInput(input: unknown): Normalized<{ event: NormalizedEvent; races: NormalizedRace[] }> {
  const parsed = eventInputSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) return { ok: false, issues: fromZodIssues(parsed.error.issues) };
  const issues: FieldIssue[] = [];
  const { races: raceInputs, ...eventFields } = parsed.data;
  const event = normalizeEventFields(eventFields, issues);
  const zone = isValidTimezone(eventFields.timezone) ? eventFields.timezone : DEFAULT_TIMEZONE;
  const races: NormalizedRace[] = [];
  const slugs = new Set<string>();
  raceInputs.forEach((r, i) => {
    if (slugs.has(r.slug)) issues.push({ path: `races.${i}.slug`, key: "duplicate" });
    slugs.add(r.slug);
    const n = normalizeRace(r, zone, `races.${i}`);
    if (n.ok) races.push(n.value);
    else issues.push(...n.issues);
  });
  if (!event || issues.length > 0) return { ok: false, issues };
  return { ok: true, value: { event, races } };
}

/** Validates one race for an event in `zone` (adding a race, or a race merged with a patch). */
export function parseRaceInput(input: unknown, zone: string): Normalized<NormalizedRace> {
  const parsed = raceInputSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) return { ok: false, issues: fromZodIssues(parsed.error.issues) };
  return normalizeRace(parsed.data, zone);
}

/** Validates an event without its races (the event edit form, or a stored event merged with a patch). */
export function parseEventFields(input: unknown): Normalized<NormalizedEvent> {
  const parsed = eventInputSchema.omit({ races: true }).safeParse(input, { reportInput: true });
  if (!parsed.success) return { ok: false, issues: fromZodIssues(parsed.error.issues) };
  const issues: FieldIssue[] = [];
  const event = normalizeEventFields(parsed.data, issues);
  return event ? { ok: true, value: event } : { ok: false, issues };
}

export interface BibRangeConflict {
  path: string;
  key: "bibRangeOverlap";
  params: { race: string; from: number; to: number };
}

/**
 * Overlaps between the ranges of the races being written (`candidates`, with the field path prefix of each)
 * and each other or the other races of the event. Reported on the candidate's field.
 */
export function bibRangeConflicts(
  candidates: { race: string; prefix: string; ranges: BibRange[] }[],
  others: { race: string; ranges: BibRange[] }[],
): BibRangeConflict[] {
  type Tagged = BibRange & { race: string; path: string | null };
  const all: Tagged[] = [
    ...candidates.flatMap((c) => c.ranges.map((r, i) => ({ ...r, race: c.race, path: `${c.prefix ? c.prefix + "." : ""}bibRanges.${i}` }))),
    ...others.flatMap((o) => o.ranges.map((r) => ({ ...r, race: o.race, path: null }))),
  ];
  const conflicts: BibRangeConflict[] = [];
  const report = (mine: Tagged, theirs: Tagged) => {
    if (mine.path) conflicts.push({ path: mine.path, key: "bibRangeOverlap", params: { race: theirs.race, from: theirs.from, to: theirs.to } });
  };
  for (const { a, b } of findBibRangeOverlaps(all) as { a: Tagged; b: Tagged }[]) {
    report(a, b);
    report(b, a);
  }
  return conflicts;
}
