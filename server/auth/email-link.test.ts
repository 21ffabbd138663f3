/**
 * Runner sign-in by email link (docs/decisions/004), on both engines, through the real pieces: the request form's
 * server action, next-auth (its signIn and its route handlers) with our adapter and provider, the outbox, the
 * session, and the admin's own checks. Only Next's request context (headers and the cookie jar) is stood in for.
 */
import { createHash } from "node:crypto";
import { count, eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { getConnection } from "../db";
import { makeStaff, resetDatabase } from "../../test/db";
import { eventInput, participant, registrationBody } from "../../test/factories";
import { requestSignInLinkAction, signOutRunnerAction } from "../../app/[locale]/account/actions";
import { setEventStatusAction } from "../../app/admin/events/[slug]/actions";
import { CLI_ACTOR } from "../actor";
import { resetEnvForTests } from "../env";
import { createEvent } from "../events/manage-events";
import { verifyOrderAccessToken } from "../registration/order-access";
import { registerEntries } from "../registration/register";
import {
  hashRunnerEmail,
  isSignInLinkUsable,
  LINK_REQUESTS_PER_CLIENT,
  LINK_REQUESTS_PER_EMAIL,
  listRunnerOrders,
  runnerEmailAdapter,
} from "./email-link";
import { handlers, signIn } from "./index";
import { getAuthSecret } from "./secret";
import { getActor, getRunnerEmail, requireStaff } from "./session";
import { first as firstOf, present } from "../../core/lists";

/**
 * The request Next would give server code: the socket's address as the app's HTTP server records it
 * (server/http-edge.ts), an X-Forwarded-For of the client's choosing (not believed), and the browser's cookies.
 */
const browser = vi.hoisted(() => ({ ip: "203.0.113.1", cookies: new Map<string, string>() }));

vi.mock("next/headers", () => ({
  headers: async () =>
    new Headers({
      host: "localhost",
      "x-forwarded-proto": "http",
      "x-finishline-peer": browser.ip,
      "x-forwarded-for": "192.0.2.200",
      cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
    }),
  cookies: async () => ({
    get: (name: string) => (browser.cookies.has(name) ? { name, value: browser.cookies.get(name) } : undefined),
    set: (name: string, value: string, options?: { maxAge?: number; expires?: Date }) => {
      const expired = options?.maxAge === 0 || (options?.expires && options.expires.getTime() <= Date.now());
      if (expired || value === "") browser.cookies.delete(name);
      else browser.cookies.set(name, value);
    },
  }),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn(), updateTag: vi.fn() }));
/** Set to make queuing an email fail the way a database error would (a query error naming its parameters). */
const outbox = vi.hoisted(() => ({ fail: false }));
vi.mock("../email/outbox", async (importOriginal) => {
  const original = await importOriginal<typeof import("../email/outbox")>();
  return {
    ...original,
    enqueueEmail: async (...args: Parameters<typeof original.enqueueEmail>) => {
      if (outbox.fail) throw Object.assign(new Error(`Failed query: insert into email_outbox params: ${args[1].to}, ${args[1].text}`), { cause: { code: "SQLITE_BUSY" } });
      return original.enqueueEmail(...args);
    },
  };
});

const SESSION_COOKIE = "authjs.session-token";

/** Where a server action or page sent the browser (Next's redirect() throws), or null. */
function redirectTarget(error: unknown): string | null {
  const digest = (error as { digest?: unknown })?.digest;
  return typeof digest === "string" && digest.startsWith("NEXT_REDIRECT") ? (digest.split(";")[2] ?? null) : null;
}

async function outcome<T>(p: Promise<T>): Promise<{ redirect: string } | { value: T }> {
  try {
    return { value: await p };
  } catch (error) {
    const target = redirectTarget(error);
    if (target === null) throw error;
    return { redirect: target };
  }
}

/** Submits the "My entries" form as a browser at `ip` would. */
function requestLink(email: string, locale: "zh" | "en" = "en", ip = "203.0.113.1") {
  browser.ip = ip;
  const form = new FormData();
  form.set("email", email);
  form.set("locale", locale);
  return outcome(requestSignInLinkAction({ error: null, email: "" }, form));
}

async function outboxFor(email: string) {
  const { db, schema } = getConnection();
  return db.select().from(schema.emailOutbox).where(eq(schema.emailOutbox.toAddress, email));
}

/** The link of the newest sign-in email to `email`, and its token and address. */
async function linkFor(email: string) {
  const messages = (await outboxFor(email)).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const message = messages.at(-1);
  expect(message, `no email to ${email}`).toBeDefined();
  const link = /https?:\/\/\S+\/account\/verify\?\S+/.exec(present(message).textBody)?.[0];
  expect(link, present(message).textBody).toBeDefined();
  const url = new URL(present(link));
  return { message: present(message), link: present(link), url, token: present(url.searchParams.get("token")), email: present(url.searchParams.get("email")) };
}

/** What the landing page's button does: next-auth's callback with the token, the address and where to go next. */
async function openLink(token: string, email: string, locale = "en") {
  const query = new URLSearchParams({ token, email, callbackUrl: `/${locale}/account/entries` });
  const res = await handlers.GET(new NextRequest(`http://127.0.0.1:8123/api/auth/callback/runner-email?${query}`));
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  return { status: res.status, location: res.headers.get("location"), session: cookie ? (cookie.split(";")[0] ?? "").slice(SESSION_COOKIE.length + 1) : null };
}

async function sessionJson(sessionToken: string) {
  const res = await handlers.GET(new NextRequest("http://localhost/api/auth/session", { headers: { cookie: `${SESSION_COOKIE}=${sessionToken}` } }));
  return (await res.json()) as Record<string, unknown> | null;
}

/** Requests a link for `email`, uses it, and leaves the runner's session in the browser. */
async function signInAsRunner(email: string, ip = "203.0.113.50") {
  expect(await requestLink(email, "en", ip)).toEqual({ redirect: "/en/account/check-email" });
  const { token, email: address } = await linkFor(email);
  const used = await openLink(token, address);
  expect(used.session).toBeTruthy();
  browser.cookies.set(SESSION_COOKIE, present(used.session));
  return present(used.session);
}

let ipCounter = 0;
const freshIp = () => `198.51.100.${++ipCounter % 250}`;

async function register(eventSlug: string, email: string, runners = [participant()]) {
  return registerEntries(eventSlug, registrationBody(runners, { email }), { clientIp: freshIp() });
}

describe(`runner sign-in by email link on ${process.env.TEST_ENGINE}`, () => {
  beforeEach(async () => {
    await resetDatabase();
    browser.cookies.clear();
  });

  describe("the adapter", () => {
    const adapter = runnerEmailAdapter();

    it("stores only hashes: the token as Auth.js hashed it, the address hashed again", async () => {
      const expires = new Date(Date.now() + 60_000);
      await present(adapter.createVerificationToken)({ identifier: "runner@example.com", token: "hashed-by-authjs", expires });
      const { db, schema } = getConnection();
      const rows = await db.select().from(schema.verificationTokens);
      expect(rows).toHaveLength(1);
      expect(firstOf(rows).tokenHash).toBe("hashed-by-authjs");
      expect(firstOf(rows).identifierHash).toBe(hashRunnerEmail("runner@example.com"));
      expect(JSON.stringify(rows)).not.toContain("runner@example.com");
      expect(firstOf(rows).expiresAt.getTime()).toBe(expires.getTime());
    });

    it("gives a token back once, only for its own address", async () => {
      const expires = new Date(Date.now() + 60_000);
      await present(adapter.createVerificationToken)({ identifier: "a@example.com", token: "t1", expires });
      expect(await present(adapter.useVerificationToken)({ identifier: "b@example.com", token: "t1" })).toBeNull();
      expect(await present(adapter.useVerificationToken)({ identifier: "a@example.com", token: "t1" })).toEqual({ identifier: "a@example.com", token: "t1", expires });
      expect(await present(adapter.useVerificationToken)({ identifier: "a@example.com", token: "t1" })).toBeNull();
    });

    it("lets only one of two simultaneous uses of a token succeed", async () => {
      await present(adapter.createVerificationToken)({ identifier: "a@example.com", token: "race", expires: new Date(Date.now() + 60_000) });
      const results = await Promise.all([1, 2, 3].map(() => present(adapter.useVerificationToken)({ identifier: "a@example.com", token: "race" })));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it("removes an expired token when it is used (next-auth then refuses it) and prunes expired ones on the next request", async () => {
      const past = new Date(Date.now() - 1_000);
      await present(adapter.createVerificationToken)({ identifier: "a@example.com", token: "old", expires: past });
      expect((await present(adapter.useVerificationToken)({ identifier: "a@example.com", token: "old" }))?.expires).toEqual(past);
      const { db, schema } = getConnection();
      expect(await db.select().from(schema.verificationTokens)).toEqual([]);
      await present(adapter.createVerificationToken)({ identifier: "b@example.com", token: "stale", expires: past });
      await present(adapter.createVerificationToken)({ identifier: "c@example.com", token: "new", expires: new Date(Date.now() + 60_000) });
      expect((await db.select().from(schema.verificationTokens)).map((r) => r.tokenHash)).toEqual(["new"]);
    });

    it("has no users: it never finds one and stores none, even for a staff member's address", async () => {
      await makeStaff("admin");
      const { db, schema } = getConnection();
      const staff = firstOf(await db.select().from(schema.users));
      expect(await present(adapter.getUserByEmail)(staff.email)).toBeNull();
      expect(await present(adapter.getUser)(staff.id)).toBeNull();
      const created = await present(adapter.createUser)({ id: "x", email: staff.email, emailVerified: null });
      expect(created.id).not.toBe(staff.id);
      expect(firstOf(await db.select({ n: count() }).from(schema.users)).n).toBe(1);
    });
  });

  describe("requesting a link", () => {
    it.each(["en", "zh"] as const)("emails a one-time link in the page's language (%s), through the outbox, storing only its hash", async (locale) => {
      expect(await requestLink("Runner@Example.com", locale)).toEqual({ redirect: `/${locale}/account/check-email` });
      const { message, link, url, token, email } = await linkFor("runner@example.com");
      expect(message.locale).toBe(locale);
      expect(message.template).toBe("runner_sign_in_link");
      expect(message.subject).toBe(locale === "en" ? "Your sign-in link" : "您的登录链接");
      expect(url.origin + url.pathname).toBe(`http://localhost:3000/${locale}/account/verify`);
      expect(email).toBe("runner@example.com");
      expect(token).toMatch(/^[0-9a-f]{64}$/);
      // The link is in both parts of the message (HTML-escaped in the HTML part).
      expect(message.textBody).toContain(link);
      expect(message.html).toContain(link.replaceAll("&", "&amp;"));
      expect(message.textBody).toContain(locale === "en" ? "expires in 30 minutes" : "30 分钟后失效");

      const { db, schema } = getConnection();
      const rows = await db.select().from(schema.verificationTokens);
      expect(rows).toHaveLength(1);
      expect(firstOf(rows).tokenHash).toBe(createHash("sha256").update(`${token}${await getAuthSecret()}`).digest("hex"));
      expect(JSON.stringify(rows)).not.toContain(token);
      expect(JSON.stringify(rows)).not.toContain("runner@example.com");
      const expiresIn = firstOf(rows).expiresAt.getTime() - Date.now();
      expect(expiresIn).toBeGreaterThan(29 * 60_000);
      expect(expiresIn).toBeLessThanOrEqual(30 * 60_000);
      const audit = await db.select().from(schema.auditLog).where(eq(schema.auditLog.action, "runner.sign_in_link.request"));
      expect(audit).toHaveLength(1);
      expect(JSON.stringify(audit)).not.toContain("runner@example.com");
    });

    it("answers the same whether or not the address has entries", async () => {
      await createEvent(CLI_ACTOR, eventInput());
      await register("test-half-2027", "has@example.com");
      const withEntries = await requestLink("has@example.com");
      const without = await requestLink("none@example.com");
      expect(withEntries).toEqual(without);
      const a = await linkFor("has@example.com");
      const b = await linkFor("none@example.com");
      expect(a.message.subject).toBe(b.message.subject);
      const strip = (m: typeof a) => m.message.textBody.replace(m.link, "LINK");
      expect(strip(a)).toBe(strip(b));
    });

    it("says the service is unavailable when the link cannot be queued, and logs neither the address nor the link", async () => {
      const logged = vi.spyOn(console, "error").mockImplementation(() => {});
      outbox.fail = true;
      let calls: unknown[][] = [];
      try {
        expect(await requestLink("runner@example.com")).toEqual({ value: { error: "unavailable", email: "runner@example.com" } });
      } finally {
        outbox.fail = false;
        calls = [...logged.mock.calls];
        logged.mockRestore();
      }
      expect(await outboxFor("runner@example.com")).toHaveLength(0);
      const text = calls.map((args) => args.map((a) => (a instanceof Error ? `${a.message} ${String(a.cause)}` : String(a))).join(" ")).join("\n");
      expect(text).toContain("SQLITE_BUSY");
      expect(text).not.toContain("runner@example.com");
      expect(text).not.toContain("account/verify");
    });

    it("refuses a malformed address before anything is sent", async () => {
      expect(await requestLink("not-an-address")).toEqual({ value: { error: "invalidEmail", email: "not-an-address" } });
      expect(await outboxFor("not-an-address")).toHaveLength(0);
    });

    it(`allows ${LINK_REQUESTS_PER_EMAIL} links per address and ${LINK_REQUESTS_PER_CLIENT} per client address in 15 minutes`, async () => {
      for (let i = 0; i < LINK_REQUESTS_PER_EMAIL; i++) {
        expect(await requestLink("busy@example.com", "en", `203.0.113.${10 + i}`)).toEqual({ redirect: "/en/account/check-email" });
      }
      expect(await requestLink("busy@example.com", "en", "203.0.113.99")).toEqual({ value: { error: "rateLimited", email: "busy@example.com" } });
      expect(await outboxFor("busy@example.com")).toHaveLength(LINK_REQUESTS_PER_EMAIL);

      // One client asking for many addresses.
      for (let i = 0; i < LINK_REQUESTS_PER_CLIENT; i++) {
        expect(await requestLink(`runner${i}@example.com`, "en", "192.0.2.1")).toEqual({ redirect: "/en/account/check-email" });
      }
      expect(await requestLink("one-more@example.com", "en", "192.0.2.1")).toEqual({ value: { error: "rateLimited", email: "one-more@example.com" } });
      expect(await outboxFor("one-more@example.com")).toHaveLength(0);
      // Others are not affected.
      expect(await requestLink("one-more@example.com", "en", "192.0.2.2")).toEqual({ redirect: "/en/account/check-email" });
    });
  });

  describe("using a link", () => {
    it("signs the runner in once, as a runner with no staff user, and a second use fails with the link error", async () => {
      await requestLink("runner@example.com", "zh");
      const { token, email } = await linkFor("runner@example.com");
      expect(await isSignInLinkUsable(email, token)).toBe(true);
      expect(await isSignInLinkUsable("other@example.com", token)).toBe(false);

      const first = await openLink(token, email, "zh");
      expect(first.status).toBe(302);
      expect(first.location).toBe("http://localhost:3000/zh/account/entries");
      expect(first.session).toBeTruthy();
      expect(await sessionJson(present(first.session))).toEqual({ runner: { email: "runner@example.com" }, expires: expect.any(String) });

      expect(await isSignInLinkUsable(email, token)).toBe(false);
      const second = await openLink(token, email, "zh");
      expect(second.location).toBe("http://localhost:3000/zh/account/error?error=Verification");
      expect(second.session).toBeNull();
      const { db, schema } = getConnection();
      expect(firstOf(await db.select({ n: count() }).from(schema.users)).n).toBe(0);
      expect(await db.select().from(schema.auditLog).where(eq(schema.auditLog.action, "runner.sign_in"))).toHaveLength(1);
    });

    it("refuses an expired link", async () => {
      await requestLink("late@example.com");
      const { token, email } = await linkFor("late@example.com");
      const { db, schema } = getConnection();
      await db.update(schema.verificationTokens).set({ expiresAt: new Date(Date.now() - 1) }).where(eq(schema.verificationTokens.identifierHash, hashRunnerEmail(email)));
      expect(await isSignInLinkUsable(email, token)).toBe(false);
      const used = await openLink(token, email);
      expect(used.location).toBe("http://localhost:3000/en/account/error?error=Verification");
      expect(used.session).toBeNull();
    });

    it("sends the browser on to PUBLIC_URL, even a loopback one that Next would call localhost", async () => {
      const before = process.env.PUBLIC_URL;
      process.env.PUBLIC_URL = "http://127.0.0.1:3304";
      resetEnvForTests();
      try {
        await requestLink("loop@example.com");
        const { token, email, url } = await linkFor("loop@example.com");
        expect(url.origin).toBe("http://127.0.0.1:3304");
        expect((await openLink(token, email)).location).toBe("http://127.0.0.1:3304/en/account/entries");
      } finally {
        if (before === undefined) delete process.env.PUBLIC_URL;
        else process.env.PUBLIC_URL = before;
        resetEnvForTests();
      }
    });

    it("sends next-auth's own pages for this provider to ours, in the visitor's language; staff keep theirs", async () => {
      const get = async (path: string, cookie = "") =>
        (await handlers.GET(new NextRequest(`http://localhost:3000${path}`, { headers: { cookie } }))).headers.get("location");
      expect(await get("/api/auth/verify-request?provider=runner-email&type=email")).toBe("/zh/account/check-email?provider=runner-email&type=email");
      expect(await get("/api/auth/verify-request?provider=runner-email&type=email", "NEXT_LOCALE=en")).toBe("/en/account/check-email?provider=runner-email&type=email");
      expect(await get("/api/auth/callback/runner-email?email=a%40b.example&callbackUrl=%2Fen%2Faccount%2Fentries")).toMatch(/^http:\/\/localhost:3000\/en\/account\/error\?error=/);
      expect(await get("/api/auth/error?error=Configuration")).toMatch(/^(http:\/\/localhost:3000)?\/admin\/sign-in\?error=Configuration$/);
    });

    it("refuses a tampered token or a link for another address", async () => {
      await requestLink("runner@example.com");
      const { token, email } = await linkFor("runner@example.com");
      expect((await openLink(token.replace(/.$/, (c) => (c === "0" ? "1" : "0")), email)).location).toMatch(/error=Verification$/);
      expect((await openLink(token, "someone-else@example.com")).location).toMatch(/error=Verification$/);
      // The real link still works afterwards.
      expect((await openLink(token, email)).session).toBeTruthy();
    });
  });

  describe("a runner session", () => {
    it("is recognisable as a runner and opens nothing in the admin, even with a staff member's address", async () => {
      const admin = await makeStaff("admin");
      await createEvent(CLI_ACTOR, eventInput({ slug: "guarded-event" }));
      const { db, schema } = getConnection();
      const adminUser = firstOf(await db.select().from(schema.users).where(eq(schema.users.id, admin.userId)));
      const status = async () => firstOf(await db.select().from(schema.events).where(eq(schema.events.slug, "guarded-event"))).status;
      const unpublish = () => {
        const form = new FormData();
        form.set("eventSlug", "guarded-event");
        form.set("status", "draft");
        return outcome(setEventStatusAction({ status: "idle", message: null, fieldErrors: {}, values: {} }, form));
      };

      // The admin's own address, signed in by email link: a runner, not the admin.
      await signInAsRunner(adminUser.email);
      expect(await getRunnerEmail()).toBe(adminUser.email);
      expect(await getActor()).toBeNull();
      expect(await outcome(requireStaff("/admin/events/new"))).toEqual({ redirect: "/admin/sign-in?callbackUrl=%2Fadmin%2Fevents%2Fnew" });
      expect(await unpublish()).toEqual({ redirect: "/admin/sign-in?callbackUrl=%2Fadmin%2Fevents%2Fguarded-event" });
      expect(await status()).toBe("published");
      expect(firstOf(await db.select({ n: count() }).from(schema.users)).n).toBe(1);

      // The same checks let the admin through after a password sign-in (so they can fail).
      browser.cookies.clear();
      await signIn("credentials", { email: adminUser.email, password: "correct-horse-1", redirect: false });
      expect(await getActor()).toMatchObject({ kind: "user", userId: admin.userId, role: "admin" });
      expect(await getRunnerEmail()).toBeNull();
      expect(await unpublish()).toEqual({ redirect: "/admin/events/guarded-event?notice=unpublished" });
      expect(await status()).toBe("draft");
    });

    it("ends with sign-out", async () => {
      await signInAsRunner("runner@example.com");
      expect(await getRunnerEmail()).toBe("runner@example.com");
      const form = new FormData();
      form.set("locale", "zh");
      expect(await outcome(signOutRunnerAction(form))).toEqual({ redirect: "http://localhost/zh/account" });
      expect(browser.cookies.has(SESSION_COOKIE)).toBe(false);
      expect(await getRunnerEmail()).toBeNull();
    });
  });

  describe("the entries list", () => {
    it("returns every order made with the address, across events, and no one else's", async () => {
      await createEvent(CLI_ACTOR, eventInput());
      await createEvent(CLI_ACTOR, eventInput({ slug: "second-event", name: { en: "Second Event", zh: "第二场赛事" } }));
      const family = await register("test-half-2027", "parent@example.com", [
        participant({ familyName: "王", givenName: "芳", latinName: "Wang Fang", gender: "F" }),
        participant({ race: "fun-run", familyName: "王", givenName: "小明", latinName: undefined, birthDate: "2016-03-01", tshirtSize: "130", predictedFinishSeconds: undefined, guardian: { name: "王芳", phone: "+86 138 0000 0001", idNumber: "E99999999", consent: true } }),
      ]);
      const second = await register("second-event", "Parent@Example.com");
      await register("test-half-2027", "stranger@example.com");

      const orders = await listRunnerOrders("parent@example.com");
      expect(orders.map((o) => o.code).sort()).toEqual([family.order.code, second.order.code].sort());
      expect(orders.map((o) => o.event.slug).sort()).toEqual(["second-event", "test-half-2027"]);
      for (const order of orders) {
        expect(order.email).toBe("parent@example.com");
        expect(await verifyOrderAccessToken(order.id, order.accessToken)).toBe(true);
      }
      const familyOrder = present(orders.find((o) => o.code === family.order.code));
      expect(familyOrder.entries.map((e) => [e.familyName + e.givenName, e.race.slug, e.status])).toEqual([
        ["王芳", "half", "held"],
        ["王小明", "fun-run", "held"],
      ]);
      // ID numbers stay masked here too.
      expect(familyOrder.entries.every((e) => /^\*+.{4}$/.test(e.idNumber))).toBe(true);
      expect(await listRunnerOrders("nobody@example.com")).toEqual([]);
    });
  });
});
