/**
 * Public registration on a phone (390px): a parent registers self in the half marathon and a 10-year-old in the fun
 * run in Chinese, pays on the simulated (test) checkout, sees both entries confirmed with their pickup QR codes, and
 * the confirmation email arrives through SMTP (e2e/smtp-sink.ts). Also: field errors in the runner's language
 * (ineligible age, ID checksum) with nothing typed lost, cancelling on the checkout and on the order page, a
 * sold-out race, and axe on every page of the flow.
 */
import { expect, test, type Locator, type Page, type TestInfo } from "@playwright/test";
import { participant, registrationBody, residentId } from "../test/factories";
import { DEMO_EVENT_SLUG, OTHER_EVENT_SLUG, SOLD_OUT_RACE } from "./fixtures";
import { expectNoSeriousAxeViolations } from "./axe";
import { mailFor } from "./mail";
import { preparedEvents } from "./prepared-events";
import { first, present } from "../core/lists";

/** The demo event's race day and name, as e2e/prepare-db.ts made them (read when a test runs). */
const demo = () => preparedEvents().demo;

test.use({ viewport: { width: 390, height: 844 } });

/** Unique per run, so a reused server (and its database) never sees the same document or address twice. */
const runId = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
let sequence = Math.floor(Math.random() * 400);
function nextSequence(): number {
  sequence = (sequence + 1) % 500;
  return sequence;
}
function mailbox(name: string): string {
  return `${name}-${runId}@e2e.test`;
}

/** A birth date that makes a runner `age` on race day: the birthday 10 to 24 days before it, so runs differ. */
function birthDateAged(age: number): string {
  const raceDay = new Date(`${demo().date}T00:00:00Z`);
  const daysBefore = 10 + Math.floor(Math.random() * 15);
  return new Date(Date.UTC(raceDay.getUTCFullYear() - age, raceDay.getUTCMonth(), raceDay.getUTCDate() - daysBefore)).toISOString().slice(0, 10);
}

function money(major: string, lang: "zh" | "en"): string {
  return new Intl.NumberFormat(lang === "zh" ? "zh-CN" : "en", { style: "currency", currency: "CNY" }).format(major as `${number}`);
}

/** The half marathon's price in force now: the early bird ends 30 days after the e2e database was made. */
function halfPriceMajor(): number {
  return Date.now() < Date.parse(demo().earlyBirdEndsAt) ? 100 : 120;
}

async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

async function screenshot(page: Page, testInfo: TestInfo, name: string) {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
}

/** The labels the form shows, per language. */
const L = {
  zh: {
    email: "电子邮箱",
    participant: (n: number) => `参赛者 ${n}`,
    familyName: "姓",
    givenName: "名",
    birthDate: "出生日期",
    idNumber: "证件号码",
    phone: "手机号码",
    emergencyName: "紧急联系人姓名",
    emergencyPhone: "紧急联系人电话",
    tshirt: "T 恤尺码",
    finish: "预计完赛时间",
    male: "男",
    female: "女",
    waiver: /本人已阅读并接受/,
    submit: "提交并去付款",
    add: "再添加一位参赛者",
  },
  en: {
    email: "Email address",
    participant: (n: number) => `Participant ${n}`,
    familyName: "Family name",
    givenName: "Given name",
    birthDate: "Date of birth",
    idNumber: "ID number",
    phone: "Mobile phone",
    emergencyName: "Emergency contact’s name",
    emergencyPhone: "Emergency contact’s phone",
    tshirt: "T-shirt size",
    finish: "Expected finish time",
    male: "Male",
    female: "Female",
    waiver: /I have read and accept/,
    submit: "Continue to payment",
    add: "Add another participant",
  },
} as const;

interface Runner {
  race: RegExp;
  familyName: string;
  givenName: string;
  gender: "male" | "female";
  birthDate: string;
  idNumber: string;
  phone?: string;
  tshirt?: string;
  finish?: string;
}

async function fillParticipant(group: Locator, lang: "zh" | "en", r: Runner) {
  const l = L[lang];
  await group.getByRole("radio", { name: r.race }).check();
  await group.getByLabel(l.familyName, { exact: true }).fill(r.familyName);
  await group.getByLabel(l.givenName, { exact: true }).fill(r.givenName);
  await group.getByRole("radio", { name: l[r.gender], exact: true }).check();
  await group.getByLabel(l.birthDate).fill(r.birthDate);
  if (lang === "en") {
    await group.getByLabel("Nationality").selectOption("CN");
    await group.getByLabel("ID document").selectOption("cn_resident_id");
  }
  await group.getByLabel(l.idNumber, { exact: true }).fill(r.idNumber);
  await group.getByLabel(l.phone).fill(r.phone ?? "+86 138 0013 8000");
  await group.getByLabel(l.emergencyName).fill(lang === "zh" ? "李娜" : "Li Na");
  await group.getByLabel(l.emergencyPhone).fill("+86 139 0000 0000");
  if (r.tshirt) await group.getByLabel(l.tshirt).selectOption(r.tshirt);
  if (r.finish) await group.getByLabel(l.finish).fill(r.finish);
}

/** Registers one adult in the half (English) and returns on the checkout page. */
async function registerOneAdult(page: Page, email: string, name: { family: string; given: string }) {
  await page.goto(`/en/events/${DEMO_EVENT_SLUG}/register`);
  await page.getByLabel(L.en.email).fill(email);
  const birthDate = birthDateAged(35);
  await fillParticipant(page.getByRole("group", { name: L.en.participant(1) }), "en", {
    race: /^Half Marathon/,
    familyName: name.family,
    givenName: name.given,
    gender: "female",
    birthDate,
    idNumber: residentId(birthDate, nextSequence(), true),
    tshirt: "S",
  });
  await page.getByRole("checkbox", { name: L.en.waiver }).check();
  await page.getByRole("button", { name: L.en.submit }).click();
  await expect(page).toHaveURL(/\/en\/checkout\/FL-[0-9A-Z]{8}\?token=/);
}

test.describe("in Chinese", () => {
  test.use({ locale: "zh-CN", extraHTTPHeaders: { "Accept-Language": "zh-CN,zh;q=0.9" } });

  test("a parent registers self in the half and a 10-year-old in the fun run, pays on the test checkout, sees both entries confirmed and gets the email", async ({
    page,
  }, testInfo) => {
    // A long story (two runners, the checkout, the order page and the email; axe on four pages) on a busy machine.
    test.setTimeout(60_000);
    const email = mailbox("family");
    const parentBirth = birthDateAged(41);
    const childBirth = birthDateAged(10);
    const parentId = residentId(parentBirth, nextSequence());
    const childId = residentId(childBirth, nextSequence(), true);
    const total = money(`${halfPriceMajor() + 60}.00`, "zh");

    // From the event page to the form.
    await page.goto(`/zh/events/${DEMO_EVENT_SLUG}`);
    await page.getByRole("link", { name: "立即报名" }).click();
    await expect(page.getByRole("heading", { level: 1, name: `${demo().name.zh} 报名` })).toBeVisible();
    await expectNoSeriousAxeViolations(page);

    await page.getByLabel(L.zh.email).fill(email);
    const parent = page.getByRole("group", { name: L.zh.participant(1) });
    await fillParticipant(parent, "zh", {
      race: /^半程马拉松/,
      familyName: "张",
      givenName: "伟",
      gender: "male",
      birthDate: parentBirth,
      idNumber: parentId,
      tshirt: "L",
      finish: "1:55",
    });
    await expect(parent.getByText("比赛当日 41 岁。")).toBeVisible();
    // An adult needs no guardian.
    await expect(parent.getByRole("group", { name: "家长或监护人" })).toHaveCount(0);

    await page.getByRole("button", { name: L.zh.add }).click();
    await expect(page.getByRole("heading", { level: 2, name: L.zh.participant(2) })).toBeFocused();
    const child = page.getByRole("group", { name: L.zh.participant(2) });
    // The fun run asks no finish time.
    await child.getByRole("radio", { name: /^家庭欢乐跑/ }).check();
    await expect(child.getByLabel(L.zh.finish)).toHaveCount(0);
    await fillParticipant(child, "zh", {
      race: /^家庭欢乐跑/,
      familyName: "张",
      givenName: "小雨",
      gender: "female",
      birthDate: childBirth,
      idNumber: childId,
      tshirt: "140",
    });

    // A minor: the guardian block appears; the parent's details fill it in one tap.
    const guardian = child.getByRole("group", { name: "家长或监护人" });
    await expect(guardian).toBeVisible();
    await expect(guardian.getByText("张小雨比赛当日 10 岁，须由家长或法定监护人同意参赛。")).toBeVisible();
    await guardian.getByRole("button", { name: "使用参赛者 1 的信息" }).click();
    await expect(guardian.getByLabel("监护人姓名")).toHaveValue("张伟");
    await expect(guardian.getByLabel("监护人证件号码")).toHaveValue(parentId);
    await guardian.getByRole("checkbox", { name: /本人是该参赛者的家长或法定监护人/ }).check();

    // The price of each line and the total, at the tier in force today.
    const price = page.getByRole("region", { name: "费用" });
    await expect(price.getByText("张伟")).toBeVisible();
    await expect(price.getByText("合计", { exact: true })).toBeVisible();
    await expect(price.getByText(total, { exact: true })).toBeVisible();

    await page.getByRole("checkbox", { name: L.zh.waiver }).check();
    await expectNoSeriousAxeViolations(page);
    await expectNoSidewaysScroll(page);
    await screenshot(page, testInfo, "zh-390-form");
    await page.getByRole("button", { name: L.zh.submit }).click();

    // The simulated checkout: clearly a test, the order and its amount.
    await expect(page).toHaveURL(/\/zh\/checkout\/FL-[0-9A-Z]{8}\?token=/);
    const code = present(/checkout\/(FL-[0-9A-Z]{8})/.exec(page.url()))[1];
    await expect(page).toHaveTitle(`测试支付 · ${code} · Finishline`);
    await expect(page.getByRole("note")).toContainText("测试支付——不会产生真实扣款");
    await expect(page.getByText(`订单 ${code}`)).toBeVisible();
    await expect(page.getByText(total, { exact: true })).toBeVisible();
    await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
    await expectNoSeriousAxeViolations(page);
    await expectNoSidewaysScroll(page);
    await screenshot(page, testInfo, "zh-390-checkout");
    await page.getByRole("button", { name: `支付 ${total}（测试）` }).click();

    // The order page: both entries confirmed, IDs masked, pickup QR codes, a cancel button each.
    await expect(page).toHaveURL(new RegExp(`/zh/orders/${code}\\?token=`));
    await expect(page.getByRole("heading", { level: 1, name: "我的报名" })).toBeVisible();
    await expect(page).toHaveTitle(`订单 ${code} · Finishline`);
    await expect(page.getByText(`报名已确认。含领物二维码的确认邮件已发送至 ${email}。`)).toBeVisible();
    for (const [name, id] of [
      ["张伟", parentId],
      ["张小雨", childId],
    ] as const) {
      const entry = page.getByRole("article", { name: new RegExp(`^${name}`) });
      await expect(entry.getByText("已确认")).toBeVisible();
      await expect(entry.getByText(`${"*".repeat(14)}${id.slice(-4)}`)).toBeVisible();
      await expect(entry.getByText(id)).toHaveCount(0);
      await expect(entry.getByRole("img", { name: `${name}的领物二维码` })).toBeVisible();
      await expect(entry.getByText("取消此报名…")).toBeVisible();
    }
    await expect(page.getByRole("article", { name: /^张伟/ }).getByText("半程马拉松")).toBeVisible();
    await expect(page.getByRole("article", { name: /^张小雨/ }).getByText("家庭欢乐跑")).toBeVisible();
    await expectNoSeriousAxeViolations(page);
    await expectNoSidewaysScroll(page);
    await screenshot(page, testInfo, "zh-390-order");

    // A private page: not indexed, not cached, and its token is not sent on to other sites.
    const reload = await page.reload();
    expect(reload?.headers()["cache-control"]).toContain("no-store");
    await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
    await expect(page.locator('meta[name="referrer"]')).toHaveAttribute("content", "no-referrer");

    // The confirmation email went out through SMTP, in Chinese, with both runners and their QR codes.
    const mail = first(await mailFor(email));
    expect(mail.subject).toContain("报名成功");
    expect(mail.subject).toContain(demo().name.zh);
    expect(mail.subject).toContain(code);
    expect(mail.text).toContain("张伟");
    expect(mail.text).toContain("张小雨");
    expect(mail.html).toContain(`/zh/orders/${code}?token=`);
    expect(mail.attachments.filter((a) => a.contentType === "image/png")).toHaveLength(2);
  });

  test("an ineligible age and a wrong ID check digit are explained next to their fields; nothing typed is lost", async ({ page }, testInfo) => {
    const email = mailbox("too-old");
    await page.goto(`/zh/events/${DEMO_EVENT_SLUG}/register?race=half`);
    await page.getByLabel(L.zh.email).fill(email);
    const runner = page.getByRole("group", { name: L.zh.participant(1) });
    // Preselected from the event page's race link.
    await expect(runner.getByRole("radio", { name: /^半程马拉松/ })).toBeChecked();

    const tooOld = "1950-02-10";
    const valid = residentId(tooOld, nextSequence());
    const wrongCheckDigit = valid.slice(0, 17) + (valid[17] === "0" ? "1" : "0");
    await fillParticipant(runner, "zh", {
      race: /^半程马拉松/,
      familyName: "王",
      givenName: "老先生",
      gender: "male",
      birthDate: tooOld,
      idNumber: wrongCheckDigit,
      finish: "2:30",
    });
    await page.getByRole("checkbox", { name: L.zh.waiver }).check();
    await page.getByRole("button", { name: L.zh.submit }).click();

    // The summary takes focus and lists both problems; each field carries its own message.
    const summary = page.getByRole("group", { name: "请修改以下 2 处" });
    await expect(summary).toBeFocused();
    await expect(summary.getByRole("link", { name: "参赛者 1 · 出生日期超出年龄上限：比赛日 77 岁，本项目最高 75 岁" })).toBeVisible();
    await expect(summary.getByRole("link", { name: "参赛者 1 · 证件号码不是有效的居民身份证号码（校验位不符）" })).toBeVisible();
    const birthDate = runner.getByLabel(L.zh.birthDate);
    await expect(birthDate).toHaveAttribute("aria-invalid", "true");
    await expect(birthDate).toHaveAccessibleDescription(/超出年龄上限：比赛日 77 岁，本项目最高 75 岁/);
    await expect(runner.getByLabel(L.zh.idNumber, { exact: true })).toHaveAccessibleDescription(/校验位不符/);
    await expectNoSeriousAxeViolations(page);
    await screenshot(page, testInfo, "zh-390-errors");

    // Everything typed is still there.
    await expect(page.getByLabel(L.zh.email)).toHaveValue(email);
    await expect(runner.getByLabel(L.zh.familyName, { exact: true })).toHaveValue("王");
    await expect(runner.getByLabel(L.zh.finish)).toHaveValue("2:30");
    await expect(runner.getByLabel(L.zh.idNumber, { exact: true })).toHaveValue(wrongCheckDigit);
    await expect(page.getByRole("checkbox", { name: L.zh.waiver })).toBeChecked();

    // The summary's link moves to the field.
    await summary.getByRole("link", { name: /证件号码/ }).click();
    await expect(runner.getByLabel(L.zh.idNumber, { exact: true })).toBeFocused();

    // Corrected (the runner entered the wrong year), the order goes through to the checkout.
    const birth = "1975-02-10";
    await birthDate.fill(birth);
    await runner.getByLabel(L.zh.idNumber, { exact: true }).fill(residentId(birth, nextSequence()));
    await page.getByRole("button", { name: L.zh.submit }).click();
    await expect(page).toHaveURL(/\/zh\/checkout\/FL-/);

    // Cancelling on the checkout releases the order at once.
    await page.getByRole("button", { name: "取消订单" }).click();
    await expect(page).toHaveURL(/\/zh\/orders\/FL-/);
    await expect(page.getByText("已取消").first()).toBeVisible();
    await expect(page.getByText("该订单已取消。")).toBeVisible();
    await expect(page.getByRole("img", { name: /领物二维码/ })).toHaveCount(0);
  });

  test("a race that sells out while the form is open says so, keeps what was typed, and is then shown as sold out", async ({ page, context, request }) => {
    // The runner opens the form while the race's one place is still free (each run starts on a fresh database).
    await page.goto(`/zh/events/${OTHER_EVENT_SLUG}/register?race=${SOLD_OUT_RACE.slug}`);
    const runner = page.getByRole("group", { name: L.zh.participant(1) });
    const mile = runner.getByRole("radio", { name: new RegExp(`^${SOLD_OUT_RACE.name.zh}`) });
    await expect(mile).toBeChecked();
    await page.getByLabel(L.zh.email).fill(mailbox("too-late"));
    const birthDate = birthDateAged(28);
    await fillParticipant(runner, "zh", {
      race: new RegExp(`^${SOLD_OUT_RACE.name.zh}`),
      familyName: "赵",
      givenName: "敏",
      gender: "female",
      birthDate,
      idNumber: residentId(birthDate, nextSequence(), true),
    });
    await page.getByRole("checkbox", { name: L.zh.waiver }).check();

    // Meanwhile someone else takes the place and pays (the API, then the test checkout).
    const body = registrationBody([participant({ race: SOLD_OUT_RACE.slug })], { email: mailbox("first-in") });
    const res = await request.post(`/api/v1/events/${OTHER_EVENT_SLUG}/registrations`, { data: body });
    expect(res.status()).toBe(201);
    const { order } = (await res.json()) as { order: { paymentUrl: string } };
    const other = await context.newPage();
    await other.goto(order.paymentUrl);
    await other.getByRole("button", { name: /^支付/ }).click();
    await expect(other).toHaveURL(/\/orders\/FL-/);
    await other.close();

    await page.getByRole("button", { name: L.zh.submit }).click();
    const summary = page.getByRole("group", { name: "请修改以下 1 处" });
    await expect(summary).toBeFocused();
    await expect(summary.getByText("所选项目剩余名额不足。未保留名额，也未扣款；请选择其他项目。")).toBeVisible();
    await expect(summary.getByRole("link", { name: "参赛者 1 · 项目：该项目名额已满" })).toBeVisible();
    // The race is now shown as sold out and cannot be chosen; what was typed is still there.
    await expect(mile).toBeDisabled();
    await expect(runner.getByText("名额已满", { exact: true })).toBeVisible();
    await expect(runner.getByLabel(L.zh.familyName, { exact: true })).toHaveValue("赵");
    await expectNoSeriousAxeViolations(page);

    // On the event page too: marked sold out, no link to register for it.
    await page.goto(`/zh/events/${OTHER_EVENT_SLUG}`);
    const card = page.getByRole("article", { name: SOLD_OUT_RACE.name.zh });
    await expect(card.getByText("名额已满")).toBeVisible();
    await expect(card.getByRole("link", { name: /报名/ })).toHaveCount(0);
    await expect(page.getByRole("article", { name: "十公里" }).getByRole("link", { name: "报名十公里" })).toBeVisible();

    // A fresh form offers only the races still open.
    await page.goto(`/zh/events/${OTHER_EVENT_SLUG}/register?race=${SOLD_OUT_RACE.slug}`);
    await expect(page.getByRole("radio", { name: new RegExp(`^${SOLD_OUT_RACE.name.zh}`) })).toBeDisabled();
    await expect(page.getByRole("radio", { name: /^十公里/ })).toBeChecked();
    await expectNoSeriousAxeViolations(page);
  });
});

test.describe("in English", () => {
  test.use({ locale: "en-US", extraHTTPHeaders: { "Accept-Language": "en-US,en;q=0.9" } });

  test("a runner registers, pays, and cancels the entry from the order page after being told what comes back", async ({ page }, testInfo) => {
    const email = mailbox("cancel");
    await page.goto(`/en/events/${DEMO_EVENT_SLUG}/register`);
    await expectNoSeriousAxeViolations(page);
    await screenshot(page, testInfo, "en-390-form-empty");

    await registerOneAdult(page, email, { family: "Chen", given: "Jing" });
    // Names in Latin letters read given name first.
    await expect(page.getByRole("region", { name: "Order summary" })).toContainText("Jing Chen");
    const price = money(`${halfPriceMajor()}.00`, "en");
    await expect(page.getByRole("note")).toContainText("TEST PAYMENT – no real money");
    await expect(page.getByRole("region", { name: "Order summary" })).toContainText(price);
    await expectNoSeriousAxeViolations(page);
    await screenshot(page, testInfo, "en-390-checkout");
    await page.getByRole("button", { name: `Pay ${price} (test)` }).click();

    await expect(page.getByText(`Your registration is confirmed.`)).toBeVisible();
    const entry = page.getByRole("article", { name: /^Jing Chen/ });
    await expect(entry.getByText("Confirmed")).toBeVisible();
    await expect(entry.getByRole("img", { name: "Packet pickup QR code for Jing Chen" })).toBeVisible();
    await expect(entry.getByText("To be assigned").first()).toBeVisible();
    await expectNoSeriousAxeViolations(page);
    await screenshot(page, testInfo, "en-390-order");

    // Asks first, and says what the refund policy gives back now (the demo event has none).
    await entry.getByText("Cancel this entry…").click();
    await expect(entry.getByText("Under the event’s refund policy, cancelling now gives no refund.")).toBeVisible();
    await expectNoSeriousAxeViolations(page);
    await entry.getByRole("button", { name: "Yes, cancel the entry of Jing Chen" }).click();

    await expect(page.getByText("The entry was cancelled.", { exact: false })).toBeVisible();
    await expect(page.getByRole("article", { name: /^Jing Chen/ }).getByText("Cancelled")).toBeVisible();
    await expect(page.getByRole("img", { name: /QR code/ })).toHaveCount(0);
    await expect(page.getByText("Cancel this entry…")).toHaveCount(0);

    const mails = await mailFor(email, 2);
    expect(mails.map((m) => m.subject).join("\n")).toMatch(/cancel/i);

    // The private link keeps working in the other language.
    await page.getByRole("link", { name: "切换到中文" }).click();
    await expect(page).toHaveURL(/\/zh\/orders\/FL-[0-9A-Z]{8}\?token=/);
    await expect(page.getByRole("heading", { level: 1, name: "我的报名" })).toBeVisible();
  });

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });

    test("the form still answers with its errors and keeps what was typed", async ({ page }) => {
      await page.goto(`/en/events/${DEMO_EVENT_SLUG}/register?race=half`);
      await page.getByLabel(L.en.email).fill("not-an-email");
      const runner = page.getByRole("group", { name: L.en.participant(1) });
      await runner.getByLabel(L.en.familyName, { exact: true }).fill("Smith");
      await page.getByRole("checkbox", { name: L.en.waiver }).check();
      await page.getByRole("button", { name: L.en.submit }).click();

      await expect(page.getByRole("heading", { level: 2, name: /^Please correct \d+ entries$/ })).toBeVisible();
      await expect(page.getByRole("link", { name: "Email address must be an email address" })).toBeVisible();
      await expect(page.getByRole("link", { name: "Participant 1 · Given name is required" })).toBeVisible();
      await expect(page.getByLabel(L.en.email)).toHaveValue("not-an-email");
      await expect(runner.getByLabel(L.en.familyName, { exact: true })).toHaveValue("Smith");
      await expect(runner.getByRole("radio", { name: /^Half Marathon/ })).toBeChecked();
    });
  });

  test("back from a payment provider, the order page says the payment is being confirmed and updates when it is", async ({ page, context }) => {
    await registerOneAdult(page, mailbox("returning"), { family: "Lee", given: "Anna" });
    const checkoutUrl = page.url();
    // What a provider's success redirect looks like (Stripe's success_url): it only shows the status.
    await page.goto(checkoutUrl.replace("/checkout/", "/orders/") + "&paid=1");
    await expect(page.getByRole("status").filter({ hasText: "We are waiting for the payment provider to confirm your payment" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Pay now" })).toHaveCount(0);
    await expect(page.getByRole("article", { name: /^Anna Lee/ }).getByText("Awaiting payment")).toBeVisible();

    // The confirmation arrives elsewhere (here: the test checkout in another tab); the page picks it up by itself.
    const other = await context.newPage();
    await other.goto(checkoutUrl);
    await other.getByRole("button", { name: /^Pay / }).click();
    await expect(other).toHaveURL(/\/en\/orders\//);
    await other.close();
    await expect(page.getByText("Your registration is confirmed.")).toBeVisible({ timeout: 15_000 });
    await expect(page.getByRole("img", { name: "Packet pickup QR code for Anna Lee" })).toBeVisible();
  });

  test("the same document cannot enter twice: the ID number says so and the rest of the form stays", async ({ page }) => {
    const birthDate = birthDateAged(30);
    const id = residentId(birthDate, nextSequence(), true);
    const runner: Runner = { race: /^Half Marathon/, familyName: "Wu", givenName: "Mei", gender: "female", birthDate, idNumber: id };
    for (const attempt of [1, 2]) {
      await page.goto(`/en/events/${DEMO_EVENT_SLUG}/register`);
      await page.getByLabel(L.en.email).fill(mailbox(`twice-${attempt}`));
      await fillParticipant(page.getByRole("group", { name: L.en.participant(1) }), "en", runner);
      await page.getByRole("checkbox", { name: L.en.waiver }).check();
      await page.getByRole("button", { name: L.en.submit }).click();
      if (attempt === 1) await expect(page).toHaveURL(/\/en\/checkout\//);
    }
    // The first order only holds its place (not paid yet): that already counts.
    const summary = page.getByRole("group", { name: "Please correct 1 entry" });
    await expect(summary).toBeFocused();
    await expect(summary.getByText("A participant already has an entry in this event (each ID document can enter once).")).toBeVisible();
    await expect(summary.getByRole("link", { name: "Participant 1 · ID number already has an entry in this event" })).toBeVisible();
    await expect(page.getByLabel(L.en.idNumber, { exact: true })).toHaveValue(id);
    await expect(page.getByLabel(L.en.familyName, { exact: true })).toHaveValue("Wu");
  });

  test("an unknown discount code is refused next to its field; without it the order goes through", async ({ page }) => {
    await page.goto(`/en/events/${DEMO_EVENT_SLUG}/register?race=fun-run`);
    await page.getByLabel(L.en.email).fill(mailbox("discount"));
    const birthDate = birthDateAged(33);
    await fillParticipant(page.getByRole("group", { name: L.en.participant(1) }), "en", {
      race: /^Family Fun Run/,
      familyName: "Garcia",
      givenName: "Lucia",
      gender: "female",
      birthDate,
      idNumber: residentId(birthDate, nextSequence(), true),
    });
    const code = page.getByLabel("Discount code");
    await code.fill("spring-nope");
    await page.getByRole("checkbox", { name: L.en.waiver }).check();
    await page.getByRole("button", { name: L.en.submit }).click();
    await expect(page.getByRole("link", { name: "Discount code is not a valid discount code" })).toBeVisible();
    await expect(code).toHaveAccessibleDescription(/is not a valid discount code/);
    await expect(code).toHaveValue("spring-nope");

    await code.fill("");
    await page.getByRole("button", { name: L.en.submit }).click();
    await expect(page).toHaveURL(/\/en\/checkout\//);
    await expect(page.getByRole("region", { name: "Order summary" })).toContainText("Lucia Garcia");
    await expect(page.getByRole("region", { name: "Order summary" })).toContainText(money("60.00", "en"));
  });

  test("a wrong order link answers 404 without saying whether the order exists", async ({ page }) => {
    const response = await page.goto("/en/orders/FL-AAAAAAAA?token=not-the-token");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Order not found" })).toBeVisible();
    const checkout = await page.goto("/en/checkout/FL-AAAAAAAA");
    expect(checkout?.status()).toBe(404);
  });
});
