/**
 * A runner registers through the public API and pays on the simulated checkout page, as a browser would; the order
 * is paid when this returns (checked through the organizer's API).
 */
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { DEMO_EVENT_SLUG } from "./fixtures";
import { authHeader } from "./tokens";

export async function registerAndPay(
  page: Page,
  request: APIRequestContext,
  email: string,
  participant: Record<string, unknown>,
): Promise<{ code: string; paymentUrl: string; totalCents: number }> {
  const res = await request.post(`/api/v1/events/${DEMO_EVENT_SLUG}/registrations`, {
    data: { email, locale: "en", acceptTerms: true, participants: [participant] },
  });
  expect(res.status(), await res.text()).toBe(201);
  const { order } = (await res.json()) as { order: { code: string; paymentUrl: string; totalCents: number } };
  await page.goto(order.paymentUrl);
  await page.getByRole("button", { name: /^Pay .*\(test\)$/ }).click();
  await expect
    .poll(async () => ((await (await request.get(`/api/v1/orders/${order.code}`, { headers: authHeader("organizer") })).json()) as { order: { status: string } }).order.status)
    .toBe("paid");
  return order;
}
