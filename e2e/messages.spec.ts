/**
 * Messages to runners in a real browser against the production build: an organizer writes to the demo event's
 * Family Fun Run, previews the count, sends, and watches the progress reach done; the mail sink then holds the
 * message (in the runner's language) for a fun-run runner and nothing for a runner of the half marathon only. The
 * page passes axe. Who may open it at all is e2e/authorization.spec.ts.
 */
import { expect, test } from "@playwright/test";
import { expectNoSeriousAxeViolations } from "./axe";
import { DEMO_EVENT_SLUG, STAFF, PAID_RUNNERS } from "./fixtures";
import { signInAsStaff } from "./staff";
import { preparedEvents } from "./prepared-events";
import { first, present } from "../core/lists";

test.use({ locale: "en-US" });
test.beforeEach(async ({ context, baseURL }) => {
  await context.addCookies([{ name: "NEXT_LOCALE", value: "en", url: present(baseURL) }]);
});

async function mailTo(address: string): Promise<{ subject: string; text: string }[]> {
  const sink = process.env.E2E_MAIL_SINK_URL;
  if (!sink) throw new Error("E2E_MAIL_SINK_URL is not set: run the specs through playwright.config.ts, which starts e2e/smtp-sink.ts.");
  const res = await fetch(`${sink}/messages?to=${encodeURIComponent(address)}`);
  return (await res.json()) as { subject: string; text: string }[];
}

test("an organizer sends a message to one race: its runners get it, the other race's do not", async ({ page }) => {
  test.setTimeout(90_000);
  const tag = `E2E-${Date.now().toString(36)}`;
  await signInAsStaff(page, STAFF.organizer);
  await page.goto(`/admin/events/${DEMO_EVENT_SLUG}`);
  await page.getByRole("link", { name: "Messages" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Messages to runners" })).toBeVisible();
  await expectNoSeriousAxeViolations(page, "messages (en)");

  await page.getByLabel("Race").selectOption({ label: "Family Fun Run" });
  await page.getByLabel("Subject (Chinese)").fill(`欢乐跑集合时间 ${tag}`);
  await page.getByLabel("Message (Chinese)").fill("请于 8:30 在起点集合。\n\n带上号码布。");
  await page.getByLabel("Subject (English)").fill(`Fun run meeting time ${tag}`);
  await page.getByLabel("Message (English)").fill("Meet at the start at 8:30.\n\nBring your bib.");
  await page.getByRole("button", { name: "Preview recipients" }).click();
  const preview = page.getByRole("status").filter({ hasText: /This message would go to (\d+) runners?\./ });
  await expect(preview).toBeVisible();
  const count = Number(present(/go to (\d+)/.exec((await preview.textContent()) ?? ""))[1]);
  expect(count).toBeGreaterThan(0);
  await expectNoSeriousAxeViolations(page, "messages with preview (en)");

  await page.getByRole("button", { name: count === 1 ? "Send to 1 runner" : `Send to ${count} runners` }).click();
  await expect(page.getByText(count === 1 ? "Message on its way to 1 runner." : `Message on its way to ${count} runners.`)).toBeVisible();
  // The list refreshes by itself until every email is out.
  const item = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: `Fun run meeting time ${tag}` }) });
  await expect(item.getByTestId("broadcast-progress")).toHaveText(`${count} of ${count} queued, ${count} delivered, 0 failed`, { timeout: 30_000 });
  await expect(item.getByText("Done", { exact: true })).toBeVisible();

  // Liu's order (half marathon and fun run, registered in Chinese) gets it once, in Chinese; Chen (half only) not.
  await expect.poll(async () => (await mailTo(PAID_RUNNERS.liu.email)).filter((m) => m.subject.includes(tag)).length, { timeout: 15_000 }).toBe(1);
  const sent = first((await mailTo(PAID_RUNNERS.liu.email)).filter((m) => m.subject.includes(tag)));
  expect(sent.subject).toBe(`[${preparedEvents().demo.name.zh}] 欢乐跑集合时间 ${tag}`);
  expect(sent.text).toContain("请于 8:30 在起点集合。");
  expect((await mailTo(PAID_RUNNERS.chen.email)).filter((m) => m.subject.includes(tag))).toEqual([]);
  await expectNoSeriousAxeViolations(page, "messages after sending (en)");
});

test("a volunteer has no messages link and is refused the page", async ({ page }) => {
  await signInAsStaff(page, STAFF.volunteer);
  await page.goto(`/admin/events/${DEMO_EVENT_SLUG}`);
  await expect(page.getByRole("link", { name: "Messages" })).toHaveCount(0);
  const response = await page.goto(`/admin/events/${DEMO_EVENT_SLUG}/messages`);
  expect(response?.status()).toBe(403);
});
