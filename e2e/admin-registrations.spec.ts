/**
 * Organizers and volunteers with the entries of an event, in a real browser against the production build. A runner
 * registers through the public API and pays on the simulated checkout page; the organizer finds the entry by name and
 * by the last four characters of the ID, opens it, refunds part of it after a review step, sees the refund, its
 * history line and the email in the outbox; a volunteer can look entries up but not refund, and has no outbox.
 * Every page passes axe (no serious or critical violations), in English and Chinese, on a desktop and a phone.
 */
import { expect, test } from "@playwright/test";
import { DEMO_EVENT_SLUG, STAFF, PAID_RUNNERS } from "./fixtures";
import { signInAsStaff } from "./staff";
import { registerAndPay } from "./checkout";
import { expectNoSeriousAxeViolations } from "./axe";
import { present } from "../core/lists";

test.use({ locale: "en-US" });
test.beforeEach(async ({ context, baseURL }) => {
  await context.addCookies([{ name: "NEXT_LOCALE", value: "en", url: present(baseURL) }]);
});

const LIST = `/admin/events/${DEMO_EVENT_SLUG}/registrations`;

/** A passport number no other run uses, so the spec can run again on the same database. */
function uniquePassport(): string {
  return `P${Date.now().toString().slice(-8)}`;
}

/** The runner this spec registers and pays for (e2e/checkout.ts). */
function zhaoMin(passport: string) {
  return {
    race: "half",
    familyName: "赵",
    givenName: "敏",
    latinName: "Zhao Min",
    gender: "F",
    birthDate: "1991-08-08",
    nationality: "CN",
    idType: "passport",
    idNumber: passport,
    phone: "+86 138 0013 8000",
    emergencyContact: { name: "赵强", phone: "+86 139 0000 0000" },
    tshirtSize: "S",
  };
}

test("an organizer finds a paid entry, refunds part of it, and sees the refund and its email", async ({ page, request }) => {
  test.setTimeout(90_000); // one long story: register, pay, search twice, refund in two steps, outbox; axe on six pages
  const runner = { passport: uniquePassport(), email: `zhao.min.${Date.now()}@e2e.test` };
  const order = await registerAndPay(page, request, runner.email, zhaoMin(runner.passport));
  const half = order.totalCents;

  await signInAsStaff(page, STAFF.organizer);
  await page.goto(`/admin/events/${DEMO_EVENT_SLUG}`);
  await page.getByRole("link", { name: "Registrations" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Registrations" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Entries by status" }).getByRole("link", { name: /^Confirmed \d+$/ })).toBeVisible();
  await expectNoSeriousAxeViolations(page, "entry list");

  // By name, in Latin letters and any order.
  await page.getByLabel("Search", { exact: true }).fill("min zhao");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/q=min\+zhao/);
  const rows = page.getByRole("region", { name: /entr/ }).getByRole("row");
  await expect(page.getByRole("heading", { level: 2 })).toContainText("entr");
  await expect(rows.filter({ hasText: runner.passport.slice(-4) }).first()).toBeVisible();

  // By the last four characters of the ID number, which is shown masked.
  await page.getByLabel("Search", { exact: true }).fill(runner.passport.slice(-4));
  await page.getByLabel("Status", { exact: true }).selectOption("confirmed");
  await page.getByRole("button", { name: "Search" }).click();
  const row = page.getByRole("row").filter({ hasText: order.code });
  await expect(row).toContainText(`*****${runner.passport.slice(-4)}`);
  await expect(row).not.toContainText(runner.passport);
  // The whole number finds exactly this entry.
  await page.getByLabel("Search", { exact: true }).fill(runner.passport);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "1 entry" })).toBeVisible();
  await row.getByRole("link", { name: "Zhao Min" }).click();

  await expect(page.getByRole("heading", { level: 1 })).toContainText("Zhao Min");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Confirmed");
  await expect(page.getByText(runner.email).first()).toBeVisible();
  const emails = page.getByRole("region", { name: "Emails sent" }).first();
  await expect(emails.getByRole("row").filter({ hasText: "Confirmation" })).toHaveCount(1);
  await expectNoSeriousAxeViolations(page, "entry page");

  // Refund 50.00 of this entry: choose, review, confirm.
  await page.getByRole("link", { name: "Refund…" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Refund", exact: true })).toBeFocused();
  await expect(page.getByRole("radio", { name: /^This entry/ })).toBeChecked();
  await page.getByLabel("Amount (optional)").fill("abc");
  await page.getByRole("button", { name: "Review the refund" }).click();
  await expect(page.getByLabel("Amount (optional)")).toHaveAccessibleDescription(/must be a sum such as 50/);
  await expect(page.getByLabel("Amount (optional)")).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Amount (optional)").fill("50");
  await page.getByRole("button", { name: "Review the refund" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Refund CN¥50.00?" })).toBeFocused();
  await expectNoSeriousAxeViolations(page, "refund review");
  await page.getByRole("button", { name: "Yes, refund CN¥50.00" }).click();

  await expect(page.getByRole("status")).toContainText("The refund of CN¥50.00 was recorded");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Refunded");
  const refunds = page.getByRole("region", { name: "Refunds" }).first();
  await expect(refunds.getByRole("row").filter({ hasText: "CN¥50.00" })).toContainText("Done");
  await expect(refunds.getByRole("row").filter({ hasText: "CN¥50.00" })).toContainText("This entry");
  await expect(page.getByRole("listitem").filter({ hasText: "Refund of CN¥50.00 by an organizer" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Refund…" })).toHaveCount(0);
  await expect(page.getByText(`Still refundable`).locator("xpath=following-sibling::dd[1]")).toHaveText(
    new Intl.NumberFormat("en", { style: "currency", currency: "CNY" }).format((half - 5000) / 100),
  );

  // The refund email, in the outbox.
  await page.getByRole("link", { name: "Email outbox" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Email outbox" })).toBeVisible();
  const mail = page.getByRole("row").filter({ hasText: runner.email }).filter({ hasText: "Refund issued" });
  await expect(mail).toHaveCount(1);
  await expectNoSeriousAxeViolations(page, "outbox");
  await mail.getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`Refund issued`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(order.code);
  await expect(page.locator("pre")).toContainText("CN¥50.00");
  await expect(page.frameLocator("iframe").getByRole("heading", { name: "Refund issued" })).toBeVisible();
  // The message's own HTML (server/email/templates.ts) renders in a sandboxed frame where axe cannot run.
  await expectNoSeriousAxeViolations(page, "outbox message", "iframe");
});

test("an organizer reads the list in Chinese on a phone: cards, not a table wider than the screen", async ({ page, context, baseURL }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAsStaff(page, STAFF.organizer);
  await context.addCookies([{ name: "NEXT_LOCALE", value: "zh", url: present(baseURL) }]);
  await page.goto(`${LIST}?q=${encodeURIComponent("刘")}`);
  await expect(page.getByRole("heading", { level: 1, name: "报名名单" })).toBeVisible();
  await expect(page.getByRole("link", { name: `${PAID_RUNNERS.liu.familyName}${PAID_RUNNERS.liu.givenName}` })).toBeVisible();
  await expect(page.getByRole("link", { name: `${PAID_RUNNERS.liuChild.familyName}${PAID_RUNNERS.liuChild.givenName}` })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expectNoSeriousAxeViolations(page, "entry list, zh, phone");
  // A hand-edited address with bad filters still lists, without them, and says what was ignored.
  await page.goto(`${LIST}?race=marathon&status=paid&page=0`);
  const ignored = page.getByRole("alert").filter({ hasText: "已忽略" });
  await expect(ignored).toContainText("项目");
  await expect(ignored).toContainText("状态");
  await expect(ignored).toContainText("页码");
  await expect(page.getByRole("link", { name: "刘洋" })).toBeVisible();
  await page.getByRole("link", { name: "刘小溪" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "监护人" })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expectNoSeriousAxeViolations(page, "entry page, zh, phone");
});

test("a volunteer looks entries up for pickup but cannot refund, cancel, or read the outbox", async ({ page }) => {
  await signInAsStaff(page, STAFF.volunteer);
  await expect(page.getByRole("link", { name: "Email outbox" })).toHaveCount(0);
  await page.goto(`${LIST}?q=${encodeURIComponent(PAID_RUNNERS.chen.latinName)}`);
  await expect(page.getByRole("note")).toContainText("View only");
  await page.getByRole("link", { name: PAID_RUNNERS.chen.latinName }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(PAID_RUNNERS.chen.latinName);
  await expect(page.getByText(`**************${PAID_RUNNERS.chen.idNumber.slice(-4)}`)).toBeVisible();
  await expect(page.getByText(PAID_RUNNERS.chen.email)).toHaveCount(0);
  await expect(page.getByRole("link", { name: /Refund|Cancel entry|Resend/ })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Refunds" })).toHaveCount(0);
  await expectNoSeriousAxeViolations(page, "entry page as volunteer");

  // The confirmation step is not there for a volunteer, even by its address.
  await page.goto(`${page.url()}?confirm=refund&review=1&scope=entry&amount=10`);
  await expect(page.getByRole("button", { name: /refund/i })).toHaveCount(0);

  const outbox = await page.goto("/admin/outbox");
  expect(outbox?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1, name: "Not allowed" })).toBeVisible();
});

test("an organizer downloads the filtered list as CSV; a volunteer has no download", async ({ page }) => {
  await signInAsStaff(page, STAFF.organizer);
  await page.goto(`${LIST}?q=${encodeURIComponent(PAID_RUNNERS.chen.latinName)}`);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^${DEMO_EVENT_SLUG}-registrations-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
  const text = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString("utf8"));
  expect(text.startsWith("\uFEFFid,orderCode,status,race,")).toBe(true);
  const lines = text.trim().split("\r\n");
  // The header and the one entry the search finds, in Chinese and Latin script, its ID masked.
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(`${PAID_RUNNERS.chen.familyName},${PAID_RUNNERS.chen.givenName},${PAID_RUNNERS.chen.latinName}`);
  expect(lines[1]).toContain(`*${PAID_RUNNERS.chen.idNumber.slice(-4)}`);
  expect(lines[1]).not.toContain(PAID_RUNNERS.chen.idNumber);

  await page.getByRole("button", { name: /sign out/i }).click();
  await signInAsStaff(page, STAFF.volunteer);
  await page.goto(LIST);
  await expect(page.getByRole("heading", { level: 1, name: "Registrations" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Download CSV" })).toHaveCount(0);
});
