/**
 * Seats: a race's capacity less confirmed entries and unexpired holds (docs/architecture.md "Rules and where they live"). The count is made
 * inside the write transaction, under the race's lock; this function only does the arithmetic.
 */
export interface SeatRequest {
  raceId: string;
  seats: number;
}

/** The races of `requests` that lack seats: a family order gets all of its seats or none. */
export function racesShortOfSeats(requests: SeatRequest[], capacity: Map<string, number>, taken: Map<string, number>): string[] {
  const wanted = new Map<string, number>();
  for (const r of requests) wanted.set(r.raceId, (wanted.get(r.raceId) ?? 0) + r.seats);
  return [...wanted].filter(([raceId, n]) => (capacity.get(raceId) ?? 0) - (taken.get(raceId) ?? 0) < n).map(([raceId]) => raceId);
}

export function placesLeft(capacity: number, taken: number): number {
  return Math.max(0, capacity - taken);
}
