/**
 * Staff sign-in for the specs: the /admin sign-in form with an email address and a password, then the events list
 * (the admin home every staff role lands on). Tests of the sign-in form itself (a wrong password, coming back to the
 * page that sent them there) keep their own steps.
 */
import { expect, type Page } from "@playwright/test";
import { E2E_PASSWORD } from "./fixtures";

export interface StaffSignInOptions {
  /** E2E_PASSWORD (every account in STAFF has it) unless the account chose its own, like an invited one. */
  password?: string;
}

/** Signs `email` in to /admin and waits for the events list. */
export async function signInAsStaff(page: Page, email: string, { password = E2E_PASSWORD }: StaffSignInOptions = {}) {
  await page.goto("/admin/sign-in");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Events" })).toBeVisible();
}
