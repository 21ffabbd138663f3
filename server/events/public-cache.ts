/**
 * The public view of one event (`GET /api/v1/events/{event}`), kept as ready JSON for a moment. Spectators and
 * runners read the same event thousands of times a minute around registration opening and on race day; the
 * database and the presentation are paid once per TTL per process instead of per request, and concurrent misses
 * share one load.
 *
 * Freshness: an event or race edit in this process clears the cache at once; other app processes (PostgreSQL mode)
 * see it within TTL_MS. `placesLeft` may lag by up to TTL_MS — it is informative; the seat itself is decided by
 * the registration transaction. Nothing here is state that matters (DESIGN.md section 7).
 */
import { getPublicEvent } from "./queries";
import { presentEvent } from "./present";

export const TTL_MS = 2000;
const MAX_ENTRIES = 1000;

interface Entry {
  loadedAt: number;
  /** `{"event":…}` for a public event, null for a draft or an unknown slug. */
  json: Promise<string | null>;
}

const entries = new Map<string, Entry>();

export function publicEventJson(slug: string, now = Date.now()): Promise<string | null> {
  const hit = entries.get(slug);
  if (hit && now - hit.loadedAt < TTL_MS) return hit.json;
  const json = getPublicEvent(slug).then((event) => (event ? JSON.stringify({ event: presentEvent(event) }) : null));
  // A failed load is not remembered: the next request tries again.
  json.catch(() => entries.get(slug)?.json === json && entries.delete(slug));
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  entries.set(slug, { loadedAt: now, json });
  return json;
}

/** After an event or race change in this process. */
export function invalidatePublicEvents(): void {
  entries.clear();
}
