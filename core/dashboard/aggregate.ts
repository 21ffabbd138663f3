/**
 * The organizer's dashboard figures from an event's entries (issue 6, "Dashboard per event"), pure: the server
 * loads one row per entry (server/dashboard/figures.ts) and everything counted per race, per day, per size, per age
 * band and gender, and per nationality is worked out here, so the page, the API and the tests see one answer.
 *
 * What counts as what:
 * - a place is taken by a confirmed entry or a hold that has not run out (`held`: status held and its hold ends
 *   after `now`): the rule every count uses, core/places.ts; `placesLeft` is capacity less both;
 * - shirts, the age and gender pyramid and nationalities count confirmed entries only (the runners who come);
 * - per day (in the event's timezone): `created` counts every entry made that day, whatever became of it;
 *   `confirmed` counts the entries confirmed now, on the day they were confirmed, so the days add up to the
 *   races' confirmed total.
 */
import { ageOnDate } from "../age";
import type { RegistrationStatus } from "../domain";
import { effectiveStatus, entryTakesPlace, placesLeft } from "../places";
import { lookup } from "../lists";

export const GENDERS = ["M", "F", "X"] as const;
export type DashboardGender = (typeof GENDERS)[number];

/** One entry, as much of it as the dashboard needs. */
export interface EntryFact {
  raceId: string;
  status: RegistrationStatus;
  holdExpiresAt: Date | null;
  createdAt: Date;
  confirmedAt: Date | null;
  gender: string;
  birthDate: string;
  nationality: string;
  tshirtSize: string | null;
}

export interface RaceFact {
  id: string;
  slug: string;
  name: { en: string; zh: string };
  capacity: number;
  /** The race's calendar date in the event's timezone: age is age on this day. */
  raceDate: string;
}

export interface RacePlaces {
  slug: string;
  name: { en: string; zh: string };
  capacity: number;
  confirmed: number;
  /** Holds that have not run out: seats taken while the buyer pays. */
  held: number;
  cancelled: number;
  refunded: number;
  /** Capacity less confirmed entries and running holds (never below 0). */
  placesLeft: number;
}

export interface DayCount {
  /** `YYYY-MM-DD` in the event's timezone. */
  date: string;
  /** Entries made that day (any status now). */
  created: number;
  /** Entries confirmed that day that are still confirmed. */
  confirmed: number;
}

export interface SizeCount {
  /** Null: no size given. */
  size: string | null;
  count: number;
}

export interface RaceSizes {
  slug: string;
  name: { en: string; zh: string };
  sizes: SizeCount[];
  total: number;
}

export interface AgeBand {
  /** `30-39`, `80+`. */
  band: string;
  /** Youngest age of the band. */
  from: number;
  M: number;
  F: number;
  X: number;
}

export interface NationalityCount {
  /** ISO 3166-1 alpha-2 code, as registered. */
  nationality: string;
  count: number;
}

export interface EntryFigures {
  races: RacePlaces[];
  totals: Omit<RacePlaces, "slug" | "name">;
  registrationsPerDay: DayCount[];
  shirtSizes: RaceSizes[];
  pyramid: AgeBand[];
  nationalities: NationalityCount[];
}

/** Width of the pyramid's age bands, and the youngest age of its open top band. */
export const BAND_WIDTH = 10;
export const TOP_BAND_FROM = 80;

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date `YYYY-MM-DD` of an instant in a timezone. */
export function dayInZone(instant: Date, zone: string): string {
  let format = dayFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" });
    dayFormats.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** The day after a calendar date `YYYY-MM-DD`. */
export function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The band of an age: `0-9`, `30-39`, … and `80+` from TOP_BAND_FROM. */
export function ageBandOf(age: number): { band: string; from: number } {
  const from = Math.min(Math.max(0, Math.floor(age / BAND_WIDTH) * BAND_WIDTH), TOP_BAND_FROM);
  return { band: from === TOP_BAND_FROM ? `${from}+` : `${from}-${from + BAND_WIDTH - 1}`, from };
}

const LETTER_SIZES = ["XXS", "XS", "S", "M", "L", "XL", "XXL", "2XL", "XXXL", "3XL", "4XL", "5XL"];

/**
 * Shirt sizes in the order a supplier lists them: children's sizes by height (110, 120, …), then letter sizes from
 * small to large, then anything else alphabetically, then "no size".
 */
export function compareSizes(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const rank = (s: string): [number, number, string] => {
    if (/^\d{1,4}$/.test(s)) return [0, Number(s), s];
    const letter = LETTER_SIZES.indexOf(s.toUpperCase());
    return letter >= 0 ? [1, letter, s] : [2, 0, s];
  };
  const [ga, na, sa] = rank(a);
  const [gb, nb, sb] = rank(b);
  return ga - gb || na - nb || sa.localeCompare(sb);
}

/** Every figure that comes from the entries themselves (see the module comment for what counts). */
export function aggregateEntries(entries: readonly EntryFact[], races: readonly RaceFact[], zone: string, now: Date): EntryFigures {
  const byRace = new Map(races.map((r) => [r.id, { race: r, taken: 0, confirmed: 0, held: 0, cancelled: 0, refunded: 0, sizes: new Map<string | null, number>() }]));
  const days = new Map<string, DayCount>();
  const day = (date: string) => {
    let d = days.get(date);
    if (!d) days.set(date, (d = { date, created: 0, confirmed: 0 }));
    return d;
  };
  const bands = new Map<number, AgeBand>();
  const nationalities = new Map<string, number>();

  for (const e of entries) {
    const race = byRace.get(e.raceId);
    if (!race) continue;
    day(dayInZone(e.createdAt, zone)).created += 1;
    if (entryTakesPlace(e, now)) race.taken += 1;
    // A hold that ran out counts nowhere: it reads expired (core/places.ts).
    const status = effectiveStatus(e, now);
    if (status === "held") race.held += 1;
    else if (status === "cancelled") race.cancelled += 1;
    else if (status === "refunded") race.refunded += 1;
    if (e.status !== "confirmed") continue;

    race.confirmed += 1;
    if (e.confirmedAt) day(dayInZone(e.confirmedAt, zone)).confirmed += 1;
    race.sizes.set(e.tshirtSize, (race.sizes.get(e.tshirtSize) ?? 0) + 1);
    nationalities.set(e.nationality, (nationalities.get(e.nationality) ?? 0) + 1);
    const { band, from } = ageBandOf(ageOnDate(e.birthDate, race.race.raceDate));
    let row = bands.get(from);
    if (!row) bands.set(from, (row = { band, from, M: 0, F: 0, X: 0 }));
    if (e.gender === "M" || e.gender === "F" || e.gender === "X") row[e.gender] += 1;
  }

  const placeRows: RacePlaces[] = races.map((r) => {
    const c = lookup(byRace, r.id);
    return {
      slug: r.slug,
      name: r.name,
      capacity: r.capacity,
      confirmed: c.confirmed,
      held: c.held,
      cancelled: c.cancelled,
      refunded: c.refunded,
      placesLeft: placesLeft(r.capacity, c.taken),
    };
  });
  const sum = (key: keyof Omit<RacePlaces, "slug" | "name">) => placeRows.reduce((s, r) => s + r[key], 0);

  // Every day from the first to the last, quiet days included, so a chart's gaps are real.
  const perDay: DayCount[] = [];
  const dates = [...days.keys()].sort();
  const [firstDate] = dates;
  const lastDate = dates.at(-1);
  if (firstDate !== undefined && lastDate !== undefined) {
    for (let d = firstDate; d <= lastDate; d = nextDay(d)) perDay.push(days.get(d) ?? { date: d, created: 0, confirmed: 0 });
  }

  // Bands from the youngest to the oldest present, empty bands between them included.
  const pyramid: AgeBand[] = [];
  const froms = [...bands.keys()].sort((a, b) => a - b);
  const [youngest] = froms;
  const oldest = froms.at(-1);
  if (youngest !== undefined && oldest !== undefined) {
    for (let f = youngest; f <= oldest; f += BAND_WIDTH) pyramid.push(bands.get(f) ?? { ...ageBandOf(f), M: 0, F: 0, X: 0 });
  }

  return {
    races: placeRows,
    totals: {
      capacity: sum("capacity"),
      confirmed: sum("confirmed"),
      held: sum("held"),
      cancelled: sum("cancelled"),
      refunded: sum("refunded"),
      placesLeft: sum("placesLeft"),
    },
    registrationsPerDay: perDay,
    shirtSizes: races.map((r) => {
      const sizes = [...lookup(byRace, r.id).sizes].map(([size, count]) => ({ size, count })).sort((a, b) => compareSizes(a.size, b.size));
      return { slug: r.slug, name: r.name, sizes, total: sizes.reduce((s, x) => s + x.count, 0) };
    }),
    pyramid,
    nationalities: [...nationalities]
      .map(([nationality, count]) => ({ nationality, count }))
      .sort((a, b) => b.count - a.count || a.nationality.localeCompare(b.nationality)),
  };
}

export interface MoneyRow {
  currency: string;
  amountCents: number;
}

export interface Revenue {
  currency: string;
  /** Confirmed payments. */
  gross: number;
  /** Refunds sent or on their way (failed refunds are not money back). */
  refunded: number;
  net: number;
}

/** Gross, refunded and net per currency, in minor units, currencies in alphabetical order. */
export function revenueByCurrency(payments: readonly MoneyRow[], refunds: readonly MoneyRow[]): Revenue[] {
  const rows = new Map<string, Revenue>();
  const row = (currency: string) => {
    let r = rows.get(currency);
    if (!r) rows.set(currency, (r = { currency, gross: 0, refunded: 0, net: 0 }));
    return r;
  };
  for (const p of payments) row(p.currency).gross += p.amountCents;
  for (const r of refunds) row(r.currency).refunded += r.amountCents;
  return [...rows.values()].map((r) => ({ ...r, net: r.gross - r.refunded })).sort((a, b) => a.currency.localeCompare(b.currency));
}
