/**
 * A taken place (docs/decisions/013-one-rule-for-a-taken-place.md): a race's place is taken by a confirmed entry,
 * by a hold that has not run out, and (issue 15) by a waitlist or ballot offer that has not run out. Every count
 * uses this file: registration and late payments (through the races' seat counters, server/registration/holds.ts),
 * the public places left, the organizers' lists and exports, the pickup desk and the dashboard.
 *
 * Two kinds of claim make the rule: a firm one (a confirmed entry) holds its place until it is given up; one with an
 * expiry (a hold, an offer) holds it until that instant, whether or not anything has marked it expired yet. A new
 * kind of holder only needs its own `claimOf…` below.
 */
import type { RegistrationStatus } from "./domain";

export interface PlaceClaim {
  kind: "firm" | "until_expiry";
  /** For `until_expiry`: the instant it stops holding its place; null: it has no end of its own. */
  expiresAt: Date | null;
}

/** When a hold or an offer counts as run out: from its expiry on (inclusive). One without an expiry never does. */
export function hasRunOut(expiresAt: Date | null, now: Date): boolean {
  return expiresAt !== null && expiresAt <= now;
}

/** Whether a claim takes its place at `now`. */
export function takesPlace(claim: PlaceClaim | null, now: Date): boolean {
  if (!claim) return false;
  return claim.kind === "firm" || !hasRunOut(claim.expiresAt, now);
}

/** Entry statuses whose claim is firm, and those whose claim runs out at the hold's expiry; the others claim nothing. */
export const FIRM_ENTRY_STATUSES = ["confirmed"] as const satisfies readonly RegistrationStatus[];
export const EXPIRING_ENTRY_STATUSES = ["held"] as const satisfies readonly RegistrationStatus[];
/** Statuses that hold a claim until a status change gives it up: what a race's seat counter counts (below). */
export const CLAIMING_ENTRY_STATUSES: readonly RegistrationStatus[] = [...FIRM_ENTRY_STATUSES, ...EXPIRING_ENTRY_STATUSES];

export interface EntryPlaceFacts {
  status: RegistrationStatus;
  holdExpiresAt: Date | null;
}

/** An entry's claim on its race's place: confirmed is firm, held runs out with its hold, anything else claims nothing. */
export function claimOfEntry(entry: EntryPlaceFacts): PlaceClaim | null {
  if ((FIRM_ENTRY_STATUSES as readonly RegistrationStatus[]).includes(entry.status)) return { kind: "firm", expiresAt: null };
  if ((EXPIRING_ENTRY_STATUSES as readonly RegistrationStatus[]).includes(entry.status)) return { kind: "until_expiry", expiresAt: entry.holdExpiresAt };
  return null;
}

export function entryTakesPlace(entry: EntryPlaceFacts, now: Date): boolean {
  return takesPlace(claimOfEntry(entry), now);
}

/** The status as everyone reads it: a hold that ran out is `expired` at once, whether or not expiry has marked it yet. */
export function effectiveStatus(entry: EntryPlaceFacts, now: Date): RegistrationStatus {
  return entry.status === "held" && hasRunOut(entry.holdExpiresAt, now) ? "expired" : entry.status;
}

/**
 * The seat counter (`races.seats_taken`) counts the claims not yet given up: entries in a claiming status, whether
 * or not their hold has run out. It equals the places taken once the lapsed holds are expired, which registration
 * and late payments do first, under the races' locks. This is how one entry's status change moves it: +1, 0 or -1
 * (`null`: the entry does not exist before, or after).
 */
export function counterChange(from: RegistrationStatus | null, to: RegistrationStatus | null): number {
  const counts = (s: RegistrationStatus | null) => s !== null && CLAIMING_ENTRY_STATUSES.includes(s);
  return Number(counts(to)) - Number(counts(from));
}

/** Places left in a race: its capacity less the places taken, never below 0. */
export function placesLeft(capacity: number, taken: number): number {
  return Math.max(0, capacity - taken);
}

/**
 * The places of some races as one transaction sees them (capacity, places taken), while it admits orders one by
 * one: an order wants one place per line, gets all of them or none (a family), and what it takes counts against the
 * orders after it.
 */
export class PlaceBook {
  private readonly capacity: ReadonlyMap<string, number>;
  private readonly taken: Map<string, number>;

  constructor(capacity: ReadonlyMap<string, number>, taken: ReadonlyMap<string, number>) {
    this.capacity = capacity;
    this.taken = new Map(taken);
  }

  takenIn(raceId: string): number {
    return this.taken.get(raceId) ?? 0;
  }

  left(raceId: string): number {
    return placesLeft(this.capacity.get(raceId) ?? 0, this.takenIn(raceId));
  }

  /** The races (each once, in order of first mention) that lack a place for `raceIds`, one place per mention. */
  shortfall(raceIds: readonly string[]): string[] {
    const wanted = new Map<string, number>();
    for (const id of raceIds) wanted.set(id, (wanted.get(id) ?? 0) + 1);
    return [...wanted].filter(([id, n]) => (this.capacity.get(id) ?? 0) - this.takenIn(id) < n).map(([id]) => id);
  }

  /** Takes one place per mention (after `shortfall` said they are there). */
  take(raceIds: readonly string[]): void {
    for (const id of raceIds) this.taken.set(id, this.takenIn(id) + 1);
  }
}
