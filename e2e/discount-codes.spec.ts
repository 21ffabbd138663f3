/**
 * Discount codes end to end: an organizer creates a code on the event's "Discount codes" page (after a field error
 * that keeps what was typed), a runner types it in lower case on the registration form and the checkout shows the
 * discount and the lower total, the organizer sees the use counted and ends the code after a confirmation. Axe on
 * the admin page.
 */
import { expect, test } from "@playwright/test";
import { residentId } from "../test/factories";
import { DEMO_EVENT_SLUG, STAFF } from "./fixtures";
import { signInAsStaff } from "./staff";
import { expectNoSeriousAxeViolations } from "./axe";
import { present } from "../core/lists";

test.use({ locale: "en-US" });
test.beforeEach(async ({ context, baseURL }) => {
  await context.addCookies([{ name: "NEXT_LOCALE", value: "en", url: present(baseURL) }]);
});

/** Unique per run, so a reused server (and its database) never sees the same code or document twice. */
const runId = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
const CODE = `E2E-${runId}`.toUpperCase();

function money(major: string): string {
  return new Intl.NumberFormat("en", { style: "currency", currency: "CNY" }).format(major as `${number}`);
}

test("an organizer creates a discount code, a runner's price shows it, and the organizer ends it", async ({ page }) => {
  await signInAsStaff(page, STAFF.organizer);
  await page.goto(`/admin/events/${DEMO_EVENT_SLUG}`);
  await page.getByRole("link", { name: "Discount codes" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Discount codes" })).toBeVisible();
  // The demo seed's code is listed.
  await expect(page.getByRole("row", { name: /FAMILY10/ })).toContainText("10% off");

  await page.getByRole("textbox", { name: "Code (required)" }).fill(CODE.toLowerCase());
  await page.getByRole("combobox", { name: "Type (required)" }).selectOption("percent");
  await page.getByRole("textbox", { name: "Discount (required)" }).fill("150");
  await page.getByRole("combobox", { name: "Race", exact: true }).selectOption({ label: "Family Fun Run" });
  await page.getByLabel("Maximum uses").fill("5");
  await page.getByRole("button", { name: "Create code" }).click();

  // The error sits by its field and in the summary; what was typed stays.
  const value = page.getByRole("textbox", { name: "Discount (required)" });
  await expect(value).toHaveAttribute("aria-invalid", "true");
  await expect(value).toHaveAccessibleDescription(/must be a whole percentage from 1 to 100/);
  await expect(page.getByRole("link", { name: "Discount must be a whole percentage from 1 to 100" })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Code (required)" })).toHaveValue(CODE.toLowerCase());
  await expect(page.getByRole("combobox", { name: "Race", exact: true })).toHaveValue("fun-run");

  await value.fill("15");
  await page.getByRole("button", { name: "Create code" }).click();
  await expect(page.getByRole("status")).toContainText(`Code ${CODE} was created.`);
  const row = page.getByRole("row", { name: new RegExp(CODE) });
  await expect(row).toContainText("15% off");
  await expect(row).toContainText("Family Fun Run");
  await expect(row).toContainText("0 of 5");
  await expect(row).toContainText("Active");
  await expectNoSeriousAxeViolations(page);

  // A runner registers for the fun run with the code, typed in lower case.
  await page.goto(`/en/events/${DEMO_EVENT_SLUG}/register?race=fun-run`);
  await page.getByLabel("Email address").fill(`discount-${runId}@e2e.test`);
  const runner = page.getByRole("group", { name: "Participant 1" });
  const birthDate = `1990-03-${String(10 + Math.floor(Math.random() * 15)).padStart(2, "0")}`;
  await runner.getByRole("radio", { name: /^Family Fun Run/ }).check();
  await runner.getByLabel("Family name", { exact: true }).fill("Okafor");
  await runner.getByLabel("Given name", { exact: true }).fill("Ada");
  await runner.getByRole("radio", { name: "Female", exact: true }).check();
  await runner.getByLabel("Date of birth").fill(birthDate);
  await runner.getByLabel("Nationality").selectOption("CN");
  await runner.getByLabel("ID document").selectOption("cn_resident_id");
  await runner.getByLabel("ID number", { exact: true }).fill(residentId(birthDate, Math.floor(Math.random() * 500), true));
  await runner.getByLabel("Mobile phone").fill("+86 138 0013 8000");
  await runner.getByLabel("Emergency contact’s name").fill("Li Na");
  await runner.getByLabel("Emergency contact’s phone").fill("+86 139 0000 0000");
  await page.getByLabel("Discount code").fill(CODE.toLowerCase());
  await page.getByRole("checkbox", { name: /I have read and accept/ }).check();
  await page.getByRole("button", { name: "Continue to payment" }).click();

  // 15% off the fun run's 60.00.
  await expect(page).toHaveURL(/\/en\/checkout\//);
  const summary = page.getByRole("region", { name: "Order summary" });
  await expect(summary).toContainText("Ada Okafor");
  await expect(summary.getByRole("listitem").filter({ hasText: "Discount" })).toContainText(`−${money("9.00")}`);
  await expect(summary.getByText("Amount to pay").locator("..")).toContainText(money("51.00"));
  await expect(page.getByRole("button", { name: `Pay ${money("51.00")} (test)` })).toBeVisible();

  // The organizer sees the use counted, and ends the code after confirming.
  await page.goto(`/admin/events/${DEMO_EVENT_SLUG}/discount-codes`);
  await expect(row).toContainText("1 of 5");
  await row.getByRole("link", { name: `End now… (${CODE})` }).click();
  const confirm = page.getByRole("heading", { level: 2, name: `End ${CODE} now?` });
  await expect(confirm).toBeFocused();
  await expect(page.getByText("It has been used once.")).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await page.getByRole("button", { name: "Yes, end it now" }).click();
  await expect(page.getByRole("status")).toContainText(`Code ${CODE} has ended`);
  await expect(row).toContainText("Ended");
  await expect(row.getByRole("link", { name: /^End now/ })).toHaveCount(0);
});
