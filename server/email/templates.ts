/**
 * Emails in the registrant's language (messages/<locale>/email.json), as HTML and plain text. The confirmation
 * carries a QR code per entry (its pickup token) as a data URL, which delivery turns into an inline attachment.
 */
import { createTranslator } from "use-intl/core";
import QRCode from "qrcode";
import { minorToMajorString } from "../../core/pricing";
import en from "../../messages/en/email.json";
import zh from "../../messages/zh/email.json";
import { env } from "../env";
import { escapeHtml } from "./escape-html";

type Locale = "zh" | "en";
/** A label's colon and the space after it: full-width in Chinese. */
const COLON: Record<Locale, string> = { en: ": ", zh: "：" };
const CATALOG = { en, zh };

function makeTranslator(l: Locale) {
  return createTranslator({ locale: l, messages: { email: CATALOG[l] }, namespace: "email" });
}

// One translator per language for the process: it keeps its compiled messages, which a batch of thousands of
// emails would otherwise compile again for every message.
const TRANSLATORS: { [L in Locale]?: ReturnType<typeof makeTranslator> } = {};

function translator(locale: string) {
  const l: Locale = locale === "en" ? "en" : "zh";
  return { l, t: (TRANSLATORS[l] ??= makeTranslator(l)) };
}

export function formatMoney(cents: number, currency: string, locale: string): string {
  const amount = minorToMajorString(cents, currency);
  return new Intl.NumberFormat(locale === "en" ? "en" : "zh-CN", { style: "currency", currency }).format(amount as unknown as number);
}

export interface EntryForEmail {
  runner: string;
  race: string;
  bib: string | null;
  wave: string | null;
  pickupToken: string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

function layout(heading: string, body: string, footer: string): string {
  return `<!doctype html><html><body style="font-family:system-ui,'PingFang SC','Microsoft YaHei',sans-serif;color:#1b1d1f;max-width:600px;margin:0 auto;padding:16px">
<h1 style="font-size:22px;color:#9a3412">${escapeHtml(heading)}</h1>${body}
<p style="color:#5a6169;font-size:12px;margin-top:32px">${escapeHtml(footer)}</p></body></html>`;
}

export async function renderConfirmation(input: {
  locale: string;
  event: string;
  date: string;
  code: string;
  paidCents: number;
  currency: string;
  manageUrl: string;
  entries: EntryForEmail[];
}): Promise<RenderedEmail> {
  const { l, t } = translator(input.locale);
  const colon = COLON[l];
  const qr = await Promise.all(input.entries.map((e) => QRCode.toDataURL(e.pickupToken, { margin: 1, width: 200 })));
  const paid = formatMoney(input.paidCents, input.currency, l);
  const rows = input.entries
    .map(
      (e, i) => `<table style="border-collapse:collapse;margin:16px 0;width:100%" role="presentation"><tr>
<td style="vertical-align:top;padding-right:12px"><img src="${qr[i]}" width="140" height="140" alt="${escapeHtml(t("confirmation.qrAlt", { name: e.runner }))}"></td>
<td style="vertical-align:top"><div><strong>${escapeHtml(t("confirmation.runner"))}${colon}</strong>${escapeHtml(e.runner)}</div>
<div><strong>${escapeHtml(t("confirmation.race"))}${colon}</strong>${escapeHtml(e.race)}</div>
<div><strong>${escapeHtml(t("confirmation.bib"))}${colon}</strong>${escapeHtml(e.bib ?? t("confirmation.toBeAssigned"))}</div>
<div><strong>${escapeHtml(t("confirmation.wave"))}${colon}</strong>${escapeHtml(e.wave ?? t("confirmation.toBeAssigned"))}</div></td></tr></table>`,
    )
    .join("");
  const body = `<p>${escapeHtml(t("confirmation.intro", { event: input.event, date: input.date }))}</p>
<p><strong>${escapeHtml(t("confirmation.order"))}${colon}</strong>${escapeHtml(input.code)} · <strong>${escapeHtml(t("confirmation.paid"))}${colon}</strong>${escapeHtml(paid)}</p>
${rows}<p><a href="${escapeHtml(input.manageUrl)}" style="color:#9a3412">${escapeHtml(t("confirmation.manage"))}</a></p>`;
  const text = [
    t("confirmation.heading"),
    t("confirmation.intro", { event: input.event, date: input.date }),
    `${t("confirmation.order")}${colon}${input.code} · ${t("confirmation.paid")}${colon}${paid}`,
    ...input.entries.map(
      (e) =>
        `- ${e.runner} · ${e.race} · ${t("confirmation.bib")}${colon}${e.bib ?? t("confirmation.toBeAssigned")} · ${t("confirmation.wave")}${colon}${e.wave ?? t("confirmation.toBeAssigned")}`,
    ),
    `${t("confirmation.manage")}${colon}${input.manageUrl}`,
  ].join("\n");
  return {
    subject: t("confirmation.subject", { event: input.event, code: input.code }),
    html: layout(t("confirmation.heading"), body, t("footer", { event: input.event })),
    text,
  };
}

export function renderCancellation(input: {
  locale: string;
  event: string;
  code: string;
  runner: string;
  race: string;
  refundCents: number;
  currency: string;
  /** Cancelled by the organizer (no refund policy applies then: the reason is theirs to explain). */
  byOrganizer?: boolean;
}): RenderedEmail {
  const { l, t } = translator(input.locale);
  const refundLine =
    input.refundCents > 0
      ? t("cancellation.refund", { amount: formatMoney(input.refundCents, input.currency, l) })
      : input.byOrganizer
        ? t("cancellation.byOrganizer")
        : t("cancellation.noRefund");
  const intro = t("cancellation.intro", { name: input.runner, race: input.race, event: input.event });
  return {
    subject: t("cancellation.subject", { event: input.event, code: input.code }),
    html: layout(t("cancellation.heading"), `<p>${escapeHtml(intro)}</p><p>${escapeHtml(refundLine)}</p>`, t("footer", { event: input.event })),
    text: `${t("cancellation.heading")}\n${intro}\n${refundLine}`,
  };
}

/** Why an automatic refund was made, explained in the email; organizer and dashboard refunds carry no reason. */
export type RefundEmailReason = "late_payment_no_seat" | "duplicate_payment";

export function renderRefund(input: { locale: string; event: string; code: string; amountCents: number; currency: string; reason?: RefundEmailReason }): RenderedEmail {
  const { l, t } = translator(input.locale);
  const intro = t("refund.intro", { amount: formatMoney(input.amountCents, input.currency, l), code: input.code });
  const why = input.reason === "late_payment_no_seat" ? t("refund.latePayment") : input.reason === "duplicate_payment" ? t("refund.duplicatePayment") : null;
  const paragraphs = why ? [intro, why] : [intro];
  return {
    subject: t("refund.subject", { event: input.event, code: input.code }),
    html: layout(t("refund.heading"), paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join(""), t("footer", { event: input.event })),
    text: [t("refund.heading"), ...paragraphs].join("\n"),
  };
}

export interface BibEntryForEmail {
  runner: string;
  race: string;
  bib: string | null;
  wave: string | null;
  /** The wave's start, local time of the event ("07:30"). */
  waveStart: string | null;
}

// The fixed words of the bib email per language, looked up once (a batch renders thousands of these emails).
const BIB_LABELS = new Map<Locale, Record<"heading" | "order" | "runner" | "race" | "bib" | "wave" | "toBeAssigned" | "note" | "manage", string>>();

function bibLabels(l: Locale, t: ReturnType<typeof translator>["t"]) {
  let labels = BIB_LABELS.get(l);
  if (!labels) {
    const keys = ["heading", "order", "runner", "race", "bib", "wave", "toBeAssigned", "note", "manage"] as const;
    labels = Object.fromEntries(keys.map((k) => [k, t(`bibAssigned.${k}`)])) as NonNullable<typeof labels>;
    BIB_LABELS.set(l, labels);
  }
  return labels;
}

/** After a batch assignment: the runners of one order whose bib or start wave changed, with what they have now. */
export function renderBibAssigned(input: { locale: string; event: string; date: string; code: string; manageUrl: string; entries: BibEntryForEmail[] }): RenderedEmail {
  const { l, t } = translator(input.locale);
  const colon = COLON[l];
  const label = bibLabels(l, t);
  const wave = (e: BibEntryForEmail) => (e.wave ? (e.waveStart ? t("bibAssigned.waveAt", { wave: e.wave, time: e.waveStart }) : e.wave) : label.toBeAssigned);
  const facts = (e: BibEntryForEmail): [string, string][] => [
    [label.runner, e.runner],
    [label.race, e.race],
    [label.bib, e.bib ?? label.toBeAssigned],
    [label.wave, wave(e)],
  ];
  const intro = t("bibAssigned.intro", { event: input.event, date: input.date });
  const rows = input.entries
    .map(
      (e) =>
        `<div style="margin:16px 0;padding:12px;border:1px solid #e5e7eb;border-radius:8px">${facts(e)
          .map(([k, v]) => `<div><strong>${escapeHtml(k)}${colon}</strong>${escapeHtml(v)}</div>`)
          .join("")}</div>`,
    )
    .join("");
  const body = `<p>${escapeHtml(intro)}</p>
<p><strong>${escapeHtml(label.order)}${colon}</strong>${escapeHtml(input.code)}</p>
${rows}<p>${escapeHtml(label.note)}</p><p><a href="${escapeHtml(input.manageUrl)}" style="color:#9a3412">${escapeHtml(label.manage)}</a></p>`;
  const text = [
    label.heading,
    intro,
    `${label.order}${colon}${input.code}`,
    ...input.entries.map((e) => `- ${facts(e).map(([k, v]) => `${k}${colon}${v}`).join(" · ")}`),
    label.note,
    `${label.manage}${colon}${input.manageUrl}`,
  ].join("\n");
  return {
    subject: t("bibAssigned.subject", { event: input.event, code: input.code }),
    html: layout(label.heading, body, t("footer", { event: input.event })),
    text,
  };
}

export function manageUrl(locale: string, code: string, accessToken: string): string {
  return `${env().PUBLIC_URL}/${locale === "en" ? "en" : "zh"}/orders/${code}?token=${encodeURIComponent(accessToken)}`;
}
