/**
 * Bib numbers in the admin (issue 4, "Bibs" and "Waves"), in a real browser against the production build: an
 * organizer opens a batch race's bib page, previews the assignment (who gets which bib, the bib now, the wave;
 * one runner left without a bib when the range runs out), applies it after a confirmation, and finds the bibs on
 * the entry list and the entry page; sets a reserved bib by hand (locked), is told next to the field when a bib is
 * taken, re-runs the batch and the locked bib stays; swaps two bibs and moves an entry to another wave. The bib
 * page and the entry page pass axe, in English and Chinese, and fit a phone without sideways scrolling.
 * The event comes from e2e/bib-event.ts (made by e2e/prepare-db.ts).
 */
import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousAxeViolations } from "./axe";
import { STAFF, BIB_EVENT, BIB_RUNNERS } from "./fixtures";
import { signInAsStaff } from "./staff";
import { present } from "../core/lists";

test.use({ locale: "en-US" });
test.beforeEach(async ({ context, baseURL }) => {
  await context.addCookies([{ name: "NEXT_LOCALE", value: "en", url: present(baseURL) }]);
});

const RACE_PAGE = `/admin/events/${BIB_EVENT.slug}/races/${BIB_EVENT.race.slug}`;
const BIBS = `${RACE_PAGE}/bibs`;
const LIST = `/admin/events/${BIB_EVENT.slug}/registrations`;
const [zhao, qian, sun, li, zhou, wu] = BIB_RUNNERS;
/** The runner's name as the bib proposal shows it (native, then Latin). */
const proposalName = (r: (typeof BIB_RUNNERS)[number]) => `${r.familyName}${r.givenName} (${r.latinName})`;

/** The entry page of a runner, through the entry list (English: the Latin name is the link). */
async function openEntry(page: Page, runner: (typeof BIB_RUNNERS)[number]) {
  await page.goto(`${LIST}?q=${encodeURIComponent(runner.latinName)}`);
  await page.getByRole("link", { name: runner.latinName, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(runner.latinName);
}

function fact(page: Page, term: string) {
  return page.locator("section", { has: page.getByRole("heading", { level: 2, name: "Entry", exact: true }) }).locator("dt", { hasText: new RegExp(`^${term}$`) }).locator("+ dd");
}

async function previewAndApply(page: Page) {
  await page.goto(BIBS);
  await page.getByRole("button", { name: "Preview assignment" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Proposed assignment" })).toBeFocused();
}

test("an organizer previews and applies a batch, sets a bib by hand that survives a re-run, swaps bibs and moves a wave", async ({ page }) => {
  test.setTimeout(180_000); // one long story: preview, apply, three entry pages, a re-run, a swap and a wave; axe on five pages
  await signInAsStaff(page, STAFF.organizer);
  await page.goto(RACE_PAGE);
  await page.getByRole("link", { name: "Bib numbers" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Bib numbers: ${BIB_EVENT.race.name.en}` })).toBeVisible();
  const settings = page.getByRole("region", { name: "How bibs are given" });
  await expect(settings).toContainText("In one batch (you start it)");
  await expect(settings).toContainText("101–105");
  await expect(settings).toContainText("reserved");
  await expect(settings).toContainText("predicted under 0:45:00");
  await expect(settings).toContainText("up to 1 runner ");
  await expect(settings).toContainText("predicted 0:45:00 to under 1:00:00");
  await expectNoSeriousAxeViolations(page, "bib page");

  // The preview: five numbers for six runners, in wave and predicted-time order; nothing is written yet.
  await previewAndApply(page);
  const counts = page.getByRole("list").filter({ hasText: "confirmed entries" });
  await expect(counts).toContainText("6 confirmed entries");
  await expect(counts).toContainText("5 get a new or changed bib");
  await expect(counts).toContainText("1 left without a bib");
  const without = page.getByRole("group", { name: "1 entry is left without a bib" });
  await expect(without.getByRole("link", { name: proposalName(wu) })).toBeVisible();
  const table = page.getByRole("table");
  const expected: [string, (typeof BIB_RUNNERS)[number], string][] = [
    ["101", zhao, "A"],
    ["102", qian, "B"],
    ["103", sun, "B"],
    ["104", li, "B"],
    ["105", zhou, "C"],
  ];
  await expect(table.getByRole("row")).toHaveCount(expected.length + 1);
  for (const [bib, runner, wave] of expected) {
    const row = table.getByRole("row", { name: new RegExp(`^${bib} `) });
    await expect(row.getByRole("cell").nth(0)).toHaveText(proposalName(runner));
    await expect(row.getByRole("cell").nth(1)).toHaveText("none");
    await expect(row.getByRole("cell").nth(2)).toHaveText(wave);
  }
  await expectNoSeriousAxeViolations(page, "bib preview");
  await page.goto(LIST);
  await expect(page.getByRole("row", { name: new RegExp(zhao.latinName) }).getByRole("cell").nth(2)).toHaveText("—");

  // Apply, after the confirmation step.
  await previewAndApply(page);
  await page.getByRole("link", { name: "Apply this assignment…" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Apply the bib assignment?" })).toBeFocused();
  await expect(page.getByText("5 runners get a new or changed bib and are emailed it.")).toBeVisible();
  await expectNoSeriousAxeViolations(page, "apply confirmation");
  await page.getByRole("button", { name: "Yes, apply the assignment" }).click();
  await expect(page.getByRole("status")).toContainText("The bibs were assigned: 5 new or changed, 0 the same, 0 kept (locked, or already given).");
  await expect(page.getByRole("status")).toContainText("1 entry is still without a bib");

  // The bibs on the entry list and the entry page.
  await page.goto(LIST);
  for (const [bib, runner] of expected) await expect(page.getByRole("row", { name: new RegExp(runner.latinName) }).getByRole("cell").nth(2)).toHaveText(bib);
  await openEntry(page, zhao);
  await expect(fact(page, "Bib")).toHaveText("101");
  await expect(fact(page, "Wave")).toHaveText("A");

  // A reserved bib by hand for the runner left without one: locked by default.
  await openEntry(page, wu);
  await expect(fact(page, "Bib")).toHaveText("Not assigned yet");
  const bibForm = page.getByRole("form", { name: "Set the bib by hand" });
  await expect(bibForm.getByLabel("Lock this bib")).toBeChecked();
  await bibForm.getByLabel("Bib", { exact: true }).fill("7");
  await bibForm.getByRole("button", { name: "Save bib" }).click();
  await expect(page.getByRole("status")).toContainText("Bib 7 was saved and locked");
  await expect(fact(page, "Bib")).toHaveText("7 (set by hand)");
  await expectNoSeriousAxeViolations(page, "entry page with bib forms");

  // A bib another entry holds: refused next to the field, naming who has it; what was typed stays.
  await openEntry(page, zhou);
  const zhouBib = page.getByRole("form", { name: "Set the bib by hand" }).getByLabel("Bib", { exact: true });
  await zhouBib.fill("101");
  await page.getByRole("button", { name: "Save bib" }).click();
  await expect(zhouBib).toHaveAttribute("aria-invalid", "true");
  await expect(zhouBib).toHaveAccessibleDescription(/Bib is already given to Zhao Yi/);
  await expect(zhouBib).toHaveValue("101");
  await expect(fact(page, "Bib")).toHaveText("105");
  await expectNoSeriousAxeViolations(page, "entry page with a bib error");

  // The batch again: the locked bib stays, the others keep their numbers, nobody is left without.
  await previewAndApply(page);
  await expect(counts).toContainText("5 keep the same number");
  await expect(counts).toContainText("1 bib stays as it is (locked, or already given)");
  await expect(counts).toContainText("0 left without a bib");
  await expect(page.getByRole("group", { name: /left without a bib/ })).toHaveCount(0);
  await expect(page.getByRole("table").getByRole("row", { name: /^7 / })).toHaveCount(0);
  await page.getByRole("link", { name: "Apply this assignment…" }).click();
  await page.getByRole("button", { name: "Yes, apply the assignment" }).click();
  await expect(page.getByRole("status")).toContainText("0 new or changed, 5 the same, 1 kept (locked, or already given)");
  await openEntry(page, wu);
  await expect(fact(page, "Bib")).toHaveText("7 (set by hand)");

  // Unlock it; swap two bibs by bib number; move a runner to another wave.
  await page.getByRole("button", { name: "Unlock bib 7" }).click();
  await expect(page.getByRole("status")).toContainText("Bib 7 is no longer locked");
  await expect(fact(page, "Bib")).toHaveText("7");
  await openEntry(page, li);
  await page.getByLabel("The other entry’s bib or entry ID").fill("105");
  await page.getByRole("button", { name: "Swap bibs" }).click();
  await expect(page.getByRole("status")).toContainText("this entry now has bib 105");
  await expect(fact(page, "Bib")).toHaveText("105 (set by hand)");
  await page.getByLabel("The other entry’s bib or entry ID").fill("999");
  await page.getByRole("button", { name: "Swap bibs" }).click();
  await expect(page.getByLabel("The other entry’s bib or entry ID")).toHaveAccessibleDescription(/“999” is not the bib or ID of an entry of this event/);
  await page.getByRole("form", { name: "Move to another wave" }).getByLabel("Wave").selectOption({ label: "C (7:50 AM)" });
  await page.getByRole("button", { name: "Move", exact: true }).click();
  await expect(page.getByRole("status")).toContainText("moved to wave C");
  await expect(fact(page, "Wave")).toHaveText("C");
  await openEntry(page, zhou);
  await expect(fact(page, "Bib")).toHaveText("104 (set by hand)");
});

test("the bib page and an entry's bib forms in Chinese, on a desktop and on a phone", async ({ page, context, baseURL }) => {
  test.setTimeout(90_000);
  await signInAsStaff(page, STAFF.organizer);
  await context.addCookies([{ name: "NEXT_LOCALE", value: "zh", url: present(baseURL) }]);
  await page.goto(`${BIBS}?preview=1`);
  await expect(page.getByRole("heading", { level: 1, name: `号码布：${BIB_EVENT.race.name.zh}` })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "号码布分配方式" })).toBeVisible();
  await expect(page.getByText("批量分配（由您发起）")).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "分配方案" })).toBeVisible();
  await expect(page.getByRole("button", { name: "重新预览" })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "当前号码" })).toBeVisible();
  await expectNoSeriousAxeViolations(page, "bib page, zh");

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(page.getByRole("heading", { level: 2, name: "分配方案" })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expectNoSeriousAxeViolations(page, "bib page, zh, phone");
  await page.setViewportSize({ width: 360, height: 740 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

  await page.goto(`${LIST}?q=${encodeURIComponent(zhao.familyName + zhao.givenName)}`);
  await page.getByRole("link", { name: `${zhao.familyName}${zhao.givenName}`, exact: true }).click();
  await expect(page.getByRole("heading", { level: 2, name: "号码布与批次" })).toBeVisible();
  await expect(page.getByRole("form", { name: "手动设置号码" }).getByLabel("锁定此号码")).toBeChecked();
  await expect(page.getByRole("button", { name: "互换号码" })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await expectNoSeriousAxeViolations(page, "entry page bib forms, zh, phone");
});
