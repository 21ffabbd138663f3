/**
 * Staff and access end to end (issue 6): an admin creates an API token (shown once, with a copy button), it opens
 * the API and its last use shows, the admin revokes it and it stops working, and the audit log shows the
 * revocation. An admin invites a volunteer to the demo event; the invitation email arrives through SMTP (the e2e
 * mail sink), its link opens the invitation page signed out, the volunteer chooses a password, signs in and sees
 * only that event. Axe on every page on the way.
 */
import { expect, test } from "@playwright/test";
import { DEMO_EVENT_SLUG, OTHER_EVENT_SLUG, STAFF } from "./fixtures";
import { signInAsStaff } from "./staff";
import { expectNoSeriousAxeViolations } from "./axe";
import { mailFor } from "./mail";
import { preparedEvents } from "./prepared-events";
import { first, present } from "../core/lists";

/** Read when a test runs: the file is written when Playwright starts the web server, after the specs are listed. */
const demoName = () => preparedEvents().demo.name.en;

test.use({ locale: "en-US" });
test.beforeEach(async ({ context, baseURL }) => {
  await context.addCookies([{ name: "NEXT_LOCALE", value: "en", url: present(baseURL) }]);
});

/** Unique per run, so a reused server (and its database) never sees the same name or address twice. */
const runId = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;

test("an admin creates an API token shown once, uses it, revokes it, and it stops working", async ({ page, playwright, baseURL }) => {
  // Four pages with axe, the API twice and a reload.
  test.setTimeout(90_000);
  const name = `E2E timer ${runId}`;
  await signInAsStaff(page, STAFF.admin);
  await page.getByRole("link", { name: "API tokens" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "API tokens" })).toBeVisible();
  await expectNoSeriousAxeViolations(page, "tokens page");

  // A name is required.
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByRole("heading", { name: `Token “${name}” created` })).toBeFocused();
  const field = page.getByLabel("Your new token");
  const token = await field.inputValue();
  expect(token).toMatch(/^fl_[A-Za-z0-9_-]{40,}$/);
  await expect(page.getByRole("button", { name: "Copy" })).toBeVisible();
  await expectNoSeriousAxeViolations(page, "token shown once");
  const row = page.getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText("Never");
  await expect(row).toContainText(token.slice(0, 9));

  // The token opens the API.
  const api = await playwright.request.newContext({ baseURL });
  const call = () => api.get(`/api/v1/events/${DEMO_EVENT_SLUG}/registrations?pageSize=1`, { headers: { Authorization: `Bearer ${token}` } });
  expect((await call()).status()).toBe(200);

  // Shown once: a reload shows the list (now with its last use), never the token again.
  await page.reload();
  await expect(page.getByLabel("Your new token")).toHaveCount(0);
  await expect(page.getByText(token)).toHaveCount(0);
  await expect(page.getByRole("row", { name: new RegExp(name) })).not.toContainText("Never");

  // Revoke after a confirmation step.
  await page.getByRole("row", { name: new RegExp(name) }).getByRole("link", { name: /Revoke/ }).click();
  await expect(page.getByRole("heading", { level: 2, name: `Revoke the token “${name}”?` })).toBeFocused();
  await expectNoSeriousAxeViolations(page, "revoke step");
  await page.getByRole("button", { name: "Yes, revoke" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Token revoked: it no longer works." })).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText("Revoked");

  const refused = await call();
  expect(refused.status()).toBe(401);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
  await api.dispose();

  // The audit log shows who revoked it.
  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  await page.getByLabel("Action").fill("token.");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/action=token\./);
  const revocation = page.getByRole("row", { name: /token\.revoke/ }).first();
  await expect(revocation).toContainText(STAFF.admin);
  await expect(revocation).toContainText("API token");
  await expectNoSeriousAxeViolations(page, "audit log");
});

test("an admin invites a volunteer by email, who accepts, signs in and sees only that event", async ({ page, browser }) => {
  // Two people, three pages with axe and the mail's way through SMTP.
  test.setTimeout(90_000);
  const email = `volunteer-${runId}@e2e.test`;
  const password = `volunteer-${runId}-pw`;
  await signInAsStaff(page, STAFF.admin);
  await page.goto(`/admin/events/${DEMO_EVENT_SLUG}`);
  await page.getByRole("link", { name: "Staff", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Staff and invitations" })).toBeVisible();
  await expectNoSeriousAxeViolations(page, "staff page");

  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Role").selectOption({ label: "Volunteer" });
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Invitation sent." })).toBeVisible();
  const pending = page.getByRole("region", { name: "Pending invitations" });
  await expect(pending.getByRole("row", { name: new RegExp(email) })).toContainText("Volunteer");

  // The email went out through SMTP, in English (the admin's language), with the link.
  const mail = first(await mailFor(email));
  expect(mail.subject).toBe(`Invitation to the staff of ${demoName()}`);
  const link = /https?:\/\/\S+\/admin\/invitations\/[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
  expect(link, "the invitation link").toBeTruthy();

  // The invitee has no session: a fresh browser context.
  const context = await browser.newContext({ locale: "en-US" });
  await context.addCookies([{ name: "NEXT_LOCALE", value: "en", url: new URL(present(link)).origin }]);
  const invitee = await context.newPage();
  await invitee.goto(present(link));
  await expect(invitee.getByRole("heading", { level: 1, name: `Join ${demoName()} as Volunteer` })).toBeVisible();
  await expectNoSeriousAxeViolations(invitee, "invitation page");
  await invitee.getByLabel("Password (required)", { exact: true }).fill(password);
  await invitee.getByLabel("Password again").fill(`${password}-typo`);
  await invitee.getByRole("button", { name: "Create account and accept" }).click();
  await expect(invitee.getByLabel("Password again")).toHaveAttribute("aria-invalid", "true");
  await invitee.getByLabel("Password (required)", { exact: true }).fill(password);
  await invitee.getByLabel("Password again").fill(password);
  await invitee.getByRole("button", { name: "Create account and accept" }).click();
  await expect(invitee.getByRole("heading", { level: 1, name: `Welcome to ${demoName()}` })).toBeVisible();
  await expectNoSeriousAxeViolations(invitee, "invitation accepted");

  // The link works once.
  await invitee.goto(present(link));
  await expect(invitee.getByRole("heading", { level: 1, name: "This invitation cannot be used" })).toBeVisible();

  await signInAsStaff(invitee, email, { password });
  const events = invitee.getByRole("table").getByRole("row");
  // The header row and the demo event's row: nothing else.
  await expect(events).toHaveCount(2);
  await expect(invitee.getByRole("link", { name: demoName() })).toBeVisible();
  const other = await invitee.goto(`/admin/events/${OTHER_EVENT_SLUG}`);
  expect(other?.status()).toBe(403);
  await context.close();

  // The admin's staff page lists the volunteer, and no pending invitation for the address.
  await page.reload();
  await expect(page.getByRole("region", { name: "Staff of this event" }).getByRole("row", { name: new RegExp(email) })).toContainText("Volunteer");
  await expect(page.getByRole("region", { name: "Pending invitations" }).getByRole("row", { name: new RegExp(email) })).toHaveCount(0);
});
