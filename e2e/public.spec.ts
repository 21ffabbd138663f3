/**
 * The public pages: a visitor reads the demo event in Chinese and English on a phone and a desktop, the language is
 * negotiated on "/" and remembered after switching, unknown events get the localized 404, and axe finds no serious
 * or critical violations.
 */
import { expect, test, type Page } from "@playwright/test";
import { DEMO_EVENT_SLUG } from "./fixtures";
import { expectNoSeriousAxeViolations } from "./axe";
import { preparedEvents } from "./prepared-events";

const EVENT_PATH = `/events/${DEMO_EVENT_SLUG}`;

/** The demo event as scripts/seed.ts creates it, and the words each language shows for it. */
const DEMO = {
  zh: {
    languageTag: "zh-CN",
    races: ["半程马拉松", "家庭欢乐跑"],
    halfDistance: "21.0975 公里",
    funDistance: "3.5 公里",
    placesLeft: "剩余名额",
    halfPlaces: /^[\d,]+ \/ 6,000/,
    price: "报名费",
    registrationOpen: "报名中",
    notFound: "页面未找到",
    switchLink: "Switch to English",
    skipLink: "跳到主要内容",
  },
  en: {
    languageTag: "en",
    races: ["Half Marathon", "Family Fun Run"],
    halfDistance: "21.0975 km",
    funDistance: "3.5 km",
    placesLeft: "Places left",
    halfPlaces: /^[\d,]+ of 6,000/,
    price: "Entry fee",
    registrationOpen: "Registration open",
    notFound: "Page not found",
    switchLink: "切换到中文",
    skipLink: "Skip to main content",
  },
} as const;
type Lang = keyof typeof DEMO;
const LANGS: Lang[] = ["zh", "en"];

/** The demo event's name (with its race day's year), read when a test runs (e2e/prepared-events.ts). */
function eventName(lang: Lang): string {
  return preparedEvents().demo.name[lang];
}

/** The half marathon's price in force today (the early bird ends 30 days after the database was made), as the page formats it. */
function halfMarathonPrice(lang: Lang): string {
  const earlyBirdEnds = Date.parse(preparedEvents().demo.earlyBirdEndsAt);
  const major = Date.now() < earlyBirdEnds ? "100.00" : "120.00";
  return new Intl.NumberFormat(DEMO[lang].languageTag, { style: "currency", currency: "CNY" }).format(major as `${number}`);
}

function funRunPrice(lang: Lang): string {
  return new Intl.NumberFormat(DEMO[lang].languageTag, { style: "currency", currency: "CNY" }).format("60.00" as `${number}`);
}

/** The value (<dd>) next to a term (<dt>) inside `scope`. */
function factValue(scope: ReturnType<Page["locator"]>, term: string) {
  return scope.getByRole("term").filter({ hasText: term }).locator("xpath=following-sibling::dd[1]");
}

for (const viewport of [
  { name: "phone", width: 360, height: 740 },
  { name: "desktop", width: 1280, height: 800 },
]) {
  test.describe(`on a ${viewport.name} (${viewport.width}px)`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    for (const lang of LANGS) {
      const d = DEMO[lang];

      test(`a visitor finds the demo event on the ${lang} home page and reads its races`, async ({ page }) => {
        await page.goto(`/${lang}`);
        await expect(page.locator("html")).toHaveAttribute("lang", d.languageTag);
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();

        await page.getByRole("link", { name: eventName(lang) }).click();
        await expect(page).toHaveURL(new RegExp(`/${lang}${EVENT_PATH}$`));
        await expect(page.getByRole("heading", { level: 1, name: eventName(lang) })).toBeVisible();
        await expect(page).toHaveTitle(new RegExp(eventName(lang)));
        await expect(page.getByText(d.registrationOpen, { exact: true })).toBeVisible();

        const half = page.getByRole("article", { name: d.races[0], exact: true });
        await expect(half.getByRole("heading", { level: 3, name: d.races[0], exact: true })).toBeVisible();
        await expect(half.getByText(d.halfDistance, { exact: true })).toBeVisible();
        await expect(factValue(half, d.price)).toHaveText(halfMarathonPrice(lang));
        await expect(factValue(half, d.placesLeft)).toHaveText(d.halfPlaces);

        const fun = page.getByRole("article", { name: d.races[1], exact: true });
        await expect(fun.getByRole("heading", { level: 3, name: d.races[1], exact: true })).toBeVisible();
        await expect(fun.getByText(d.funDistance, { exact: true })).toBeVisible();
        await expect(factValue(fun, d.price)).toHaveText(funRunPrice(lang));
      });
    }

    test("the page does not scroll sideways", async ({ page }) => {
      for (const path of ["/zh", `/zh${EVENT_PATH}`, "/en", `/en${EVENT_PATH}`]) {
        await page.goto(path);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, path).toBeLessThanOrEqual(0);
      }
    });
  });
}

test.describe("language negotiation on /", () => {
  test.describe("an English browser", () => {
    test.use({ locale: "en-US", extraHTTPHeaders: { "Accept-Language": "en-US,en;q=0.9" } });
    test("lands on /en", async ({ page }) => {
      await page.goto("/");
      await expect(page).toHaveURL(/\/en$/);
      await expect(page.locator("html")).toHaveAttribute("lang", "en");
    });
  });

  test.describe("a Chinese browser", () => {
    test.use({ locale: "zh-CN", extraHTTPHeaders: { "Accept-Language": "zh-CN,zh;q=0.9" } });
    test("lands on /zh", async ({ page }) => {
      await page.goto("/");
      await expect(page).toHaveURL(/\/zh$/);
      await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    });

    test("switching language keeps the page and is remembered over Accept-Language", async ({ page }) => {
      await page.goto(`/zh${EVENT_PATH}`);
      await page.getByRole("navigation", { name: "语言" }).getByRole("link", { name: DEMO.zh.switchLink }).click();
      await expect(page).toHaveURL(new RegExp(`/en${EVENT_PATH}$`));
      await expect(page.getByRole("heading", { level: 1, name: eventName("en") })).toBeVisible();
      await expect(page.locator("html")).toHaveAttribute("lang", "en");

      await page.goto("/");
      await expect(page).toHaveURL(/\/en$/);

      await page.getByRole("navigation", { name: "Language" }).getByRole("link", { name: DEMO.en.switchLink }).click();
      await expect(page).toHaveURL(/\/zh$/);
      await page.goto("/");
      await expect(page).toHaveURL(/\/zh$/);
    });
  });
});

test.describe("unknown pages", () => {
  for (const lang of LANGS) {
    test(`an unknown event shows the ${lang} 404`, async ({ page }) => {
      const response = await page.goto(`/${lang}/events/no-such-event-2099`);
      expect(response?.status()).toBe(404);
      await expect(page.getByRole("heading", { level: 1, name: DEMO[lang].notFound })).toBeVisible();
      await expect(page.locator("html")).toHaveAttribute("lang", DEMO[lang].languageTag);
    });
  }
});

test.describe("accessibility", () => {
  for (const lang of LANGS) {
    test(`the ${lang} home page has no serious or critical axe violations`, async ({ page }) => {
      await page.goto(`/${lang}`);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expectNoSeriousAxeViolations(page);
    });

    test(`the ${lang} event page has no serious or critical axe violations`, async ({ page }) => {
      await page.goto(`/${lang}${EVENT_PATH}`);
      await expect(page.getByRole("heading", { level: 1, name: eventName(lang) })).toBeVisible();
      await expectNoSeriousAxeViolations(page);
    });
  }

  test("the skip link moves keyboard focus to the main content", async ({ page }) => {
    await page.goto(`/en${EVENT_PATH}`);
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: DEMO.en.skipLink });
    await expect(skip).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("main")).toBeFocused();
  });
});
