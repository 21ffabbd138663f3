/**
 * The accessibility check every spec runs on its pages: no serious or critical axe violation. It waits for the
 * page's <title> first: after a client-side navigation (a server action's redirect) Next streams the title in just
 * after the body, and axe would otherwise report a missing title depending on timing.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export async function expectNoSeriousAxeViolations(page: Page, where?: string, exclude?: string): Promise<void> {
  await expect(page).toHaveTitle(/\S/);
  const builder = new AxeBuilder({ page });
  if (exclude) builder.exclude(exclude);
  const results = await builder.analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")) }));
  expect(serious, where).toEqual([]);
}
