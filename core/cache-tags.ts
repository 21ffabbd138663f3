/**
 * The tags of Next.js's cache (docs/architecture.md "Caches"), named once: a cached page carries the tags of what it
 * shows (server/page-tags.ts), and an admin edit updates the tags of what it changed (app/_lib/actions.ts), so an
 * edit of one event leaves every other event's cached pages alone.
 *
 * - `event:<slug>`: everything cached about one event (its results pages, whatever race they show).
 * - `race:<event slug>/<race slug>`: one race's pages (its leaderboard and runners) and the event's page of races,
 *   which lists it.
 *
 * A tag is only ever made from a slug (core/event-input.ts isSlug: lowercase letters, digits and hyphens), so it is
 * short, ASCII and cannot run into another tag.
 */
import { isSlug } from "./event-input";

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
