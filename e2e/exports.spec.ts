/**
 * The Exports page in a real browser against the production build: an organizer opens it from the event, downloads
 * the timing start list (CSV), the printer's bib list for one race (CSV) and the bib sheet (PDF with the Chinese
 * font embedded); a volunteer has no link and is refused. The page passes axe in English and Chinese and fits a
 * 360 px phone.
 */
import { expect, test, type Download, type Page } from "@playwright/test";
import { expectNoSeriousAxeViolations } from "./axe";
import { DEMO_EVENT_SLUG, STAFF, PAID_RUNNERS } from "./fixtures";
import { signInAsStaff } from "./staff";
import { present } from "../core/lists";

test.use({ locale: "en-US" });
test.beforeEach(async ({ context, baseURL }) => {
  await context.addCookies([{ name: "NEXT_LOCALE", value: "en", url: present(baseURL) }]);
});

const PAGE = `/admin/events/${DEMO_EVENT_SLUG}/exports`;

async function bytesOf(download: Download): Promise<Buffer> {
  return Buffer.concat(await (await download.createReadStream()).toArray());
}

async function download(page: Page, link: string): Promise<Download> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: link }).click()]);
  return file;
}

test("an organizer downloads the start list, the bib list of one race and the bib sheet", async ({ page }) => {
  await signInAsStaff(page, STAFF.organizer);
  await page.goto(`/admin/events/${DEMO_EVENT_SLUG}`);
  await page.getByRole("link", { name: "Exports" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Exports" })).toBeVisible();
  await expectNoSeriousAxeViolations(page, "exports (en)");

  const startList = await download(page, "Start list (CSV)");
  expect(startList.suggestedFilename()).toMatch(new RegExp(`^${DEMO_EVENT_SLUG}-start-list-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
  const text = (await bytesOf(startList)).toString("utf8");
  expect(text.startsWith("\uFEFFbib,familyName,givenName,latinName,gender,birthDate,ageOnRaceDay,")).toBe(true);
  expect(text).toContain(`${PAID_RUNNERS.chen.familyName},${PAID_RUNNERS.chen.givenName},${PAID_RUNNERS.chen.latinName},F,1988-03-12,`);
  expect(text).not.toContain(PAID_RUNNERS.chen.idNumber);

  // One race: the choice is kept in the page's address and in every download link.
  await page.getByLabel("Race").selectOption("fun-run");
  await page.getByRole("button", { name: "Show files for this choice" }).click();
  await expect(page).toHaveURL(/race=fun-run/);
  await expect(page.getByRole("status").filter({ hasText: "The files below hold: Family Fun Run" })).toBeVisible();
  const bibList = await download(page, "Bib list (CSV)");
  expect(bibList.suggestedFilename()).toMatch(/-bibs-\d{4}-\d{2}-\d{2}-fun-run\.csv$/);
  const csv = (await bytesOf(bibList)).toString("utf8");
  expect(csv.startsWith("\uFEFF")).toBe(true);
  const rows = csv.slice(1).trim().split("\r\n");
  expect(rows[0]).toBe("bib,name,latinName,familyName,givenName,race,raceNameZh,raceNameEn,wave,tshirtSize,emergencyName,emergencyPhone");
  expect(rows.slice(1).every((r) => r.includes(",fun-run,"))).toBe(true);

  const sheet = await download(page, "A4 bib sheet, two bibs per page (PDF)");
  expect(sheet.suggestedFilename()).toMatch(/-bibs-a4-\d{4}-\d{2}-\d{2}-fun-run\.pdf$/);
  const pdf = await bytesOf(sheet);
  expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  expect(pdf.toString("latin1")).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Bold/);

  const xlsx = await download(page, "Bib list (Excel, XLSX)");
  expect(xlsx.suggestedFilename()).toMatch(/-bibs-\d{4}-\d{2}-\d{2}-fun-run\.xlsx$/);
  expect((await bytesOf(xlsx)).subarray(0, 2).toString("latin1")).toBe("PK");
});

test("the page reads in Chinese and fits a phone", async ({ page, context, baseURL }) => {
  await page.setViewportSize({ width: 360, height: 780 });
  await signInAsStaff(page, STAFF.organizer);
  await context.addCookies([{ name: "NEXT_LOCALE", value: "zh", url: present(baseURL) }]);
  await page.goto(PAGE);
  await expect(page.getByRole("heading", { level: 1, name: "导出" })).toBeVisible();
  await expect(page.getByRole("link", { name: "A5 号码布，每页一张（PDF）" })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expectNoSeriousAxeViolations(page, "exports (zh, phone)");
});

test("a volunteer has no exports", async ({ page }) => {
  await signInAsStaff(page, STAFF.volunteer);
  await page.goto(`/admin/events/${DEMO_EVENT_SLUG}`);
  await expect(page.getByRole("link", { name: "Exports" })).toHaveCount(0);
  const response = await page.goto(PAGE);
  expect(response?.status()).toBe(403);
  expect((await page.request.get(`${PAGE}/bibs.pdf`, { maxRedirects: 0 })).status()).toBe(403);
});
