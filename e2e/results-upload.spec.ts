/**
 * The organizer's results upload (issue 5, "Import"), in a real browser against the production build: an organizer
 * makes a published marathon through the API, opens the race's results page from the race page, previews a bad
 * file (every problem by line and column; nothing imported, and the import route refuses the same file whole),
 * then a good one of 3,000 runners with 8 splits (UTF-8 with a BOM, a Chinese name, an ignored column): the preview
 * shows the column mapping and the first rows, the import shows a progress bar and then the summary, and the public
 * leaderboard and the results API list the runners. An updated file streams its progress as NDJSON lines. The
 * page passes axe (en, zh) and fits a 360 px phone.
 */
import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousAxeViolations } from "./axe";
import { STAFF } from "./fixtures";
import { eventDatesFrom } from "../scripts/event-dates";
import { signInAsStaff } from "./staff";
import { authHeader } from "./tokens";
import { first as firstOf, present } from "../core/lists";

test.use({ locale: "en-US" });
test.beforeEach(async ({ context, baseURL }) => {
  await context.addCookies([{ name: "NEXT_LOCALE", value: "en", url: present(baseURL) }]);
});

const EVENT = `results-upload-${Date.now().toString(36)}`;
const RACE = "marathon";
const RACE_PAGE = `/admin/events/${EVENT}/races/${RACE}`;
const RESULTS_PAGE = `${RACE_PAGE}/results`;
const RUNNERS = 3000;
const SPLITS: [string, number][] = [
  ["5k", 5000],
  ["10k", 10000],
  ["15k", 15000],
  ["20k", 20000],
  ["half", 21097.5],
  ["25k", 25000],
  ["30k", 30000],
  ["35k", 35000],
];
const WINNER = { bib: "F1", name: "王芳", gender: "F" };

function clock(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}

/**
 * A results file: the winner (a Chinese name, elite bib F1) first, then runners 2..n a few seconds apart, the gun
 * time a little longer than the net time, splits proportional to the distance; `club` is not a results column.
 * `slower` adds seconds to every net time (an updated file).
 */
function resultsCsv(slower = 0): string {
  const header = ["bib", "name", "gender", "age", "gun_time", "net_time", "status", ...SPLITS.map(([label]) => `split_${label}`), "club"];
  const lines = [header.join(",")];
  for (let i = 1; i <= RUNNERS; i++) {
    const net = (2 * 3600 + 20 * 60 + i * 3 + slower) * 1000;
    const gun = net + (i % 90) * 1000;
    const bib = i === 1 ? WINNER.bib : String(1000 + i);
    const name = i === 1 ? WINNER.name : `Runner ${i}`;
    const gender = i === 1 ? "F" : i % 3 === 0 ? "F" : "M";
    const splits = SPLITS.map(([, metres]) => clock((net * metres) / 42195));
    lines.push([bib, name, gender, String(20 + (i % 50)), clock(gun), clock(net), "", ...splits, i % 7 === 0 ? "West Lake RC" : ""].join(","));
  }
  return `${lines.join("\n")}\n`;
}

/** Line numbers as a person counts them (the header is line 1). */
const BAD_CSV = [
  "bib,name,gender,gun_time,net_time,status,split_5k",
  "1,王芳,F,2:30:00,2:29:50,,0:35:00",
  "2,Li Na,F,0.1245,2:40:00,,0:36:00",
  "3,Bob Smith,M,2:50:00,2:49:00,running,0:40:00",
  "1,Someone Else,M,2:55:00,2:54:00,,0:41:00",
  "4,Zed Zhou,M,2:20:00,2:19:00,,2:30:00",
  "",
].join("\n");

async function chooseFile(page: Page, name: string, text: string, bom = false) {
  const buffer = Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, "utf8")]);
  await page.getByLabel("Results file (CSV)").setInputFiles({ name, mimeType: "text/csv", buffer });
}

interface StreamLine {
  type: "progress" | "done" | "error";
  [key: string]: unknown;
}

/** Posts a file to the import route with the page's session and reads its NDJSON answer. */
async function postImport(page: Page, csv: string): Promise<StreamLine[]> {
  const res = await page.request.post(`${RESULTS_PAGE}/import`, { data: csv, headers: { "Content-Type": "text/csv; charset=utf-8" } });
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("application/x-ndjson");
  return (await res.text())
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as StreamLine);
}

async function resultsTotal(page: Page): Promise<number> {
  const res = await page.request.get(`/api/v1/events/${EVENT}/races/${RACE}/results?pageSize=1`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { total: number }).total;
}

test.beforeAll(async ({ request }) => {
  const dates = eventDatesFrom(new Date(), { daysAhead: 300 });
  const res = await request.post("/api/v1/events", {
    headers: authHeader("organizer"),
    data: {
      slug: EVENT,
      name: { en: "Results Upload Marathon", zh: "成绩上传马拉松" },
      date: dates.date,
      timezone: "Asia/Shanghai",
      status: "published",
      races: [
        {
          slug: RACE,
          name: { en: "Marathon", zh: "全程马拉松" },
          distanceMeters: 42195,
          capacity: 5000,
          priceCents: 20000,
          minAge: 18,
          maxAge: 90,
          startTime: dates.at("07:30"),
          rankBy: "net",
        },
      ],
    },
  });
  expect(res.status(), await res.text()).toBe(201);
});

test("an organizer previews a bad file (refused, nothing imported), then imports 3,000 runners with splits", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAsStaff(page, STAFF.organizer);
  await page.goto(RACE_PAGE);
  await page.getByRole("link", { name: "Results", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Results: Marathon" })).toBeVisible();
  await expect(page.getByText("No results imported yet.")).toBeVisible();
  const format = page.getByRole("region", { name: "File format" });
  await expect(format).toContainText("split_<label>");
  await expect(format).toContainText("h:mm:ss, h:mm:ss.f or mm:ss");
  await expectNoSeriousAxeViolations(page, "results page");

  // A bad file: every problem with its line and column, and nothing is imported.
  await chooseFile(page, "bad.csv", BAD_CSV);
  await page.getByRole("button", { name: "Preview" }).click();
  const refused = page.getByRole("heading", { level: 2, name: "The file was refused" });
  await expect(refused).toBeFocused();
  await expect(page.getByText("4 problems found. Nothing was imported.")).toBeVisible();
  const problems = page.getByRole("table", { name: "Problems by line and column" });
  const rows = problems.getByRole("row");
  await expect(rows).toHaveCount(5);
  await expect(rows.nth(1)).toContainText("3");
  await expect(rows.nth(1)).toContainText("gun_time");
  await expect(rows.nth(1)).toContainText("Not a time");
  await expect(rows.nth(2)).toContainText("4");
  await expect(rows.nth(2)).toContainText("status");
  await expect(rows.nth(3)).toContainText("5");
  await expect(rows.nth(3)).toContainText("This bib is already on an earlier line.");
  await expect(rows.nth(4)).toContainText("6");
  await expect(rows.nth(4)).toContainText("This split is later than the finish.");
  await expect(rows.nth(1).getByRole("cell").first()).toHaveText("3");
  await expect(page.getByRole("button", { name: /^Import/ })).toHaveCount(0);
  await expectNoSeriousAxeViolations(page, "refused file");
  // The import route refuses the same file as a whole, with the same problems, and writes nothing.
  const refusedImport = await postImport(page, BAD_CSV);
  expect(refusedImport).toHaveLength(1);
  expect(refusedImport[0]).toMatchObject({ type: "error", code: "invalid_results_file", details: { errorCount: 4 } });
  expect((firstOf(refusedImport).details as { errors: { line: number }[] }).errors.map((e) => e.line)).toEqual([3, 4, 5, 6]);
  expect(await resultsTotal(page)).toBe(0);

  // A good file (with a BOM): the preview shows how each column is read and the first rows.
  await chooseFile(page, "results.csv", resultsCsv(), true);
  await expect(refused).toHaveCount(0);
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Preview" })).toBeFocused();
  await expect(page.getByText("3,000 rows to import.")).toBeVisible();
  await expect(page.getByText("No bib belongs to an entry of this race")).toBeVisible();
  await expect(page.getByText("Splits, in course order: 5k, 10k, 15k, 20k, half, 25k, 30k, 35k.")).toBeVisible();
  const mapping = page.getByRole("region", { name: "How the columns are read" });
  await expect(mapping.getByRole("row", { name: "bib Bib" })).toBeVisible();
  await expect(mapping.getByRole("row", { name: "net_time Net time" })).toBeVisible();
  await expect(mapping.getByRole("row", { name: "split_half Split half" })).toBeVisible();
  await expect(mapping.getByRole("row", { name: "club Ignored (not imported)" })).toBeVisible();
  const first = page.getByRole("region", { name: "The first 10 rows as read" });
  await expect(first.getByRole("row")).toHaveCount(11);
  const winnerRow = first.getByRole("row").nth(1);
  await expect(winnerRow).toContainText("F1");
  await expect(winnerRow).toContainText(WINNER.name);
  await expect(winnerRow).toContainText("2:20:03");
  await expect(first.getByRole("columnheader", { name: "Split 35k" })).toBeVisible();
  await expectNoSeriousAxeViolations(page, "preview");
  await page.screenshot({ path: test.info().outputPath("results-preview.png"), fullPage: true });
  expect(await resultsTotal(page), "a preview writes nothing").toBe(0);

  // Import: a progress bar, then the summary.
  await page.getByRole("button", { name: "Import 3,000 rows" }).click();
  const bar = page.getByRole("progressbar", { name: "Import progress" });
  await expect(bar).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Imported" })).toBeFocused({ timeout: 60_000 });
  await expect(bar).toHaveAttribute("aria-valuenow", "3000");
  await expect(bar).toHaveAttribute("aria-valuemax", "3000");
  await expect(page.getByText("3,000 of 3,000 rows written")).toBeVisible();
  const summary = page.locator("dl").filter({ hasText: "Rows in the file" });
  await expect(summary).toContainText("New3,000");
  await expect(summary).toContainText("Updated0");
  await expect(summary).toContainText("Unchanged0");
  await page.screenshot({ path: test.info().outputPath("results-imported.png"), fullPage: true });
  // The page's current state follows the import.
  const current = page.getByRole("region", { name: "Published now" });
  await expect(current).toContainText("Results rows3,000");
  await expect(current).toContainText("Finishers3,000");
  await expect(current.getByRole("link", { name: "Public leaderboard" })).toHaveAttribute("href", `/en/events/${EVENT}/results/${RACE}`);
  await expect(current.getByRole("link", { name: "Results as CSV" })).toHaveAttribute("href", `/api/v1/events/${EVENT}/races/${RACE}/results.csv`);
  await expectNoSeriousAxeViolations(page, "imported");

  // The same file again changes nothing; an updated file replaces by bib and streams its progress as it writes.
  const same = await postImport(page, resultsCsv());
  expect(same.at(-1)).toMatchObject({ type: "done", rows: RUNNERS, created: 0, updated: 0, unchanged: RUNNERS });
  const updated = await postImport(page, resultsCsv(60));
  const progress = updated.filter((l) => l.type === "progress") as unknown as { done: number; total: number }[];
  expect(progress.length, "progress lines before the summary").toBeGreaterThan(1);
  expect(present(progress.at(-1)).done).toBe(present(progress.at(-1)).total);
  expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
  expect(updated.at(-1)).toMatchObject({ type: "done", rows: RUNNERS, created: 0, updated: RUNNERS, unchanged: 0 });

  // Spectators see the runners: the API, and the public leaderboard.
  const api = await page.request.get(`/api/v1/events/${EVENT}/races/${RACE}/results?pageSize=3`);
  const body = (await api.json()) as { total: number; results: { bib: string; name: string; places: { overall: number } }[] };
  expect(body.total).toBe(RUNNERS);
  expect(body.results[0]).toMatchObject({ bib: WINNER.bib, name: WINNER.name, places: { overall: 1 } });
  await page.goto(`/en/events/${EVENT}/results/${RACE}`);
  await expect(page.getByText(WINNER.name).first()).toBeVisible();
  await expect(page.getByText("Runner 2", { exact: true }).first()).toBeVisible();
});

test("the results page in Chinese, and on a 360 px phone", async ({ page, context, baseURL }) => {
  await signInAsStaff(page, STAFF.organizer);
  await context.addCookies([{ name: "NEXT_LOCALE", value: "zh", url: present(baseURL) }]);
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(RESULTS_PAGE);
  await expect(page.getByRole("heading", { level: 1, name: "成绩：全程马拉松" })).toBeVisible();
  await page.getByLabel("成绩文件（CSV）").setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from(BAD_CSV, "utf8") });
  await page.getByRole("button", { name: "预览" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "文件被拒绝" })).toBeFocused();
  await expect(page.getByText("发现 4 处问题，未导入任何内容。")).toBeVisible();
  await expect(page.getByText("不是有效的时间：请写成 h:mm:ss、h:mm:ss.f 或 mm:ss。")).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await expectNoSeriousAxeViolations(page, "results page (zh, phone)");
});
