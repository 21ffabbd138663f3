/**
 * The tags of Next.js's cache (docs/architecture.md "Caches"), named once: a cached page carries the tags of what it
 * shows (server/page-tags.ts), and an admin edit updates the tags of what it changed (app/_lib/actions.ts), so an
 * edit of one event leaves every other event's cached pages alone.
 *
 * - `event:<slug>`: everything cached about one event (its results pages, whatever race they show).
 * - `race:<event slug>/<race slug>`: one race's pages (its leaderboard and runners) and the event's page of races,
 *   which lists it; the event's own page lists it too.
 * - `events` (EVENTS_TAG): the home page's list of public events (names, dates, cities, races, registration state).
 *   Every edit that updates an event's or a race's tag updates it too (withListTag), whichever event it is: a new
 *   event, or one published, is on no page yet.
 *
 * A tag is only ever made from a slug (core/event-input.ts isSlug: lowercase letters, digits and hyphens), so it is
 * short, ASCII and cannot run into another tag.
 */
import { isSlug } from "./event-input";

export const EVENTS_TAG = "events";

/** The tags an edit updates, with the events list's when any of them is an event's or a race's. */
export function withListTag(tags: readonly string[]): string[] {
  const all = [...new Set(tags)];
  if (all.some((t) => t.startsWith("event:") || t.startsWith("race:")) && !all.includes(EVENTS_TAG)) all.push(EVENTS_TAG);
  return all;
}

export function eventTag(eventSlug: string): string {
  return `event:${eventSlug}`;
}

export function raceTag(eventSlug: string, raceSlug: string): string {
  return `race:${eventSlug}/${raceSlug}`;
}

/**
 * The tags of a page about an event (and one of its races) named by its address: nothing for a segment that is not
 * a slug (such a page is "not found" whatever is edited later).
 */
export function pageTags(eventSlug: string, raceSlug?: string): string[] {
  if (!isSlug(eventSlug)) return [];
  if (raceSlug === undefined || !isSlug(raceSlug)) return [eventTag(eventSlug)];
  return [eventTag(eventSlug), raceTag(eventSlug, raceSlug)];
}
