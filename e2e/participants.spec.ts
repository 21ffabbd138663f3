/**
 * The participants table in a real browser against the production build (issue 6). A runner registers through the
 * public API and pays on the simulated checkout page; the organizer filters the table (race, gender, packet not
 * picked up, a search), sorts it by a column header both ways (aria-sort follows), downloads the filtered view as
 * CSV (its rows are the table's, in the table's order) and as XLSX, then corrects the runner's phone on the entry
 * page and sees the change with its previous value at the top of the history; a correction that breaks the age
 * rule is refused on its field with nothing changed. The pages pass axe in English and Chinese.
 */
import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousAxeViolations } from "./axe";
import { DEMO_EVENT_SLUG, STAFF } from "./fixtures";
import { signInAsStaff } from "./staff";
import { registerAndPay } from "./checkout";
import { first, present } from "../core/lists";

test.use({ locale: "en-US" });
test.beforeEach(async ({ context, baseURL }) => {
  await context.addCookies([{ name: "NEXT_LOCALE", value: "en", url: present(baseURL) }]);
});

const LIST = `/admin/events/${DEMO_EVENT_SLUG}/registrations`;

/** Letters only (a Latin name), different on every run so the spec can run again on the same database. */
function runLetters(): string {
  return Date.now()
    .toString()
    .slice(-7)
    .split("")
    .map((d) => String.fromCharCode(97 + Number(d)))
    .join("");
}


/** The runner this spec registers and pays for (e2e/checkout.ts). */
function sunLi(runner: { latinName: string; passport: string }) {
  return {
    race: "half",
    familyName: "孙",
    givenName: "丽",
    latinName: runner.latinName,
    gender: "F",
    birthDate: "1986-06-06",
    nationality: "CN",
    idType: "passport",
    idNumber: runner.passport,
    phone: "+86 138 0013 8000",
    emergencyContact: { name: "孙强", phone: "+86 139 0000 0000" },
    tshirtSize: "S",
  };
}

async function downloadText(page: Page, linkName: string): Promise<{ name: string; body: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: linkName }).click()]);
  const body = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks));
  return { name: download.suggestedFilename(), body };
}

/** The entry ids of the table's rows, in order (each runner's link opens its entry). */
async function tableIds(page: Page): Promise<string[]> {
  const hrefs = await page.locator("table tbody th a").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  return hrefs.map((h) => present(h.split("/").at(-1)));
}

test("an organizer filters and sorts the participants, exports the filtered view, and corrects an entry", async ({ page, request }) => {
  test.setTimeout(120_000); // register and pay, filters, two sorts, two downloads, an edit and a refusal; axe on three pages
  const letters = runLetters();
  const runner = { latinName: `Sun Li ${letters}`, passport: `S${Date.now().toString().slice(-8)}`, email: `sun.li.${letters}@e2e.test` };
  await registerAndPay(page, request, runner.email, sunLi(runner));

  await signInAsStaff(page, STAFF.organizer);
  await page.goto(LIST);
  await expect(page.getByRole("heading", { level: 1, name: "Registrations" })).toBeVisible();

  // Filter: the half marathon's women who have not picked up their packet.
  const filters = page.getByRole("search", { name: "Filter entries" });
  await filters.getByRole("combobox", { name: "Race", exact: true }).selectOption({ label: "Half Marathon" });
  await filters.getByRole("combobox", { name: "Gender", exact: true }).selectOption("F");
  await filters.getByRole("combobox", { name: "Packet", exact: true }).selectOption("no");
  await filters.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/race=half/);
  await expect(page).toHaveURL(/gender=F/);
  await expect(page).toHaveURL(/pickedUp=no/);
  await expect(page.getByRole("link", { name: runner.latinName })).toBeVisible();
  await expectNoSeriousAxeViolations(page, "participants (en)");

  // Sort by the runner's name: ascending, then descending; the header says which.
  await page.getByRole("link", { name: "Sort by Runner" }).click();
  await expect(page).toHaveURL(/sort=name/);
  const nameHeader = page.getByRole("columnheader", { name: /^Runner/ });
  await expect(nameHeader).toHaveAttribute("aria-sort", "ascending");
  const ascending = await tableIds(page);
  await page.getByRole("link", { name: "Runner, sorted ascending" }).click();
  await expect(page).toHaveURL(/order=desc/);
  await expect(page.getByRole("columnheader", { name: /^Runner/ })).toHaveAttribute("aria-sort", "descending");
  const descending = await tableIds(page);
  expect(descending.length).toBe(ascending.length);
  if (ascending.length <= 50) expect(descending).toEqual([...ascending].reverse());
  // The filters stayed.
  await expect(page).toHaveURL(/gender=F/);

  // The CSV holds the filtered view, in the table's order, every row a woman in the half marathon.
  const csv = await downloadText(page, "Download CSV");
  expect(csv.name).toMatch(new RegExp(`^${DEMO_EVENT_SLUG}-registrations-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
  const lines = csv.body.toString("utf8").replace(/^\uFEFF/, "").trim().split("\r\n");
  const header = first(lines).split(",");
  const rows = lines.slice(1).map((l) => l.split(","));
  const total = Number(((await page.getByRole("heading", { level: 2, name: /entr/ }).textContent()) ?? "").replace(/[^\d]/g, ""));
  expect(rows).toHaveLength(total);
  expect(rows.map((r) => r[header.indexOf("id")]).slice(0, descending.length)).toEqual(descending);
  for (const r of rows) {
    expect(r[header.indexOf("gender")]).toBe("F");
    expect(r[header.indexOf("race")]).toBe("half");
    expect(r[header.indexOf("checkedInAt")]).toBe("");
  }
  expect(rows.some((r) => r[header.indexOf("latinName")] === runner.latinName)).toBe(true);

  const xlsx = await downloadText(page, "Download XLSX");
  expect(xlsx.name).toMatch(/\.xlsx$/);
  expect(xlsx.body.subarray(0, 2).toString("latin1")).toBe("PK"); // a zip, as every XLSX

  // Correct the runner's phone on the entry page; the history shows the change with the previous value.
  await page.goto(`${LIST}?q=${encodeURIComponent(runner.latinName)}`);
  await page.getByRole("link", { name: runner.latinName }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(runner.latinName);
  const form = page.locator("form.adm-part-edit");
  await form.getByLabel(/^Phone/).fill("+86 138 9999 0000");
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("The runner's details were saved.")).toBeVisible();
  const latest = page.locator(".adm-part-history > li").first();
  await expect(latest).toContainText("Details corrected by an organizer");
  await expect(latest).toContainText("Phone: +86 138 0013 8000 → +86 138 9999 0000");
  await expect(latest).toContainText(STAFF.organizer);
  await expectNoSeriousAxeViolations(page, "entry with history (en)");

  // Too young for the half marathon on race day: refused on the birth date, nothing saved.
  await form.getByLabel(/^Date of birth/).fill("2020-01-01");
  await form.getByRole("button", { name: "Save changes" }).click();
  const summary = page.locator(".adm-summary");
  await expect(summary).toBeFocused();
  await expect(summary).toContainText("Date of birth");
  await expect(summary).toContainText("too young");
  await expectNoSeriousAxeViolations(page, "entry with a refused correction (en)");
  await page.reload();
  await expect(page.locator(".adm-part-history > li").first()).toContainText("Phone: +86 138 0013 8000 → +86 138 9999 0000");
  await expect(page.getByText("1986-06-06").first()).toBeVisible();
});

test("the participants table reads in Chinese, with its filters and sortable headers, and passes axe", async ({ page, context, baseURL }) => {
  await signInAsStaff(page, STAFF.admin);
  await context.addCookies([{ name: "NEXT_LOCALE", value: "zh", url: present(baseURL) }]);
  await page.goto(`${LIST}?gender=F&sort=age&order=desc`);
  await expect(page.getByRole("heading", { level: 1, name: "报名名单" })).toBeVisible();
  await expect(page.getByRole("combobox", { name: "性别" })).toHaveValue("F");
  await expect(page.getByRole("columnheader", { name: /^年龄/ })).toHaveAttribute("aria-sort", "descending");
  await expect(page.getByRole("link", { name: "下载 XLSX" })).toBeVisible();
  await expectNoSeriousAxeViolations(page, "participants (zh)");
});
