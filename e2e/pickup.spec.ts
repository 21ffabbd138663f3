/**
 * Packet pickup in a real browser on a phone-sized screen (issue 4): a parent and child register through the public
 * API and pay on the simulated checkout (confirmation gives them bibs); a volunteer signs in, names the desk, finds
 * the parent by bib and hands the packet over, then the child by a QR code decoded from a photo (a PNG of the pickup
 * token, as in the confirmation email), sees the guardian to check and hands it over; the same code at a second
 * desk is refused with the first desk and time, in the page and through the scanners' API. Chromium's fake camera
 * plays a video of a third runner's QR code for the camera scan. The organizer's progress page follows a handover
 * made elsewhere within one poll. Every state passes axe, with no sideways scroll at 360 px, in English and Chinese.
 */
import fs from "node:fs";
import Database from "better-sqlite3";
import { chromium, expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import QRCode from "qrcode";
import { expectNoSeriousAxeViolations } from "./axe";
import { DEMO_EVENT_SLUG, STAFF } from "./fixtures";
import { signInAsStaff } from "./staff";
import { E2E_DATABASE_FILE, authHeader } from "./tokens";
import { first, oneEach, present } from "../core/lists";

test.use({ locale: "en-US", viewport: { width: 360, height: 740 } });
test.beforeEach(async ({ context, baseURL }) => {
  await context.addCookies([{ name: "NEXT_LOCALE", value: "en", url: present(baseURL) }]);
});

const DESK_PAGE = `/admin/events/${DEMO_EVENT_SLUG}/pickup`;

/** Numbers no other run uses, so the spec can run again on the same database. */
let serial = 0;
function unique(): string {
  serial += 1;
  return `${Date.now().toString().slice(-7)}${serial}`;
}

const adult = (passport: string, latin: [string, string], native: [string, string]) => ({
  race: "half",
  familyName: native[0],
  givenName: native[1],
  latinName: `${latin[0]} ${latin[1]}`,
  gender: "F",
  birthDate: "1987-06-15",
  nationality: "CN",
  idType: "passport",
  idNumber: passport,
  phone: "+86 138 0013 8000",
  emergencyContact: { name: "周强", phone: "+86 139 0000 0000" },
  tshirtSize: "S",
});

interface Entry {
  id: string;
  bib: string;
  token: string;
  passport: string;
}

/** Registers the participants in one order through the public API and pays on the simulated checkout page. */
async function registerAndPay<P extends readonly Record<string, unknown>[]>(page: Page, request: APIRequestContext, participants: readonly [...P]): Promise<{ -readonly [K in keyof P]: Entry }> {
  const res = await request.post(`/api/v1/events/${DEMO_EVENT_SLUG}/registrations`, {
    data: { email: `pickup.${unique()}@e2e.test`, locale: "en", acceptTerms: true, participants },
  });
  expect(res.status(), await res.text()).toBe(201);
  const { order } = (await res.json()) as { order: { code: string; paymentUrl: string } };
  await page.goto(order.paymentUrl);
  await page.getByRole("button", { name: /^Pay .*\(test\)$/ }).click();
  await expect
    .poll(async () => ((await (await request.get(`/api/v1/orders/${order.code}`, { headers: authHeader("organizer") })).json()) as { order: { status: string } }).order.status)
    .toBe("paid");
  // The demo half marathon gives bibs in a batch (the fun run on confirmation): the organizer runs it before
  // pickup day, through the API.
  for (const race of new Set(participants.map((p) => String(p.race)))) {
    if (race !== "half") continue;
    const assigned = await request.post(`/api/v1/events/${DEMO_EVENT_SLUG}/races/${race}/bibs/assign`, { headers: authHeader("organizer"), data: {} });
    expect(assigned.status(), await assigned.text()).toBe(200);
  }
  // The pickup token is in the confirmation's QR code only; the spec reads it (and the bib) from the database.
  const db = new Database(E2E_DATABASE_FILE, { readonly: true, fileMustExist: true });
  const rows = db
    .prepare("select r.id, r.bib, r.pickup_token as token, r.id_number as passport from registrations r join orders o on o.id = r.order_id where o.code = ? order by r.created_at, r.id")
    .all(order.code) as Entry[];
  db.close();
  const entries = oneEach(participants, participants.map((p) => present(rows.find((r) => r.passport === p.idNumber), `the entry of ${String(p.idNumber)}`)), "entry");
  for (const e of entries) expect(e.bib, "every entry has its bib before pickup").toBeTruthy();
  return entries;
}

async function chooseDesk(page: Page, desk: string) {
  await page.getByLabel("Desk name").fill(desk);
  await page.getByRole("button", { name: "Start handing out" }).click();
  await expect(page.getByText(`Desk: ${desk}`)).toBeVisible();
}

async function expectNoSidewaysScroll(page: Page, where: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${where}: no horizontal scroll at 360 px`).toBeLessThanOrEqual(0);
}

async function qrPng(text: string): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
  return { name: "qr.png", mimeType: "image/png", buffer: await QRCode.toBuffer(text, { type: "png", margin: 4, width: 360 }) };
}

/**
 * A Y4M video (what Chromium's --use-file-for-fake-video-capture plays in a loop) showing the QR code of `text`:
 * black modules on white, centred, 640×480, one second of identical frames.
 */
function qrVideo(text: string, file: string): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const size = qr.modules.size;
  const W = 640;
  const H = 480;
  const quiet = 4;
  const px = Math.floor((H - 40) / (size + 2 * quiet));
  const left = Math.floor((W - px * (size + 2 * quiet)) / 2) + quiet * px;
  const top = Math.floor((H - px * (size + 2 * quiet)) / 2) + quiet * px;
  const y = Buffer.alloc(W * H, 235);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      if (!qr.modules.get(r, c)) continue;
      for (let dy = 0; dy < px; dy++) y.fill(16, (top + r * px + dy) * W + left + c * px, (top + r * px + dy) * W + left + (c + 1) * px);
    }
  }
  const chroma = Buffer.alloc((W / 2) * (H / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from("FRAME\n"), y, chroma]);
  fs.writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`), ...Array.from({ length: 10 }, () => frame)]));
}

test("a volunteer finds a runner by bib and another by a QR photo, hands both packets over, and a second desk is refused", async ({ page, request, baseURL }) => {
  test.setTimeout(180_000); // one long story: register and pay, two handovers, refusals, axe on five states, Chinese
  const id = unique();
  const [parent, child] = await registerAndPay(page, request, [
    adult(`PK${id}A`, ["Zhou", "Lan"], ["周", "兰"]),
    {
      ...adult(`PK${id}B`, ["Zhou", "Xiaoyu"], ["周", "小雨"]),
      race: "fun-run",
      birthDate: "2016-03-03",
      tshirtSize: "130",
      guardian: { name: "周兰", phone: "+86 138 0013 8001", idNumber: `PK${id}A`, consent: true },
    },
  ]);

  await signInAsStaff(page, STAFF.volunteer);
  await page.goto(`/admin/events/${DEMO_EVENT_SLUG}`);
  await page.getByRole("link", { name: "Packet pickup" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Packet pickup" })).toBeVisible();
  await expectNoSeriousAxeViolations(page, "desk name");
  await expectNoSidewaysScroll(page, "desk name");
  await chooseDesk(page, "Desk 1");

  // By bib: the only match opens its card.
  await page.getByLabel("Bib, name or last 4 of ID number").fill(parent.bib);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  const card = page.getByRole("region", { name: /Zhou Lan/ });
  await expect(card).toBeVisible();
  await expect(card).toContainText(parent.bib);
  await expect(card).toContainText("Half Marathon");
  await expect(card).toContainText(`*${parent.passport.slice(-4)}`);
  await expect(card).not.toContainText(parent.passport);
  await expect(page.getByTestId("pickup-outcome")).toContainText("ready to hand over");
  await expect(page.getByRole("heading", { level: 2, name: /Zhou Lan/ })).toBeFocused();
  await expectNoSeriousAxeViolations(page, "runner card");
  await expectNoSidewaysScroll(page, "runner card");
  await card.getByRole("button", { name: "Hand over packet" }).click();
  await expect(page.getByTestId("pickup-outcome")).toContainText(/Handed over: Zhou Lan, at \d\d:\d\d, Desk 1\./);
  await expect(card).toContainText(/Handed over at \d\d:\d\d at Desk 1\./);
  await expect(card.getByRole("button", { name: "Hand over packet" })).toHaveCount(0);

  // By a QR code in a photo: the child, with the guardian to check.
  await page.getByLabel("Decode a photo").setInputFiles(await qrPng(child.token));
  const childCard = page.getByRole("region", { name: /Zhou Xiaoyu/ });
  await expect(childCard).toBeVisible();
  await expect(childCard).toContainText("Family Fun Run");
  await expect(childCard).toContainText(child.bib);
  await expect(childCard.getByRole("note", { name: "Under 18: check the guardian" })).toContainText("周兰");
  await expect(childCard).toContainText("+86 138 0013 8001");
  await expectNoSeriousAxeViolations(page, "minor's card");
  await expectNoSidewaysScroll(page, "minor's card");
  await childCard.getByRole("button", { name: "Hand over packet" }).click();
  await expect(page.getByTestId("pickup-outcome")).toContainText("Handed over: Zhou Xiaoyu");

  // A second desk: the same code is refused with the first desk and time.
  await page.getByRole("button", { name: "Change desk" }).click();
  await chooseDesk(page, "Desk 2");
  await page.getByLabel("Decode a photo").setInputFiles(await qrPng(child.token));
  await expect(page.getByTestId("pickup-outcome")).toContainText(/Already collected at \d\d:\d\d at Desk 1\. Do not hand over again\./);
  await expect(page.getByRole("region", { name: /Zhou Xiaoyu/ }).getByRole("button", { name: "Hand over packet" })).toHaveCount(0);
  await expectNoSeriousAxeViolations(page, "refusal");
  // The desk name stays with the device: a reload keeps Desk 2.
  await page.reload();
  await expect(page.getByText("Desk: Desk 2")).toBeVisible();
  // A photo without a code (a picture of the page's header) says so.
  const noCode = await page.screenshot({ clip: { x: 0, y: 0, width: 240, height: 120 } });
  await page.getByLabel("Decode a photo").setInputFiles({ name: "photo.png", mimeType: "image/png", buffer: noCode });
  await expect(page.getByTestId("pickup-outcome")).toContainText("No QR code found in the photo");

  // The scanners' API says the same, with the first handover's desk.
  const again = await request.post(`/api/v1/events/${DEMO_EVENT_SLUG}/pickups`, { headers: authHeader("volunteer"), data: { code: child.token, desk: "Scanner 3" } });
  expect(again.status()).toBe(409);
  expect((await again.json()).error).toMatchObject({ code: "already_collected", details: { desk: "Desk 1" } });
  // An unknown code, in the page.
  await page.getByLabel("Decode a photo").setInputFiles(await qrPng("not-a-pickup-code"));
  await expect(page.getByTestId("pickup-outcome")).toContainText("Unknown code");
  // A code zxing's detector misses in a perfect image (about one in twenty-five random tokens): read as a pure
  // barcode, it decodes too (here to an unknown code, not "No QR code found").
  await page.getByLabel("Decode a photo").setInputFiles(await qrPng("doIbfJztVGHDvsKx7NSG4I_-"));
  await expect(page.getByTestId("pickup-outcome")).toContainText("Unknown code");
  await expect(page.getByTestId("pickup-outcome")).not.toContainText("No QR code found");

  // In Chinese.
  await page.context().addCookies([{ name: "NEXT_LOCALE", value: "zh", url: present(baseURL) }]);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "领物" })).toBeVisible();
  await page.getByLabel("号码布、姓名或证件号后 4 位").fill("周");
  await page.getByRole("button", { name: "搜索", exact: true }).click();
  await expect(page.getByRole("heading", { level: 3, name: /找到 \d+ 条报名/ })).toBeFocused();
  await page.getByRole("button", { name: /周小雨/ }).click();
  await expect(page.getByTestId("pickup-outcome")).toContainText(/已于 \d\d:\d\d 在 Desk 1 领取，请勿重复发放。/);
  await expectNoSeriousAxeViolations(page, "desk in Chinese");
  await expectNoSidewaysScroll(page, "desk in Chinese");
});

test("the organizer's progress page follows a handover made at a desk", async ({ page, request }) => {
  test.setTimeout(60_000);
  const runner = first(await registerAndPay(page, request, [adult(`PK${unique()}C`, ["Wu", "Ting"], ["吴", "婷"])]));
  await signInAsStaff(page, STAFF.organizer);
  await page.goto(`${DESK_PAGE}/progress`);
  await expect(page.getByRole("heading", { level: 1, name: "Pickup progress" })).toBeVisible();
  const half = page.getByRole("row", { name: /^Half Marathon/ });
  const before = present(await half.getByRole("cell").first().textContent(), "the progress cell's text");
  const [collected, confirmed] = oneEach([0, 1], before.split("/").map((s) => Number(s.trim().replace(/,/g, ""))), "number of the progress cell");
  await expectNoSeriousAxeViolations(page, "progress");
  await expectNoSidewaysScroll(page, "progress");

  const res = await request.post(`/api/v1/events/${DEMO_EVENT_SLUG}/pickups`, { headers: authHeader("volunteer"), data: { bib: runner.bib, desk: "Desk 4" } });
  expect(res.status(), await res.text()).toBe(201);
  await expect(half.getByRole("cell").first()).toHaveText(`${collected + 1} / ${confirmed}`, { timeout: 12_000 });
});

test("Chromium's fake camera plays a QR code and the desk hands that packet over", async ({ page, request, baseURL }, testInfo) => {
  test.setTimeout(90_000);
  const runner = first(await registerAndPay(page, request, [adult(`PK${unique()}D`, ["Zheng", "Yun"], ["郑", "云"])]));
  const video = testInfo.outputPath("qr.y4m");
  qrVideo(runner.token, video);
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", `--use-file-for-fake-video-capture=${video}`],
    });
    const context = await browser.newContext({ baseURL, locale: "en-US", timezoneId: "Asia/Shanghai", viewport: { width: 360, height: 740 } });
    await context.grantPermissions(["camera"], { origin: baseURL });
    await context.addCookies([{ name: "NEXT_LOCALE", value: "en", url: present(baseURL) }]);
    const desk = await context.newPage();
    await signInAsStaff(desk, STAFF.volunteer);
    await desk.goto(DESK_PAGE);
    await chooseDesk(desk, "Camera desk");
    await desk.getByRole("button", { name: "Scan QR code" }).click();
    const card = desk.getByRole("region", { name: /Zheng Yun/ });
    await expect(card).toBeVisible({ timeout: 20_000 });
    await expect(desk.getByRole("button", { name: "Scan QR code" })).toBeVisible(); // the camera stopped after the read
    await card.getByRole("button", { name: "Hand over packet" }).click();
    await expect(desk.getByTestId("pickup-outcome")).toContainText("Handed over: Zheng Yun");
    await expect(desk.getByTestId("pickup-outcome")).toContainText("Camera desk");
  } finally {
    await browser?.close();
  }
});
