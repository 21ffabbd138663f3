/**
 * Ready answers for spectators (issue 5: "results pages are cached and invalidated by imports"). Keys carry the
 * race's results version (live.ts), so an import makes every older entry unreachable in every process as soon as
 * that process knows the new version; the importing process also drops the race's entries at once. Concurrent
 * misses share one load; a failed load is not kept.
 */
const MAX_ENTRIES = 5000;

const globalForCache = globalThis as unknown as { finishlineResultsCache?: Map<string, Promise<unknown>> };

function entries(): Map<string, Promise<unknown>> {
  return (globalForCache.finishlineResultsCache ??= new Map());
}

/** The cached value for `key` (which must start with the race id and include its version), or a fresh load. */
export function cachedResults<T>(raceId: string, key: string, load: () => Promise<T>): Promise<T> {
  const map = entries();
  const full = `${raceId}:${key}`;
  const hit = map.get(full) as Promise<T> | undefined;
  if (hit) {
    // Recently used: move to the end (the oldest goes first when full).
    map.delete(full);
    map.set(full, hit);
    return hit;
  }
  const loaded = load();
  loaded.catch(() => map.get(full) === loaded && map.delete(full));
  if (map.size >= MAX_ENTRIES) {
    const oldest = map.keys().next(); // the first inserted: a map keeps insertion order
    if (!oldest.done) map.delete(oldest.value);
  }
  map.set(full, loaded);
  return loaded;
}

/** After an import in this process: the race's entries go at once. */
export function clearResultsCache(raceId: string): void {
  const map = entries();
  for (const key of [...map.keys()]) if (key.startsWith(`${raceId}:`)) map.delete(key);
}

/** Tests: every race's entries (a reset database reuses nothing). */
export function clearAllResultsCaches(): void {
  entries().clear();
}
