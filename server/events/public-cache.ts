/**
 * The public view of one event (`GET /api/v1/events/{event}`), kept as ready JSON for a moment. Spectators and
 * runners read the same event thousands of times a minute around registration opening and on race day; the
 * database and the presentation are paid once per TTL per process instead of per request, and concurrent misses
 * share one load.
 *
 * Freshness: an event or race edit in this process clears the cache at once; other app processes (PostgreSQL mode)
 * see it within TTL_MS. `placesLeft` may lag by up to TTL_MS — it is informative; the seat itself is decided by
 * the registration transaction. Nothing here is state that matters (docs/deploying.md).
 */
import { isSlug } from "../../core/event-input";
import { readyBody, type ReadyBody } from "../api/ready-body";
import { getPublicEvent, type EventWithRaces } from "./queries";
import { presentEvent } from "./present";

export const TTL_MS = 2000;
const MAX_ENTRIES = 1000;

interface Loaded {
  event: EventWithRaces;
  /** `{"event":…}`, made on first use. */
  json?: string;
  /** The same as ready bytes with their ETag (server/api/ready-body.ts), made on first use. */
  body?: ReadyBody;
}

interface Entry {
  loadedAt: number;
  /** null for a draft or an unknown slug. */
  loaded: Promise<Loaded | null>;
}

const entries = new Map<string, Entry>();

function load(slug: string, now: number): Promise<Loaded | null> {
  // A value that cannot be a slug names no event: not looked up, not remembered.
  if (!isSlug(slug)) return Promise.resolve(null);
  const hit = entries.get(slug);
  if (hit && now - hit.loadedAt < TTL_MS) return hit.loaded;
  const loaded = getPublicEvent(slug).then((event) => (event ? { event } : null));
  // A failed load is not remembered: the next request tries again.
  loaded.catch(() => entries.get(slug)?.loaded === loaded && entries.delete(slug));
  if (entries.size >= MAX_ENTRIES) {
    const oldest = entries.keys().next(); // the first inserted: a map keeps insertion order
    if (!oldest.done) entries.delete(oldest.value);
  }
  entries.set(slug, { loadedAt: now, loaded });
  return loaded;
}

export async function publicEventJson(slug: string, now = Date.now()): Promise<string | null> {
  const loaded = await load(slug, now);
  if (!loaded) return null;
  loaded.json ??= JSON.stringify({ event: presentEvent(loaded.event, new Date(now)) });
  return loaded.json;
}

/**
 * The public event's answer as ready bytes and ETag, made once per load (at most every TTL_MS per process): what
 * `GET /api/v1/events/{event}` sends, or 304 when the reader holds the same bytes. Its `placesLeft` is at most
 * TTL_MS old (plus the load's own time); an edit in this process shows at once.
 */
export async function publicEventBody(slug: string, now = Date.now()): Promise<ReadyBody | null> {
  const loaded = await load(slug, now);
  if (!loaded) return null;
  loaded.json ??= JSON.stringify({ event: presentEvent(loaded.event, new Date(now)) });
  loaded.body ??= readyBody(loaded.json);
  return loaded.body;
}

/**
 * The public event with its races as loaded at most TTL_MS ago (shared: do not change it). For reads that only
 * need the event's settings, such as a registration checking its input; seats are always counted afresh.
 */
export async function cachedPublicEvent(slug: string, now = Date.now()): Promise<EventWithRaces | null> {
  return (await load(slug, now))?.event ?? null;
}

/** After an event or race change in this process. */
export function invalidatePublicEvents(): void {
  entries.clear();
}
