/**
 * "My entries" in a real browser against the production build: a registrant with no account asks for a sign-in
 * link, reads it from the outbox of the e2e database (no mail server in the e2e run), opens it, sees every order
 * made with that address across events (made first through the public registration API), is refused by the admin,
 * signs out; a second use of the link fails with a clear message. axe finds no serious or critical violations.
 */
import { expect, test, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { participant, registrationBody } from "../test/factories";
import { DEMO_EVENT_SLUG, OTHER_EVENT_SLUG } from "./fixtures";
import { preparedEvents } from "./prepared-events";
import { E2E_DATABASE_FILE } from "./tokens";
import { expectNoSeriousAxeViolations } from "./axe";
import { present } from "../core/lists";

/** The newest sign-in email to `email` in the e2e database's outbox. */
function latestSignInEmail(email: string): { locale: string; subject: string; link: string } {
  const db = new Database(E2E_DATABASE_FILE, { readonly: true, fileMustExist: true });
  try {
    const row = db
      .prepare("select locale, subject, text_body as text from email_outbox where to_address = ? and template = 'runner_sign_in_link' order by created_at desc limit 1")
      .get(email) as { locale: string; subject: string; text: string } | undefined;
    expect(row, `no sign-in email to ${email}`).toBeDefined();
    const link = /https?:\/\/\S+\/account\/verify\?\S+/.exec(present(row).text)?.[0];
    expect(link, present(row).text).toBeDefined();
    return { locale: present(row).locale, subject: present(row).subject, link: present(link) };
  } finally {
    db.close();
  }
}

const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
let idCounter = 0;
/** A passport number no other spec uses in this database. */
const passport = () => `R${String(Date.now() % 1e7).padStart(7, "0")}${++idCounter}`;

async function register(page: Page, event: string, email: string, runners: Record<string, unknown>[]) {
  const res = await page.request.post(`/api/v1/events/${event}/registrations`, {
    data: registrationBody(runners.map((r) => participant({ idNumber: passport(), ...r })), { email, locale: "en" }),
  });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { order: { code: string } }).order.code;
}

async function requestLink(page: Page, locale: "en" | "zh", email: string) {
  const words = locale === "en" ? { field: "Email address", submit: "Email me a sign-in link", next: "Check your inbox" } : { field: "电子邮箱", submit: "发送登录链接", next: "请查收邮件" };
  await page.goto(`/${locale}/account`);
  await page.getByLabel(words.field).fill(email);
  await page.getByRole("button", { name: words.submit }).click();
  await expect(page.getByRole("heading", { level: 1, name: words.next })).toBeVisible();
  await expect(page).toHaveURL(`/${locale}/account/check-email`);
}

test.describe("My entries", () => {
  test("a registrant signs in with an emailed link, sees every entry made with the address, and signs out", async ({ page }) => {
    // Three registrations, two sign-ins and axe checks: a long walk on a busy machine.
    test.setTimeout(60_000);
    const email = `runner-${unique()}@e2e.test`;
    const demoCode = await register(page, DEMO_EVENT_SLUG, email, [
      { familyName: "Müller", givenName: "Anna", latinName: "Anna Mueller", gender: "F", nationality: "DE" },
      { familyName: "Müller", givenName: "Jonas", latinName: undefined, gender: "M", nationality: "DE", birthDate: "1988-02-11" },
    ]);
    const otherCode = await register(page, OTHER_EVENT_SLUG, email, [{ race: "10k", familyName: "Müller", givenName: "Anna", latinName: undefined, gender: "F", nationality: "DE" }]);
    const strangerCode = await register(page, DEMO_EVENT_SLUG, `someone-else-${unique()}@e2e.test`, [{ familyName: "Stranger", givenName: "Sam", latinName: undefined }]);

    await page.goto("/en");
    await page.getByRole("banner").getByRole("link", { name: "My entries" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "My entries" })).toBeVisible();
    await expectNoSeriousAxeViolations(page);

    // A malformed address is refused on the page, with the field marked.
    await page.getByLabel("Email address").fill("not-an-address");
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    // (Next's route announcer is an alert too.)
    await expect(page.getByRole("alert").filter({ hasText: "Enter a valid email address, like name@example.com." })).toBeFocused();
    await expect(page.getByLabel("Email address")).toHaveAttribute("aria-invalid", "true");

    await requestLink(page, "en", email.toUpperCase());
    await expect(page.getByText("The link works once and expires in 30 minutes.")).toBeVisible();
    await expectNoSeriousAxeViolations(page);

    const message = latestSignInEmail(email);
    expect(message).toMatchObject({ locale: "en", subject: "Your sign-in link" });
    expect(message.link).toContain("/en/account/verify?");

    await page.goto(message.link);
    await expect(page.getByRole("heading", { level: 1, name: "Sign in to see your entries" })).toBeVisible();
    await expect(page.getByText(`You are signing in as ${email}.`)).toBeVisible();
    await expectNoSeriousAxeViolations(page);
    await page.getByRole("button", { name: "Sign in" }).click();

    await expect(page).toHaveURL("/en/account/entries");
    await expect(page.getByRole("heading", { level: 1, name: "My entries" })).toBeVisible();
    await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
    const demoOrder = page.getByRole("article", { name: preparedEvents().demo.name.en });
    const otherOrder = page.getByRole("article", { name: "Other City 10K" });
    await expect(demoOrder).toContainText("Anna Müller");
    await expect(demoOrder).toContainText("Anna Mueller");
    await expect(demoOrder).toContainText("Jonas Müller");
    await expect(demoOrder).toContainText("Awaiting payment");
    await expect(otherOrder).toContainText("Anna Müller");
    await expect(otherOrder).toContainText("10K");
    await expect(page.getByRole("link", { name: `Manage order ${demoCode}` })).toHaveAttribute("href", new RegExp(`^/en/orders/${demoCode}\\?token=[\\w-]{32}$`));
    await expect(page.getByRole("link", { name: `Manage order ${otherCode}` })).toHaveAttribute("href", new RegExp(`^/en/orders/${otherCode}\\?token=[\\w-]{32}$`));
    await expect(page.getByText(strangerCode)).toHaveCount(0);
    await expect(page.getByText("Stranger")).toHaveCount(0);
    await expectNoSeriousAxeViolations(page);

    // Each order's manage link opens that order's private page.
    await page.getByRole("link", { name: `Manage order ${otherCode}` }).click();
    await expect(page).toHaveURL(new RegExp(`/en/orders/${otherCode}\\?token=`));
    await expect(page).toHaveTitle(new RegExp(otherCode));
    await page.goBack();

    // The header link now goes straight to the list.
    await page.getByRole("banner").getByRole("link", { name: "My entries" }).click();
    await expect(page).toHaveURL("/en/account/entries");

    // A runner's session opens nothing in the admin.
    await page.goto("/admin");
    await expect(page).toHaveURL(/\/admin\/sign-in\?callbackUrl=/);
    await page.goto("/admin/events/new");
    await expect(page).toHaveURL(/\/admin\/sign-in\?callbackUrl=/);
    // …and the admin header does not take it for a staff member (no address, role or sign-out button there).
    await expect(page.getByRole("banner").getByRole("button", { name: "Sign out" })).toHaveCount(0);

    await page.goto("/en/account/entries");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL("/en/account");
    await expect(page.getByLabel("Email address")).toBeVisible();
    await page.goto("/en/account/entries");
    await expect(page).toHaveURL("/en/account");

    // The link worked once.
    await page.goto(message.link);
    await expect(page.getByRole("heading", { level: 1, name: "This link cannot be used" })).toBeVisible();
    await expect(page.getByText("This sign-in link has expired or has already been used.")).toBeVisible();
    await expectNoSeriousAxeViolations(page);
    // Straight to next-auth's callback (what the Sign in button does): the same message, in the link's language.
    const url = new URL(message.link);
    const callback = new URLSearchParams({ token: present(url.searchParams.get("token")), email: present(url.searchParams.get("email")), callbackUrl: "/en/account/entries" });
    await page.goto(`/api/auth/callback/runner-email?${callback}`);
    await expect(page).toHaveURL("/en/account/error?error=Verification");
    await expect(page.getByText("This sign-in link has expired or has already been used.")).toBeVisible();
    await page.getByRole("link", { name: "Request a new link" }).click();
    await expect(page).toHaveURL("/en/account");
  });

  test("在中文页面申请链接：邮件为中文，没有报名时如实说明", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    const email = `zh-${unique()}@e2e.test`;
    await requestLink(page, "zh", email);
    await expectNoSeriousAxeViolations(page);

    const message = latestSignInEmail(email);
    expect(message).toMatchObject({ locale: "zh", subject: "您的登录链接" });
    await page.goto(message.link);
    await expect(page.getByRole("heading", { level: 1, name: "登录查看报名" })).toBeVisible();
    await page.getByRole("button", { name: "登录" }).click();
    await expect(page).toHaveURL("/zh/account/entries");
    await expect(page.getByRole("heading", { level: 1, name: "我的报名" })).toBeVisible();
    await expect(page.getByText("此邮箱还没有报名记录。")).toBeVisible();
    await expectNoSeriousAxeViolations(page);
    // Nothing is wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.getByRole("button", { name: "退出登录" }).click();
    await expect(page).toHaveURL("/zh/account");

    await page.goto(message.link);
    await expect(page.getByRole("heading", { level: 1, name: "此链接无法使用" })).toBeVisible();
    await expect(page.getByText("此登录链接已过期或已被使用。", { exact: false })).toBeVisible();
  });
});
