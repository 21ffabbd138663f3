/**
 * The finisher's certificate (issue 5) in a real browser against the production build: a timer imports a results
 * file through the API; a runner opens their result page in Chinese on a phone, downloads the certificate PDF
 * from it (its text holds the name, the time rounded up and the address of the check), and opens that address:
 * the check says the certificate is valid and shows the result. A wrong code, a corrected result and a runner who
 * did not finish are each told apart in both languages. The check page passes axe.
 * Results go into the bib day's 10K (ranked by net time) under bibs of their own, so the other specs' results
 * (the demo event's half, the second event's 10K) are not touched.
 */
import { BIB_EVENT } from "./fixtures";
import { expect, test, type APIRequestContext, type Download } from "@playwright/test";
import { expectNoSeriousAxeViolations } from "./axe";
import { authHeader } from "./tokens";
import { present } from "../core/lists";

// The bib day's 10K (ranked by net time): the spectator spec counts the other event's 10K runners exactly.
const EVENT_SLUG = BIB_EVENT.slug;
const RACE = BIB_EVENT.race.slug;
const HEADER = "bib,name,gender,age,gun_time,net_time,status,split_5k";
/** C801 finishes in net 47:59.001, shown rounded up as 0:48:00 (the 10K ranks by net time). */
function resultsFile(runnerNet = "0:47:59.001"): string {
  return [
    HEADER,
    `C801,欧阳娜娜,F,34,0:48:10.500,${runnerNet},finished,0:24:01`,
    "C802,Tom Baker,M,41,0:45:00,0:44:50,finished,0:22:10",
    "C803,钱多多,M,29,-,-,dnf,0:30:00",
  ].join("\n");
}

async function importResults(request: APIRequestContext, csv: string): Promise<void> {
  const res = await request.post(`/api/v1/events/${EVENT_SLUG}/races/${RACE}/results`, {
    headers: { ...authHeader("organizer"), "content-type": "text/csv" },
    data: csv,
  });
  expect(res.status(), await res.text()).toBe(200);
}

/** The PDF's text items, one per line (pdf.js, as a reader's search or copy sees them). */
async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await pdfjs.getDocument({ data: bytes, verbosity: 0, useSystemFonts: false, disableFontFace: true }).promise;
  const content = await (await doc.getPage(1)).getTextContent();
  await doc.destroy();
  return content.items.map((item) => ("str" in item ? item.str : "")).filter((s) => s.trim() !== "").join("\n");
}

async function bytesOf(download: Download): Promise<Uint8Array> {
  return new Uint8Array(Buffer.concat(await (await download.createReadStream()).toArray()));
}

const runnerPage = (locale: string, bib: string) => `/${locale}/events/${EVENT_SLUG}/results/${RACE}/${bib}`;

test("a finisher downloads the certificate from the result page and its address says it is valid until the result changes", async ({ page, request, baseURL }) => {
  test.setTimeout(90_000); // one long story: import, page, download, five checks, two more imports; axe twice
  await importResults(request, resultsFile());
  await page.setViewportSize({ width: 360, height: 780 });

  // The result page, in Chinese: the certificate link downloads the PDF.
  await page.goto(runnerPage("zh", "C801"));
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /证书/ }).click()]);
  expect(download.suggestedFilename()).toBe(`${EVENT_SLUG}-${RACE}-C801-certificate.pdf`);
  const text = await pdfText(await bytesOf(download));
  expect(text).toContain("欧阳娜娜");
  expect(text).toContain("完赛证书");
  expect(text).toMatch(/成绩（净时间）\n0:48:00\n/);
  expect(text).toContain("10 公里");
  const printed = text.match(/^(\S+\/verify\?code=[A-Za-z0-9_-]{12})$/m)?.[1];
  expect(printed, text).toBeDefined();
  const address = new URL(present(printed));
  expect(address.origin).toBe(new URL(present(baseURL)).origin);
  expect(address.pathname).toBe(`/zh/events/${EVENT_SLUG}/results/${RACE}/C801/verify`);
  const verifyPath = `${address.pathname}${address.search}`;

  // The printed address: valid, with the runner and the result as they stand.
  await page.goto(verifyPath);
  await expect(page.getByRole("heading", { level: 1, name: "证书核验" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "证书有效" })).toBeVisible();
  await expect(page.getByText("本证书与当前官方成绩一致。")).toBeVisible();
  await expect(page.getByText("欧阳娜娜")).toBeVisible();
  await expect(page.getByText("0:48:00").first()).toBeVisible();
  await expect(page.getByText(BIB_EVENT.name.zh)).toBeVisible();
  await expectNoSeriousAxeViolations(page, "certificate check (zh)");
  const noSideways = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  expect(noSideways).toBe(true);

  // The same code in English.
  await page.goto(verifyPath.replace("/zh/", "/en/"));
  await expect(page.getByRole("heading", { level: 2, name: "Valid certificate" })).toBeVisible();
  await expectNoSeriousAxeViolations(page, "certificate check (en)");

  // A code changed by one character does not match.
  const code = present(address.searchParams.get("code"));
  const wrong = `${code.slice(0, -1)}${code.endsWith("A") ? "B" : "A"}`;
  await page.goto(`${address.pathname}?code=${wrong}`);
  await expect(page.getByRole("heading", { level: 2, name: "证书不一致" })).toBeVisible();

  // The timer corrects the time: the printed certificate no longer matches; the page shows the result now.
  await importResults(request, resultsFile("0:48:05"));
  await page.goto(verifyPath);
  await expect(page.getByRole("heading", { level: 2, name: "证书不一致" })).toBeVisible();
  await expect(page.getByText("0:48:05").first()).toBeVisible();
  await page.goto(verifyPath.replace("/zh/", "/en/"));
  await expect(page.getByRole("heading", { level: 2, name: "Does not match" })).toBeVisible();

  // Put back, it is the same result again, and the same certificate verifies.
  await importResults(request, resultsFile());
  await page.goto(verifyPath);
  await expect(page.getByRole("heading", { level: 2, name: "证书有效" })).toBeVisible();
});

test("a runner who did not finish has no certificate", async ({ page, request }) => {
  await importResults(request, resultsFile());
  const pdf = await request.get(`/api/v1/events/${EVENT_SLUG}/races/${RACE}/results/C803/certificate.pdf?locale=en`);
  expect(pdf.status()).toBe(404);
  expect(((await pdf.json()) as { error: { code: string } }).error.code).toBe("not_found");
  expect((await request.get(`/api/v1/events/${EVENT_SLUG}/races/${RACE}/results/C999/certificate.pdf`)).status()).toBe(404);

  await page.goto(`${runnerPage("en", "C803")}/verify?code=AAAAAAAAAAAA`);
  await expect(page.getByRole("heading", { level: 2, name: "No finisher's result" })).toBeVisible();
  await expect(page.getByText(/did not finish/)).toBeVisible();

  // The direct download in English for a finisher: the name in both its forms is in the text.
  const ok = await request.get(`/api/v1/events/${EVENT_SLUG}/races/${RACE}/results/C802/certificate.pdf?locale=en`);
  expect(ok.status()).toBe(200);
  expect(ok.headers()["content-type"]).toBe("application/pdf");
  const text = await pdfText(new Uint8Array(await ok.body()));
  expect(text).toContain("Tom Baker");
  expect(text).toContain("Finisher Certificate");
  expect(text).toMatch(/Overall\n\d+ of \d/);
});
