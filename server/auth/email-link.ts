/**
 * Runner sign-in by email link (docs/decisions/004): a registrant has no account; asking for a link at
 * /<locale>/account emails a one-time link that signs them in to /<locale>/account/entries, the list of every order
 * made with that address.
 *
 * Built on next-auth's email provider (type "email", the one Nodemailer builds) with its own sendVerificationRequest
 * (the message goes through the outbox, in the page's language) and a minimal adapter:
 * - verification tokens live in `verification_tokens`, keyed by the hash Auth.js computes (SHA-256 of token +
 *   secret); the address is kept only as a hash too. Using a link deletes its row (one statement), so it works once.
 * - no users: getUserByEmail never finds one and createUser stores nothing, so a runner never becomes (or signs in
 *   as) a staff user, even when the address belongs to one. The session names the address only (config.ts).
 */
import "server-only";
import { createHash } from "node:crypto";
import { and, desc, eq, lt } from "drizzle-orm";
import { AuthError } from "next-auth";
import type { Adapter, AdapterUser, VerificationToken } from "next-auth/adapters";
import type { EmailConfig } from "next-auth/providers/email";
import { createTranslator } from "use-intl/core";
import { getConnection, withTransaction } from "../db";
import en from "../../messages/en/account.json";
import zh from "../../messages/zh/account.json";
import type { Actor } from "../actor";
import { clientIpOf } from "../api/client-ip";
import { recordAudit } from "../audit/record-audit";
import { deliverOutboxSoon, enqueueEmail } from "../email/outbox";
import { env } from "../env";
import { hitRateLimit } from "../rate-limit";
import { orderAccessToken } from "../registration/order-access";
import { presentOrder, type OwnerOrderView } from "../registration/orders";
import { getAuthSecret } from "./secret";
import { first } from "../../core/lists";
import { escapeHtml } from "../email/escape-html";

export const RUNNER_EMAIL_PROVIDER = "runner-email";

/** A link works once, for 30 minutes. */
export const SIGN_IN_LINK_MAX_AGE_SECONDS = 30 * 60;

/** Link requests per address and per client address, per 15-minute window (server/rate-limit.ts). */
export const LINK_REQUEST_WINDOW_MS = 15 * 60 * 1000;
export const LINK_REQUESTS_PER_EMAIL = 3;
export const LINK_REQUESTS_PER_CLIENT = 20;

type Locale = "zh" | "en";
const CATALOG = { en, zh };
const RUNNER_ACTOR: Actor = { kind: "system", label: "runner" };

/** Too many link requests: the action shows "try again later"; a direct API call lands on the error page. */
export class SignInLinkRateLimited extends AuthError {
  static type = "AccessDenied";
}

/** The address as Auth.js normalizes it (trimmed, lower case), hashed: what the tables and audit log keep. */
export function hashRunnerEmail(email: string): string {
  return createHash("sha256").update(`runner-email:${email.trim().toLowerCase()}`).digest("hex");
}

/** The hash Auth.js stores for a link's token (`createHash(token + secret)` in @auth/core). */
export async function hashLinkToken(token: string): Promise<string> {
  return createHash("sha256").update(`${token}${await getAuthSecret()}`).digest("hex");
}

function localeOf(value: string | null | undefined): Locale | null {
  if (!value) return null;
  try {
    const segment = new URL(value, "http://localhost").pathname.split("/")[1];
    return segment === "en" || segment === "zh" ? segment : null;
  } catch {
    return null;
  }
}

/** The language of a sign-in flow: the locale prefix of its callback URL (set by the request form). */
function flowLocale(url: URL, cookieHeader: string | null): Locale {
  const fromCallback = localeOf(url.searchParams.get("callbackUrl"));
  if (fromCallback) return fromCallback;
  const cookie = /(?:^|;\s*)NEXT_LOCALE=(en|zh)\b/.exec(cookieHeader ?? "")?.[1];
  return cookie === "en" ? "en" : "zh";
}

/**
 * Where next-auth sends a runner after an error or a direct link request: our localized pages, not the staff
 * sign-in page. Only for requests of this provider; staff requests keep the admin pages.
 */
export function runnerAuthPages(request: Request | undefined): { error: string; verifyRequest: string } | null {
  if (!request) return null;
  const url = new URL(request.url);
  const isRunner = url.pathname.endsWith(`/${RUNNER_EMAIL_PROVIDER}`) || url.searchParams.get("provider") === RUNNER_EMAIL_PROVIDER;
  if (!isRunner) return null;
  const locale = flowLocale(url, request.headers.get("cookie"));
  return { error: `/${locale}/account/error`, verifyRequest: `/${locale}/account/check-email` };
}

/**
 * The emailed link opens our page, which asks for one click before the token is used: mail scanners that fetch
 * every link in a message would otherwise use up a one-time link before its owner opens it.
 */
export function linkLandingUrl(locale: Locale, token: string, email: string): string {
  return `${env().PUBLIC_URL}/${locale}/account/verify?${new URLSearchParams({ token, email })}`;
}

export function renderSignInLinkEmail(locale: Locale, link: string): { subject: string; html: string; text: string } {
  const t = createTranslator({ locale, messages: { account: CATALOG[locale] }, namespace: "account.email" });
  const minutes = SIGN_IN_LINK_MAX_AGE_SECONDS / 60;
  const html = `<!doctype html><html lang="${locale === "en" ? "en" : "zh-CN"}"><body style="font-family:system-ui,'PingFang SC','Microsoft YaHei',sans-serif;color:#1b1d1f;max-width:600px;margin:0 auto;padding:16px">
<h1 style="font-size:22px;color:#9a3412">${escapeHtml(t("heading"))}</h1>
<p>${escapeHtml(t("intro"))}</p>
<p><a href="${escapeHtml(link)}" style="display:inline-block;background:#9a3412;color:#ffffff;padding:10px 18px;border-radius:8px;text-decoration:none">${escapeHtml(t("button"))}</a></p>
<p>${escapeHtml(t("copy"))}<br><span style="word-break:break-all">${escapeHtml(link)}</span></p>
<p>${escapeHtml(t("expiry", { minutes }))}</p>
<p style="color:#5a6169">${escapeHtml(t("ignore"))}</p>
<p style="color:#5a6169;font-size:12px;margin-top:32px">${escapeHtml(t("footer"))}</p></body></html>`;
  const text = [t("heading"), "", t("intro"), "", link, "", t("expiry", { minutes }), t("ignore")].join("\n");
  return { subject: t("subject"), html, text };
}

/**
 * next-auth's sendVerificationRequest: rate limits, then the message into the outbox (its own short transaction,
 * with an audit row), then delivery after commit. Nothing here depends on whether the address has entries, so the
 * answer is the same for every address.
 */
export async function sendSignInLink(params: { identifier: string; url: string; token: string; request: Request }): Promise<void> {
  const email = params.identifier;
  const clientIp = clientIpOf(params.request.headers);
  const now = new Date();
  const withinEmail = await hitRateLimit(`runner-link:email:${email}`, LINK_REQUESTS_PER_EMAIL, LINK_REQUEST_WINDOW_MS, now);
  const withinClient = clientIp ? await hitRateLimit(`runner-link:ip:${clientIp}`, LINK_REQUESTS_PER_CLIENT, LINK_REQUEST_WINDOW_MS, now) : true;
  if (!withinEmail || !withinClient) throw new SignInLinkRateLimited("Too many sign-in link requests.");

  const locale = flowLocale(new URL(params.url), params.request.headers.get("cookie"));
  const message = renderSignInLinkEmail(locale, linkLandingUrl(locale, params.token, email));
  const emailHash = hashRunnerEmail(email);
  try {
    await withTransaction(async (tx) => {
      const messageId = await enqueueEmail(tx, { to: email, locale, template: "runner_sign_in_link", ...message }, now);
      await recordAudit(tx, RUNNER_ACTOR, { action: "runner.sign_in_link.request", entityType: "runner_email", entityId: emailHash, data: { messageId, locale } }, now);
    });
  } catch (error) {
    // A failed query's message carries its parameters (the address, the link): log only what kind of failure it was.
    const cause = (error as { cause?: { code?: unknown } }).cause;
    console.error(`[auth] queuing a sign-in link failed: ${String(cause?.code ?? (error instanceof Error ? error.name : "unknown error"))}`);
    throw new Error("The sign-in link could not be queued.");
  }
  deliverOutboxSoon();
}

export function runnerEmailProvider(): EmailConfig {
  return {
    id: RUNNER_EMAIL_PROVIDER,
    type: "email",
    name: "Email",
    maxAge: SIGN_IN_LINK_MAX_AGE_SECONDS,
    sendVerificationRequest: (params) => {
      const sending = sendSignInLink(params);
      // next-auth awaits this only after hashing the token; until then a refusal (rate limit) must not count as an
      // unhandled rejection. next-auth still receives it.
      sending.catch(() => {});
      return sending;
    },
  };
}

/** A runner is an address, not a stored user. The id only lives inside next-auth's sign-in flow. */
function runnerUser(email: string): AdapterUser {
  return { id: `runner:${hashRunnerEmail(email)}`, email, emailVerified: new Date() };
}

export function runnerEmailAdapter(): Adapter {
  return {
    async createVerificationToken(vt: VerificationToken) {
      const { schema } = getConnection();
      const t = schema.verificationTokens;
      const now = new Date();
      await withTransaction(async (tx) => {
        // Expired links are never useful: drop them as new ones come in.
        await tx.delete(t).where(lt(t.expiresAt, now));
        await tx.insert(t).values({ tokenHash: vt.token, identifierHash: hashRunnerEmail(vt.identifier), expiresAt: vt.expires, createdAt: now });
      });
      return vt;
    },

    /** Deletes and returns the row in one statement: two clicks on one link cannot both succeed. */
    async useVerificationToken({ identifier, token }) {
      if (!identifier || !token) return null;
      const { schema } = getConnection();
      const t = schema.verificationTokens;
      const identifierHash = hashRunnerEmail(identifier);
      const now = new Date();
      const used = await withTransaction(async (tx) => {
        const rows = await tx
          .delete(t)
          .where(and(eq(t.tokenHash, token), eq(t.identifierHash, identifierHash)))
          .returning({ expiresAt: t.expiresAt });
        if (rows.length === 1 && first(rows).expiresAt > now) {
          await recordAudit(tx, RUNNER_ACTOR, { action: "runner.sign_in", entityType: "runner_email", entityId: identifierHash }, now);
        }
        return rows;
      });
      // next-auth refuses an expired token itself; the row is gone either way.
      return used.length === 1 ? { identifier, token, expires: first(used).expiresAt } : null;
    },

    getUserByEmail: async () => null,
    getUser: async () => null,
    createUser: async (user: AdapterUser) => runnerUser(user.email),
  };
}

/**
 * Whether a link can still be used, without using it: the landing page shows "expired or already used" at once
 * instead of after the click.
 */
export async function isSignInLinkUsable(email: string, token: string, now = new Date()): Promise<boolean> {
  if (!email || !token) return false;
  const { db, schema } = getConnection();
  const t = schema.verificationTokens;
  const [row] = await db
    .select({ expiresAt: t.expiresAt })
    .from(t)
    .where(and(eq(t.tokenHash, await hashLinkToken(token)), eq(t.identifierHash, hashRunnerEmail(email))));
  return Boolean(row && row.expiresAt > now);
}

export interface RunnerOrder extends OwnerOrderView {
  /** The order's private link token (server/registration/order-access.ts). */
  accessToken: string;
  createdAt: string;
}

/** Every order made with `email`, across events, newest first, each with its private link token. */
export async function listRunnerOrders(email: string, now = new Date()): Promise<RunnerOrder[]> {
  const { db, schema } = getConnection();
  const o = schema.orders;
  const rows = await db
    .select({ id: o.id, createdAt: o.createdAt })
    .from(o)
    .where(eq(o.email, email.trim().toLowerCase()))
    .orderBy(desc(o.createdAt), desc(o.id));
  return Promise.all(
    rows.map(async (row) => ({
      ...(await presentOrder(row.id, now)),
      accessToken: await orderAccessToken(row.id),
      createdAt: row.createdAt.toISOString(),
    })),
  );
}
