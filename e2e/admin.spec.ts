/**
 * Staff sign-in and the event admin (/admin): an organizer creates and publishes an event, field errors show
 * next to their fields, and every role-gated page refuses those it must refuse (house rule 11).
 */
import { expect, test, type Page } from "@playwright/test";
import { DEMO_EVENT_SLUG, E2E_PASSWORD, OTHER_EVENT_SLUG, STAFF } from "./fixtures";
import { eventDatesFrom } from "../scripts/event-dates";
import { signInAsStaff } from "./staff";
import { present } from "../core/lists";

// The admin has no locale in its URL: it reads NEXT_LOCALE, then Accept-Language. These specs read English.
test.use({ locale: "en-US" });
test.beforeEach(async ({ context, baseURL }) => {
  await context.addCookies([{ name: "NEXT_LOCALE", value: "en", url: present(baseURL) }]);
});

async function expectNotAllowed(page: Page) {
  await expect(page.getByRole("heading", { level: 1, name: "Not allowed" })).toBeVisible();
  await expect(page.getByRole("button", { name: /save|create|publish|add race/i })).toHaveCount(0);
}

test.describe("anonymous visitors", () => {
  test("are sent to sign-in from every admin page, and come back after signing in", async ({ page }) => {
    for (const path of ["/admin", "/admin/events/new", `/admin/events/${DEMO_EVENT_SLUG}`, `/admin/events/${DEMO_EVENT_SLUG}/races/half`]) {
      await page.goto(path);
      await expect(page).toHaveURL(/\/admin\/sign-in\?callbackUrl=/);
      await expect(page.getByRole("heading", { level: 1, name: "Staff sign-in" })).toBeVisible();
    }
    await page.getByLabel("Email address").fill(STAFF.admin);
    await page.getByLabel("Password").fill(E2E_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(new RegExp(`/admin/events/${DEMO_EVENT_SLUG}/races/half$`));
  });

  test("see an error for a wrong password, in their language", async ({ page }) => {
    await page.goto("/admin/sign-in");
    await page.getByLabel("Email address").fill(STAFF.admin);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "email address or password is not correct" })).toBeVisible();
    await expect(page.getByLabel("Email address")).toHaveValue(STAFF.admin);
    await expect(page).toHaveURL(/\/admin\/sign-in/);

    await page.getByRole("button", { name: "切换到中文" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "工作人员登录" })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  });
});

test("an organizer creates an event with two races, fixes a field error, publishes it, and the public sees it", async ({ page }) => {
  const slug = `e2e-admin-${Date.now().toString(36)}`;
  const name = `E2E Admin Run ${slug.slice(-6)}`;
  await signInAsStaff(page, STAFF.organizer);
  await page.getByRole("link", { name: "New event" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New event" })).toBeVisible();

  await page.getByLabel("Web address (slug)").fill(slug);
  await page.getByLabel("Event name (Chinese)").fill("端到端测试跑");
  await page.getByLabel("Event name (English)").fill(name);
  const { date, at } = eventDatesFrom(new Date(), { daysAhead: 300 });
  await page.getByLabel("Date").fill(date);
  await page.getByLabel("Time zone").fill("Asia/Shanghai");

  const fillRace = async (n: number, r: { slug: string; zh: string; en: string; distance: string; places: string; price: string; start: string; bibs: string }) => {
    const race = page.getByRole("group", { name: `Race ${n}`, exact: true });
    await race.getByLabel("Race code (slug)").fill(r.slug);
    await race.getByLabel("Race name (Chinese)").fill(r.zh);
    await race.getByLabel("Race name (English)").fill(r.en);
    await race.getByLabel("Distance in metres").fill(r.distance);
    await race.getByLabel("Places").fill(r.places);
    await race.getByLabel("Entry fee").fill(r.price);
    await race.getByLabel("Minimum age").fill("16");
    await race.getByLabel("Maximum age").fill("80");
    await race.getByLabel("Start time").fill(r.start);
    await race.getByLabel("Bib ranges").fill(r.bibs);
  };
  await fillRace(1, { slug: "10k", zh: "10公里", en: "10K", distance: "10000", places: "-5", price: "120.00", start: at("07:30"), bibs: "1-100 reserved Elite\n101-3000" });
  await page.getByRole("button", { name: "Add another race" }).click();
  await fillRace(2, { slug: "5k", zh: "5公里", en: "5K", distance: "5000", places: "1000", price: "60.50", start: at("09:00"), bibs: "5001-6000" });
  await page.getByRole("group", { name: "Race 1", exact: true }).getByLabel("Waves").fill("A 07:30\nB 07:40");
  await page.getByRole("button", { name: "Create event" }).click();

  // The error sits by its field (and in the summary); what was typed is kept.
  const places = page.getByRole("group", { name: "Race 1", exact: true }).getByLabel("Places");
  await expect(places).toHaveAttribute("aria-invalid", "true");
  await expect(places).toHaveAccessibleDescription(/must be at least 0/);
  await expect(places).toHaveValue("-5");
  await expect(page.getByRole("link", { name: "Race 1 · Places must be at least 0" })).toBeVisible();
  await expect(page.getByRole("group", { name: "Race 2", exact: true }).getByLabel("Entry fee")).toHaveValue("60.50");

  await places.fill("3000");
  await page.getByRole("button", { name: "Create event" }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/events/${slug}`));
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("created as a draft");
  const races = page.getByRole("table");
  await expect(races.getByRole("row")).toHaveCount(3);
  await expect(races.getByRole("cell", { name: "CN¥60.50" })).toBeVisible();

  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByRole("status")).toContainText("The event is published");
  await expect(page.getByRole("button", { name: "Unpublish" })).toBeVisible();

  await page.goto(`/en/events/${slug}`);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
});

test.describe("a volunteer", () => {
  test("sees the demo event read-only and is refused every edit page", async ({ page }) => {
    await signInAsStaff(page, STAFF.volunteer);
    await expect(page.getByRole("link", { name: "New event" })).toHaveCount(0);

    await page.goto("/admin/events/new");
    await expectNotAllowed(page);

    await page.goto(`/admin/events/${DEMO_EVENT_SLUG}`);
    await expect(page.getByRole("note")).toContainText("you are not allowed to change this event");
    await expect(page.getByRole("button", { name: /save|publish|add race/i })).toHaveCount(0);
    await expect(page.getByRole("textbox")).toHaveCount(0);

    await page.goto(`/admin/events/${DEMO_EVENT_SLUG}/races/half`);
    await expectNotAllowed(page);
  });
});

test.describe("an organizer of another event", () => {
  test("is refused the demo event and its races", async ({ page }) => {
    await signInAsStaff(page, STAFF.otherOrganizer);
    await expect(page.getByRole("rowheader")).toHaveCount(1);
    await expect(page.getByRole("rowheader")).toContainText(OTHER_EVENT_SLUG);

    await page.goto(`/admin/events/${DEMO_EVENT_SLUG}`);
    await expectNotAllowed(page);
    await page.goto(`/admin/events/${DEMO_EVENT_SLUG}/races/half`);
    await expectNotAllowed(page);

    await page.goto(`/admin/events/${OTHER_EVENT_SLUG}`);
    await expect(page.getByRole("button", { name: "Save changes" })).toBeVisible();
  });
});
