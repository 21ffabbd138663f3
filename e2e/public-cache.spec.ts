/**
 * The home and event pages are cached HTML (ISR, made again at most every 5 s; docs/architecture.md "Public pages"),
 * no longer `no-store`: a second request is served from Next's cache, with a Cache-Control a browser may keep the
 * page by (its back/forward cache too). Places left on a shown event page do not wait for the HTML: the page asks
 * the event's API answer (at most 2 s old) every LIVE_EVENT_REFRESH_MS (components/public/live-event.tsx), so a
 * change shows within those two bounds, and a race sold out loses its link to register.
 */
import { expect, test } from "@playwright/test";
import { LIVE_EVENT_REFRESH_MS } from "../components/public/live-event-period";
import { eventDatesFrom } from "../scripts/event-dates";
import { authHeader } from "./tokens";

test.use({ locale: "en-US" });
test.beforeEach(async ({ context, baseURL }) => {
  await context.addCookies([{ name: "NEXT_LOCALE", value: "en", url: baseURL! }]);
});

const SLUG = `cached-pages-${Date.now().toString(36)}`;
/** The API's own cache (server/events/public-cache.ts TTL_MS), the page's period, and a margin for a busy machine. */
const PLACES_BOUND_MS = 2000 + LIVE_EVENT_REFRESH_MS + 3000;

test.beforeAll(async ({ request }) => {
  const dates = eventDatesFrom(new Date(), { daysAhead: 280 });
  const res = await request.post("/api/v1/events", {
    headers: authHeader("organizer"),
    data: {
      slug: SLUG,
      name: { en: "Cached Pages 10K", zh: "缓存十公里" },
      date: dates.date,
      timezone: "Asia/Shanghai",
      status: "published",
      races: [{ slug: "ten-k", name: { en: "Ten K", zh: "十公里" }, distanceMeters: 10000, capacity: 100, priceCents: 5000, minAge: 16, maxAge: 80, startTime: dates.at("07:30") }],
    },
  });
  expect(res.status(), await res.text()).toBe(201);
});

test("the home and event pages are served from the cache, with a Cache-Control that is not no-store", async ({ request }) => {
  for (const path of ["/en", "/zh", `/en/events/${SLUG}`]) {
    const first = await request.get(path);
    expect(first.status(), path).toBe(200);
    const again = await request.get(path);
    expect(again.status(), path).toBe(200);
    // Served from the cache: HIT, or STALE when the copy is past 5 s (it is made again after the answer).
    expect(again.headers()["x-nextjs-cache"], path).toMatch(/^(HIT|STALE)$/);
    const cacheControl = again.headers()["cache-control"] ?? "";
    expect(cacheControl, path).not.toContain("no-store");
    expect(cacheControl, path).toContain("s-maxage=5");
  }
});

test("places left on a shown event page follow the event within seconds, and a sold-out race loses its link", async ({ page, request }) => {
  const patch = async (capacity: number) => {
    const res = await request.patch(`/api/v1/events/${SLUG}/races/ten-k`, { headers: authHeader("organizer"), data: { capacity } });
    expect(res.status(), await res.text()).toBe(200);
  };
  await page.goto(`/en/events/${SLUG}`);
  const card = page.getByRole("article", { name: "Ten K" });
  await expect(card.getByText("100 of 100")).toBeVisible();
  await expect(card.getByRole("link", { name: "Register for the Ten K" })).toBeVisible();

  // Changed behind the page (the API updates no cached page): the page shows it by itself, without a reload.
  await patch(40);
  await expect(card.getByText("40 of 40")).toBeVisible({ timeout: PLACES_BOUND_MS });
  await patch(0);
  await expect(card.getByText("Sold out")).toBeVisible({ timeout: PLACES_BOUND_MS });
  await expect(card.getByRole("link", { name: "Register for the Ten K" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Register now" })).toHaveCount(0);

  // A page loaded now, whatever its HTML says, shows the same within the bound.
  await page.reload();
  await expect(page.getByRole("article", { name: "Ten K" }).getByText("Sold out")).toBeVisible({ timeout: PLACES_BOUND_MS });
});
