/**
 * Security headers in a real browser against the production build (docs/decisions/011-csp-and-client-address.md):
 * every page carries a Content-Security-Policy whose scripts come from this origin with a nonce (or, on a cached
 * results page, the hashes of Next's own scripts), and nothing the app does is blocked by it: the public pages, a
 * registration and its simulated checkout, a form sent on to Stripe Checkout, the results pages with their live
 * stream (fresh and from the cache), the admin with its charts, and the pickup desk reading a photo and the camera.
 * Chromium reports each blocked resource or script on the console; any such report fails the test. Over http there
 * is no HSTS. A server action posted from another site is refused with 403.
 */
import { chromium, expect, test, type Browser, type Page, type Response } from "@playwright/test";
import QRCode from "qrcode";
import { participant } from "../test/factories";
import { registerAndPay } from "./checkout";
import { DEMO_EVENT_SLUG, STAFF } from "./fixtures";
import { signInAsStaff } from "./staff";
import { present } from "../core/lists";

test.use({ locale: "en-US" });
test.beforeEach(async ({ context, baseURL }) => {
  await context.addCookies([{ name: "NEXT_LOCALE", value: "en", url: present(baseURL) }]);
});

/** Every CSP report Chromium writes to a page's console (they survive navigation, unlike the DOM event). */
function watchCsp(page: Page): string[] {
  const reports: string[] = [];
  page.on("console", (message) => {
    const text = message.text();
    if (/Content Security Policy|Refused to (?:load|execute|connect|frame|apply|send form)/i.test(text)) reports.push(`${page.url()}: ${text}`);
  });
  page.on("pageerror", (error) => {
    if (/Content Security Policy/i.test(error.message)) reports.push(`${page.url()}: ${error.message}`);
  });
  return reports;
}

/** The script sources of a response's policy. */
function scriptSources(response: Response | null): string[] {
  const policy = response?.headers()["content-security-policy"];
  expect(policy, `a policy on ${response?.url()}`).toBeTruthy();
  return present(present(policy).split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src "))).split(" ").slice(1);
}

function expectNoncePolicy(response: Response | null) {
  const sources = scriptSources(response);
  expect(sources[0]).toBe("'self'");
  expect(sources.filter((s) => s.startsWith("'nonce-"))).toHaveLength(1);
  expect(sources.join(" ")).not.toContain("unsafe-inline");
  expect(present(response).headers()["strict-transport-security"]).toBeUndefined();
}

let serial = 0;
const passport = () => `S${String(Date.now() % 1e7).padStart(7, "0")}${++serial}`;

test("public pages, a registration and its simulated checkout run under a nonce policy with nothing blocked", async ({ page, request }) => {
  const reports = watchCsp(page);
  for (const path of ["/en", "/zh", `/en/events/${DEMO_EVENT_SLUG}`, "/en/account"]) {
    expectNoncePolicy(await page.goto(path));
    await page.waitForLoadState("networkidle");
  }
  // The registration form hydrates (its JavaScript shows the guardian block and keeps its own state).
  expectNoncePolicy(await page.goto(`/en/events/${DEMO_EVENT_SLUG}/register`));
  await page.waitForLoadState("networkidle");
  // Registered through the API, paid on the simulated checkout (a server action), then the order page with its QR code.
  const order = await registerAndPay(page, request, `csp-${Date.now()}@example.com`, participant({ idNumber: passport(), latinName: "Policy Check" }));
  await expect(page.getByText("Your registration is confirmed.")).toBeVisible();
  await expect(page.getByRole("img", { name: /Packet pickup QR code/ })).toBeVisible();
  expect(order.code).toMatch(/^FL-/);
  expect(reports).toEqual([]);
});

test("a form may be sent on to Stripe Checkout, by a POST or a navigation", async ({ page }) => {
  const reports = watchCsp(page);
  await page.route("https://checkout.stripe.com/**", (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>Stripe Checkout</title><p>paying</p>" }));
  expectNoncePolicy(await page.goto(`/en/events/${DEMO_EVENT_SLUG}`));
  // What the registration form without JavaScript gets after its POST: a redirect there (form-action applies).
  await page.evaluate(() => {
    const form = document.createElement("form");
    form.method = "POST";
    form.action = "https://checkout.stripe.com/c/pay/cs_test_csp";
    document.body.append(form);
    form.submit();
  });
  await page.waitForURL(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_csp/);
  await expect(page.getByText("paying")).toBeVisible();
  // With JavaScript the server action's redirect is a navigation.
  await page.goto(`/en/events/${DEMO_EVENT_SLUG}`);
  await page.evaluate(() => window.location.assign("https://checkout.stripe.com/c/pay/cs_test_js"));
  await page.waitForURL(/cs_test_js/);
  expect(reports).toEqual([]);
});

test("results pages run their scripts and live stream, rendered fresh or served from the cache by hash", async ({ page }) => {
  const reports = watchCsp(page);
  const leaderboard = `/en/events/${DEMO_EVENT_SLUG}/results/half`;
  let cached: Response | null = null;
  // Every view from the server: the browser's own cache would revalidate (a 304, which carries no policy) and keep the
  // first answer's page with that answer's policy. (Routing turns Chromium's cache off.)
  await page.route(`**${leaderboard}`, (route) => route.continue());
  // The first view may render the page; within the next views one comes from the cache (ISR, revalidated every 5 s).
  for (let i = 0; i < 4 && !cached; i++) {
    const live = page.waitForRequest((r) => r.url().includes("/results/live"));
    const response = await page.goto(leaderboard);
    // The page opens the race's event stream from its effect: its scripts ran.
    await live;
    const sources = scriptSources(response);
    expect(sources.join(" ")).not.toContain("unsafe-inline");
    if (present(response).headers()["x-nextjs-cache"] === "HIT") cached = response;
  }
  expect(cached, "a view served from the cache").not.toBeNull();
  const hashes = scriptSources(cached).filter((s) => s.startsWith("'sha256-"));
  // Next's own inline scripts of the cached page: its chunk list and the page's data.
  expect(hashes.length).toBeGreaterThanOrEqual(2);

  for (const path of [`/en/events/${DEMO_EVENT_SLUG}/results`, `/zh/events/${DEMO_EVENT_SLUG}/results/half`]) {
    const response = await page.goto(path);
    expect(present(response).status()).toBe(200);
    scriptSources(response);
    await page.waitForLoadState("load");
  }
  // The policy holds on the cached page: a script of any other shape does not run, and is reported.
  await page.goto(leaderboard);
  await page.evaluate(() => {
    const script = document.createElement("script");
    script.textContent = "document.title = 'injected'";
    document.body.append(script);
  });
  await expect.poll(() => reports.length).toBe(1);
  expect(reports[0]).toContain("script-src");
  expect(await page.title()).not.toBe("injected");
  reports.length = 0;

  // A runner page for a bib without a result: the not-found page, under a policy too.
  const missing = await page.goto(`${leaderboard}/99999`);
  expect(present(missing).status()).toBe(404);
  scriptSources(missing);
  await page.waitForLoadState("load");
  expect(reports).toEqual([]);
});

test("the admin and the pickup desk's photo reading run with nothing blocked", async ({ page }) => {
  const reports = watchCsp(page);
  await signInAsStaff(page, STAFF.organizer);
  for (const path of [`/admin/events/${DEMO_EVENT_SLUG}`, `/admin/events/${DEMO_EVENT_SLUG}/dashboard`, `/admin/events/${DEMO_EVENT_SLUG}/registrations`, "/admin/outbox"]) {
    expectNoncePolicy(await page.goto(path));
    await page.waitForLoadState("networkidle");
  }
  expectNoncePolicy(await page.goto(`/admin/events/${DEMO_EVENT_SLUG}/pickup`));
  await page.getByLabel("Desk name").fill("Policy desk");
  await page.getByRole("button", { name: "Start handing out" }).click();
  // A photo is read from a blob: URL through an image and a canvas, with the QR library loaded on first use.
  const photo = await QRCode.toBuffer("not-a-pickup-code", { type: "png", margin: 4, width: 360 });
  await page.getByLabel("Decode a photo").setInputFiles({ name: "qr.png", mimeType: "image/png", buffer: photo });
  await expect(page.getByTestId("pickup-outcome")).toContainText("Unknown code");
  expect(reports).toEqual([]);
});

test("the pickup desk's camera opens with nothing blocked", async ({ baseURL }) => {
  test.setTimeout(90_000);
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"],
    });
    const context = await browser.newContext({ baseURL, locale: "en-US", timezoneId: "Asia/Shanghai" });
    await context.grantPermissions(["camera"], { origin: baseURL });
    await context.addCookies([{ name: "NEXT_LOCALE", value: "en", url: present(baseURL) }]);
    const desk = await context.newPage();
    const reports = watchCsp(desk);
    await signInAsStaff(desk, STAFF.volunteer);
    await desk.goto(`/admin/events/${DEMO_EVENT_SLUG}/pickup`);
    await desk.getByLabel("Desk name").fill("Camera policy desk");
    await desk.getByRole("button", { name: "Start handing out" }).click();
    await desk.getByRole("button", { name: "Scan QR code" }).click();
    await expect(desk.getByRole("button", { name: "Stop camera" })).toBeVisible({ timeout: 20_000 });
    // The camera's picture plays in the page.
    await expect.poll(() => desk.locator("video").evaluate((v: HTMLVideoElement) => v.readyState >= 2 && v.videoWidth > 0)).toBe(true);
    await desk.getByRole("button", { name: "Stop camera" }).click();
    await expect(desk.getByRole("button", { name: "Scan QR code" })).toBeVisible();
    expect(reports).toEqual([]);
  } finally {
    await browser?.close();
  }
});

test("a server action posted from another site is refused with 403, and the same one from the app is not", async ({ request, baseURL }) => {
  const action = { "next-action": "7f0000000000000000000000000000000000000000", "content-type": "text/plain;charset=UTF-8" };
  for (const origin of ["https://evil.example", "null"]) {
    const refused = await request.post("/admin/sign-in", { headers: { ...action, origin }, data: "[]" });
    expect(refused.status(), origin).toBe(403);
    expect(await refused.json()).toEqual({ error: { code: "forbidden", message: expect.any(String) } });
  }
  // A form posted without JavaScript (multipart), to a public page and to a cached results page.
  for (const path of [`/en/events/${DEMO_EVENT_SLUG}/register`, `/en/events/${DEMO_EVENT_SLUG}/results/half`]) {
    const refused = await request.post(path, { headers: { origin: "https://evil.example" }, multipart: { field: "x" } });
    expect(refused.status(), path).toBe(403);
  }
  // From the app's own origin the request reaches Next's action handler (this action does not exist: not 403).
  const own = await request.post("/admin/sign-in", { headers: { ...action, origin: new URL(present(baseURL)).origin }, data: "[]" });
  expect(own.status()).not.toBe(403);
  expect(own.status()).toBeLessThan(500);
});
