/**
 * Cache tags against the production build (docs/architecture.md "Caches"): an admin edit refreshes the cached
 * results pages of what it changed, at once, and leaves every other cached page alone. The results pages are ISR
 * (cached HTML, made again at most every 5 s), tagged `event:<slug>` and `race:<event>/<race>` (core/cache-tags.ts).
 *
 * To see whether a page was made again, each test first changes a name of the *other* event (or race) straight in
 * the database, where no edit of the app notices it, and waits out the per-process public cache (2 s,
 * server/events/public-cache.ts): a page of it made again from then on would show the new name, and the one served
 * from the cache still shows the old one. Then the admin edits the first event (or race) through its form: its pages
 * show the edit at the very next request, while the other's still show the name they were cached with (a whole-site
 * revalidation would have shown the database's new name there too).
 */
import Database from "better-sqlite3";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { STAFF } from "./fixtures";
import { eventDatesFrom } from "../scripts/event-dates";
import { signInAsStaff } from "./staff";
import { authHeader, E2E_DATABASE_FILE } from "./tokens";
import { present } from "../core/lists";

test.use({ locale: "en-US" });
test.beforeEach(async ({ context, baseURL }) => {
  await context.addCookies([{ name: "NEXT_LOCALE", value: "en", url: present(baseURL) }]);
});

const RUN = Date.now().toString(36);
const A = `cache-a-${RUN}`;
const B = `cache-b-${RUN}`;
/** The public event cache's time to live (server/events/public-cache.ts TTL_MS), and a margin. */
const PUBLIC_CACHE_MS = 2000 + 800;

function race(slug: string, name: string, dates: ReturnType<typeof eventDatesFrom>) {
  return { slug, name: { en: name, zh: name }, distanceMeters: 10000, capacity: 100, priceCents: 5000, minAge: 16, maxAge: 80, startTime: dates.at("07:30") };
}

test.beforeAll(async ({ request }) => {
  const dates = eventDatesFrom(new Date(), { daysAhead: 280 });
  for (const [slug, name, races] of [
    [A, "Cache Marathon A", [race("ten-k", "Ten K of A", dates), race("five-k", "Five K of A", dates)]],
    [B, "Cache Marathon B", [race("ten-k", "Ten K of B", dates)]],
  ] as const) {
    const res = await request.post("/api/v1/events", {
      headers: authHeader("organizer"),
      data: { slug, name: { en: name, zh: name }, date: dates.date, timezone: "Asia/Shanghai", status: "published", races },
    });
    expect(res.status(), await res.text()).toBe(201);
  }
});

/** A results page's HTML and how Next served it (MISS: made now; HIT: from the cache; STALE: from the cache, remade after). */
async function view(request: APIRequestContext, path: string): Promise<{ html: string; cache: string | undefined }> {
  const res = await request.get(path);
  expect(res.status(), path).toBe(200);
  return { html: await res.text(), cache: res.headers()["x-nextjs-cache"] };
}

/** Each page made and cached: a second request is served from the cache. */
async function cached(request: APIRequestContext, paths: string[]): Promise<void> {
  for (const path of paths) {
    await view(request, path);
    expect((await view(request, path)).cache, path).toBe("HIT");
  }
}

/** Changes a name in the database only: nothing in the app hears of it. */
function renameInDatabase(table: "events" | "races", where: { eventSlug: string; raceSlug?: string }, name: string): void {
  const db = new Database(E2E_DATABASE_FILE, { fileMustExist: true });
  try {
    const changed =
      table === "events"
        ? db.prepare("update events set name_en = ? where slug = ?").run(name, where.eventSlug)
        : db.prepare("update races set name_en = ? where slug = ? and event_id = (select id from events where slug = ?)").run(name, where.raceSlug, where.eventSlug);
    expect(changed.changes).toBe(1);
  } finally {
    db.close();
  }
}

async function saveForm(page: Page, path: string, label: string, value: string, notice: string): Promise<void> {
  await page.goto(path);
  await page.getByLabel(label).fill(value);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page).toHaveURL(new RegExp(`notice=${notice}`));
}

test("an edit of one event refreshes its cached results pages at once and leaves another event's alone", async ({ page, request }) => {
  const pagesOfA = [`/en/events/${A}/results`, `/en/events/${A}/results/ten-k`, `/en/events/${A}/results/five-k`];
  const pagesOfB = [`/en/events/${B}/results`, `/en/events/${B}/results/ten-k`];
  await cached(request, [...pagesOfA, ...pagesOfB]);

  renameInDatabase("events", { eventSlug: B }, "Cache Marathon B (renamed unseen)");
  await page.waitForTimeout(PUBLIC_CACHE_MS);
  await signInAsStaff(page, STAFF.organizer);
  await saveForm(page, `/admin/events/${A}`, "Event name (English)", "Cache Marathon A, edited", "saved");

  for (const path of pagesOfA) {
    expect((await view(request, path)).html, `${path} made again for the edit`).toContain("Cache Marathon A, edited");
  }
  for (const path of pagesOfB) {
    const now = await view(request, path);
    expect(now.html, `${path} still as it was cached`).toContain("Cache Marathon B");
    expect(now.html, path).not.toContain("renamed unseen");
    expect(["HIT", "STALE"], path).toContain(now.cache);
  }
});

test("an edit of one race refreshes its pages and the event's list of races, and leaves the event's other race alone", async ({ page, request }) => {
  const tenK = `/en/events/${A}/results/ten-k`;
  const fiveK = `/en/events/${A}/results/five-k`;
  const races = `/en/events/${A}/results`;
  const otherEvent = `/en/events/${B}/results/ten-k`;
  await cached(request, [tenK, fiveK, races, otherEvent]);

  renameInDatabase("races", { eventSlug: A, raceSlug: "five-k" }, "Five K of A (quietly changed)");
  renameInDatabase("races", { eventSlug: B, raceSlug: "ten-k" }, "Ten K of B (quietly changed)");
  await page.waitForTimeout(PUBLIC_CACHE_MS);
  await signInAsStaff(page, STAFF.organizer);
  await saveForm(page, `/admin/events/${A}/races/ten-k`, "Race name (English)", "Ten K of A, edited", "raceSaved");

  expect((await view(request, tenK)).html, "the race's page made again").toContain("Ten K of A, edited");
  expect((await view(request, races)).html, "the event's page, which lists the race, made again").toContain("Ten K of A, edited");
  for (const path of [fiveK, otherEvent]) {
    const now = await view(request, path);
    expect(now.html, `${path} still as it was cached`).not.toContain("quietly changed");
    expect(["HIT", "STALE"], path).toContain(now.cache);
  }
});
