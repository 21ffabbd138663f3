/**
 * Whether a race is open for entry (issue 14; docs/architecture.md "Rules and where they live"): the event's
 * registration window is open (core/registration-window.ts), the race has a price in force (core/pricing.ts) and a
 * place left (core/places.ts counts them). Written once for the public pages: the event page's "Register" links and
 * the registration form's races. Registration itself refuses on the same grounds, in its own terms: the window and
 * the price before anything is written, the places under the races' locks (core/admission.ts).
 */
import type { RegistrationState } from "./registration-window";

/** A race's own state for entry, whatever the window: on sale with a place left, sold out, or without a price now. */
export type RaceAvailability = "open" | "sold_out" | "not_on_sale";

/** `priceCents`: the price in force now (null: none); `placesLeft`: the places not taken. */
export function raceAvailability(race: { priceCents: number | null; placesLeft: number }): RaceAvailability {
  if (race.priceCents === null) return "not_on_sale";
  return race.placesLeft <= 0 ? "sold_out" : "open";
}

/** Whether someone may enter this race now: the event's window is open and the race is available. */
export function isOpenForEntry(state: RegistrationState, race: { priceCents: number | null; placesLeft: number }): boolean {
  return state === "open" && raceAvailability(race) === "open";
}

/**
 * Open for entry as far as a cached page can say: the window is open and the race has a price in force. The cached
 * event page links to such a race, and the browser shows the link while the race has a place left
 * (components/public/live-event.tsx follows the places), so together they say `isOpenForEntry`.
 */
export function isOnSale(state: RegistrationState, race: { priceCents: number | null }): boolean {
  return state === "open" && race.priceCents !== null;
}
