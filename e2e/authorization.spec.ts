/**
 * Every admin page (test/access-matrix.ts ADMIN_PAGES) as every role, in a real browser against the production
 * build: allowed roles get the page (200), anonymous visitors are sent to sign-in, signed-in staff who may not use
 * the page get 403 with "Not allowed". A page file under app/admin that the matrix does not list fails the spec.
 * Server actions and API routes are checked in vitest (server/auth/admin-actions.test.ts, authorization.test.ts).
 */
import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { ADMIN_PAGES, ROLES, SIGNED_OUT_OF_ADMIN } from "../test/access-matrix";
import { DEMO_EVENT_SLUG, STAFF, PAID_RUNNERS } from "./fixtures";
import { signInAsStaff } from "./staff";
import { first, present } from "../core/lists";

test.use({ locale: "en-US" });
test.beforeEach(async ({ context, baseURL }) => {
  await context.addCookies([{ name: "NEXT_LOCALE", value: "en", url: present(baseURL) }]);
});

const ADMIN_DIR = path.resolve("app/admin");

function pageFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return pageFiles(full);
    return d.name === "page.tsx" || d.name === "route.ts" ? [path.relative(ADMIN_DIR, full)] : [];
  });
}

/** Fills the placeholders of a matrix path; the first registration of the demo event comes from the organizer API. */
async function urlOf(template: string, page: Page): Promise<string> {
  let url = template.replaceAll("{event}", DEMO_EVENT_SLUG).replaceAll("{race}", "half");
  if (url.includes("{registration}")) {
    const { authHeader } = await import("./tokens");
    const res = await page.request.get(`/api/v1/events/${DEMO_EVENT_SLUG}/registrations?pageSize=1`, { headers: authHeader("organizer") });
    const body = (await res.json()) as { registrations: { id: string }[] };
    expect(body.registrations.length, "the demo event needs a registration for this page").toBeGreaterThan(0);
    url = url.replaceAll("{registration}", first(body.registrations).id);
  }
  if (url.includes("{message}")) {
    // An email of a demo-event order (e2e/paid-entries.ts makes some), read from the e2e database: no API lists mail.
    const { default: Database } = await import("better-sqlite3");
    const { E2E_DATABASE_FILE } = await import("./tokens");
    const db = new Database(E2E_DATABASE_FILE, { readonly: true, fileMustExist: true });
    const row = db
      .prepare("select m.id from email_outbox m join orders o on o.id = m.order_id join events e on e.id = o.event_id where e.slug = ? order by m.created_at limit 1")
      .get(DEMO_EVENT_SLUG) as { id: string } | undefined;
    db.close();
    expect(row, "the demo event needs an email for this page").toBeTruthy();
    url = url.replaceAll("{message}", present(row).id);
  }
  expect(url, `unknown placeholder in ${template}`).not.toMatch(/[{}]/);
  return url;
}

/** A runner signs in with the emailed link (read from the e2e database's outbox): a session, but not a staff one. */
async function signInAsRunner(page: Page) {
  const email = PAID_RUNNERS.chen.email;
  await page.goto("/en/account");
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Check your inbox" })).toBeVisible();
  const { default: Database } = await import("better-sqlite3");
  const { E2E_DATABASE_FILE } = await import("./tokens");
  const db = new Database(E2E_DATABASE_FILE, { readonly: true, fileMustExist: true });
  const row = db.prepare("select text_body as text from email_outbox where to_address = ? and template = 'runner_sign_in_link' order by created_at desc limit 1").get(email) as
    | { text: string }
    | undefined;
  db.close();
  const link = row ? /https?:\/\/\S+\/account\/verify\?\S+/.exec(row.text)?.[0] : undefined;
  expect(link, "the sign-in email with its link").toBeTruthy();
  await page.goto(present(link));
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/en\/account\/entries/);
}

test("the matrix lists every admin page", () => {
  expect(pageFiles(ADMIN_DIR).sort()).toEqual(ADMIN_PAGES.map((p) => p.file).sort());
});

for (const role of ROLES) {
  test(`admin pages as ${role}`, async ({ page }) => {
    // One visit per admin page (and download): the list grows with every feature, so the budget grows with it.
    test.setTimeout(30_000 + ADMIN_PAGES.length * 5_000);
    if (role === "runner") await signInAsRunner(page);
    else if (role !== "anonymous") await signInAsStaff(page, STAFF[role]);
    for (const entry of ADMIN_PAGES) {
      const url = await urlOf(entry.path, page);
      const allowed = entry.allowed.includes(role);
      const where = `${url} as ${role}`;
      if (entry.file.endsWith("route.ts")) {
        // A file download: read the answer itself (the browser would save it), with the page's cookies. A route the
        // pages post to answers JSON refusals (401 signed out) instead of sending anyone to sign-in.
        const answer = entry.method === "POST" ? await page.request.post(url, { data: "", maxRedirects: 0 }) : await page.request.get(url, { maxRedirects: 0 });
        if (allowed) expect(answer.status(), where).toBe(200);
        else if (SIGNED_OUT_OF_ADMIN.includes(role) && entry.method === "POST") expect(answer.status(), where).toBe(401);
        else if (SIGNED_OUT_OF_ADMIN.includes(role)) expect(answer.headers().location ?? "", where).toMatch(/\/admin\/sign-in\?callbackUrl=/);
        else expect(answer.status(), where).toBe(403);
        continue;
      }
      const response = await page.goto(url);
      if (allowed) {
        expect(response?.status(), where).toBe(200);
        await expect(page.getByRole("heading", { level: 1, name: "Not allowed" }), where).toHaveCount(0);
        if (entry.path !== "/admin/sign-in") await expect(page, where).not.toHaveURL(/\/admin\/sign-in/);
      } else if (SIGNED_OUT_OF_ADMIN.includes(role)) {
        await expect(page, where).toHaveURL(/\/admin\/sign-in\?callbackUrl=/);
      } else {
        expect(response?.status(), where).toBe(403);
        await expect(page.getByRole("heading", { level: 1, name: "Not allowed" }), where).toBeVisible();
      }
    }
  });
}
