/**
 * The event dashboard in a real browser against the production build: an organizer opens it from the event page,
 * its confirmed count for the half marathon matches the entry list's, the charts have their tables and names, the
 * page passes axe in English and Chinese, and screenshots are taken at laptop (1280×800) and tablet (1024×768)
 * sizes. Volunteers have no link and are refused (the full matrix is e2e/authorization.spec.ts).
 */
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { expectNoSeriousAxeViolations } from "./axe";
import { DEMO_EVENT_SLUG, STAFF } from "./fixtures";
import { signInAsStaff } from "./staff";
import { present } from "../core/lists";

test.use({ locale: "en-US" });
test.beforeEach(async ({ context, baseURL }) => {
  await context.addCookies([{ name: "NEXT_LOCALE", value: "en", url: present(baseURL) }]);
});

const PAGE = `/admin/events/${DEMO_EVENT_SLUG}/dashboard`;

async function screenshot(page: Page, testInfo: TestInfo, name: string) {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
}

/** The number in a cell, whatever the grouping separators. */
function count(text: string | null): number {
  return Number((text ?? "").replace(/[^\d]/g, ""));
}

test("an organizer opens the dashboard: the half marathon's confirmed entries match the entry list", async ({ page }, testInfo) => {
  test.setTimeout(90_000); // two pages, axe, and two full-page screenshots
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInAsStaff(page, STAFF.organizer);
  await page.goto(`/admin/events/${DEMO_EVENT_SLUG}`);
  await page.getByRole("link", { name: "Dashboard" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();

  // The places table is shown as is; its half-marathon row against the entry list filtered to that race.
  const places = page.getByRole("table", { name: "Places per race" });
  const half = places.getByRole("row", { name: /^Half Marathon/ });
  const headers = await places.locator("thead th").allTextContents();
  const confirmedOnDashboard = count(await half.locator("th, td").nth(headers.indexOf("Confirmed")).textContent());
  const capacity = count(await half.locator("th, td").nth(headers.indexOf("Capacity")).textContent());
  expect(confirmedOnDashboard).toBeGreaterThan(0);
  expect(capacity).toBe(6000);

  // Every chart is an image with a name, and its figures are a table.
  for (const name of [/^Places per race out of capacity/, /^Entries made and confirmed per day/, /^Confirmed entries by age on race day/, /^Confirmed entries by nationality/, /^Packets collected/]) {
    await expect(page.getByRole("img", { name })).toBeVisible();
  }
  await expect(page.getByRole("img", { name: "T-shirt sizes of confirmed entries in Half Marathon" })).toBeVisible();
  await page.locator("#dash-days-title").locator("..").getByText("Figures as a table").click();
  await expect(page.getByRole("table", { name: "Registrations per day" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Revenue" }).getByRole("row", { name: /^CNY/ })).toBeVisible();
  await expectNoSeriousAxeViolations(page, "dashboard (en)");
  await screenshot(page, testInfo, "dashboard-laptop-1280");

  await page.setViewportSize({ width: 1024, height: 768 });
  await expect(page.getByRole("img", { name: /^Places per race out of capacity/ })).toBeVisible();
  // No sideways scrolling of the page at a tablet's width.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
  await screenshot(page, testInfo, "dashboard-tablet-1024");

  await page.goto(`/admin/events/${DEMO_EVENT_SLUG}/registrations?race=half`);
  const totals = page.getByRole("navigation", { name: "Entries by status" });
  const confirmedInList = count(await totals.getByRole("link", { name: /^Confirmed/ }).locator(".adm-reg-count").textContent());
  expect(confirmedInList).toBe(confirmedOnDashboard);
});

test("the dashboard reads in Chinese and passes axe at tablet size", async ({ page, context, baseURL }, testInfo) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await signInAsStaff(page, STAFF.admin);
  await context.addCookies([{ name: "NEXT_LOCALE", value: "zh", url: present(baseURL) }]);
  await page.goto(PAGE);
  await expect(page.getByRole("heading", { level: 1, name: "数据看板" })).toBeVisible();
  await expect(page.getByRole("table", { name: "各项目名额" })).toBeVisible();
  await expect(page.getByRole("img", { name: /^已确认报名按比赛日年龄和性别分布/ })).toBeVisible();
  await expectNoSeriousAxeViolations(page, "dashboard (zh)");
  await screenshot(page, testInfo, "dashboard-tablet-1024-zh");
});

test("a volunteer has no dashboard link and is refused", async ({ page }) => {
  await signInAsStaff(page, STAFF.volunteer);
  await page.goto(`/admin/events/${DEMO_EVENT_SLUG}`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "Dashboard" })).toHaveCount(0);
  const response = await page.goto(PAGE);
  expect(response?.status()).toBe(403);
});
