/**
 * The staff invitation email (issue 6), in the inviter's language: who invited whom to which event in which role,
 * the link to accept, and when it lapses. Words live in messages/<locale>/admin.json under `staff.email`.
 */
import { createTranslator } from "use-intl/core";
import en from "../../messages/en/admin.json";
import zh from "../../messages/zh/admin.json";
import type { EventRole } from "../../core/domain";
import { escapeHtml } from "../email/escape-html";

type Locale = "zh" | "en";
const CATALOG = { en, zh };

export function invitationLocale(value: string | null | undefined): Locale {
  return value === "en" ? "en" : "zh";
}

export interface InvitationEmailInput {
  locale: string;
  event: { nameEn: string; nameZh: string };
  role: EventRole;
  /** Who sent it: the inviter's address, or null for the operator's CLI. */
  inviter: string | null;
  link: string;
  expiresAt: Date;
  timezone: string;
}

export function renderInvitationEmail(input: InvitationEmailInput): { locale: Locale; subject: string; html: string; text: string } {
  const locale = invitationLocale(input.locale);
  // Only the two small parts of the admin catalog this email uses.
  const t = createTranslator({ locale, messages: { invitation: CATALOG[locale].staff.email }, namespace: "invitation" });
  const tRoles = createTranslator({ locale, messages: { roles: CATALOG[locale].roles }, namespace: "roles" });
  const event = locale === "en" ? input.event.nameEn : input.event.nameZh;
  const role = tRoles(input.role);
  const until = new Intl.DateTimeFormat(locale === "en" ? "en" : "zh-CN", { dateStyle: "long", timeStyle: "short", timeZone: input.timezone }).format(input.expiresAt);
  const intro = input.inviter ? t("intro", { inviter: input.inviter, event, role }) : t("introSystem", { event, role });
  const roleNote = t(input.role === "organizer" ? "organizerNote" : "volunteerNote");
  const expiry = t("expiry", { until });
  const html = `<!doctype html><html lang="${locale === "en" ? "en" : "zh-CN"}"><body style="font-family:system-ui,'PingFang SC','Microsoft YaHei',sans-serif;color:#1b1d1f;max-width:600px;margin:0 auto;padding:16px">
<h1 style="font-size:22px;color:#9a3412">${escapeHtml(t("heading", { event }))}</h1>
<p>${escapeHtml(intro)}</p>
<p>${escapeHtml(roleNote)}</p>
<p><a href="${escapeHtml(input.link)}" style="display:inline-block;background:#9a3412;color:#ffffff;padding:10px 18px;border-radius:8px;text-decoration:none">${escapeHtml(t("button"))}</a></p>
<p>${escapeHtml(t("copy"))}<br><span style="word-break:break-all">${escapeHtml(input.link)}</span></p>
<p>${escapeHtml(expiry)}</p>
<p style="color:#5a6169">${escapeHtml(t("ignore"))}</p></body></html>`;
  const text = [t("heading", { event }), "", intro, roleNote, "", input.link, "", expiry, t("ignore")].join("\n");
  return { locale, subject: t("subject", { event }), html, text };
}
