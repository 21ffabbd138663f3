/**
 * Tags a cached page (ISR) with cache tags (core/cache-tags.ts), so an edit updates exactly the pages that show what
 * it changed (docs/architecture.md "Caches").
 *
 * Without `cacheComponents` (next.config.ts), Next 16 has no `cacheTag()` for a page: a page takes the tags of the
 * data cache entries its render reads. So the page reads one tiny entry that holds nothing but its tags
 * (`unstable_cache` of a constant, never stale by time, so it does not shorten the page's `revalidate`); its tags
 * join the page's cache entry, and `updateTag`/`revalidateTag` of any of them makes the page stale. The page's own
 * data is read as before, never through this cache (results are versioned: docs/decisions/006).
 */
import "server-only";
import { unstable_cache } from "next/cache";

export async function tagPage(tags: readonly string[]): Promise<void> {
  if (tags.length === 0) return;
  const sorted = [...new Set(tags)].sort();
  await unstable_cache(async () => true, ["page-tags", ...sorted], { tags: sorted, revalidate: false })();
}
