/**
 * The email of a message to runners, in one language: the organizer's subject and text (plain text, escaped into
 * the HTML, paragraphs kept), under the event's name, with the footer every message carries (messages/<l>/email.json).
 */
import { createTranslator } from "use-intl/core";
import en from "../../messages/en/email.json";
import zh from "../../messages/zh/email.json";
import { escapeHtml } from "../email/escape-html";

type Locale = "zh" | "en";

export interface BroadcastEmail {
  subject: string;
  html: string;
  text: string;
}

const FOOTERS: { [L in Locale]?: (event: string) => string } = {};

function footer(l: Locale, event: string): string {
  const make = (FOOTERS[l] ??= (() => {
    const t = createTranslator({ locale: l, messages: { email: l === "en" ? en : zh }, namespace: "email" });
    return (name: string) => t("footer", { event: name });
  })());
  return make(event);
}

/** Line breaks as typed: a blank line starts a paragraph, a single one breaks the line. */
function paragraphs(body: string): string {
  return body
    .replace(/\r\n?/g, "\n")
    .trim()
    .split(/\n{2,}/)
    .map((p) => `<p>${p.split("\n").map(escapeHtml).join("<br>")}</p>`)
    .join("\n");
}

export function renderBroadcastEmail(input: { locale: string; event: string; subject: string; body: string }): BroadcastEmail {
  const l: Locale = input.locale === "en" ? "en" : "zh";
  const foot = footer(l, input.event);
  const html = `<!doctype html><html lang="${l === "en" ? "en" : "zh-CN"}"><body style="font-family:system-ui,'PingFang SC','Microsoft YaHei',sans-serif;color:#1b1d1f;max-width:600px;margin:0 auto;padding:16px">
<p style="color:#5a6169;font-size:14px;margin:0">${escapeHtml(input.event)}</p>
<h1 style="font-size:22px;color:#9a3412;margin-top:4px">${escapeHtml(input.subject)}</h1>
${paragraphs(input.body)}
<p style="color:#5a6169;font-size:12px;margin-top:32px">${escapeHtml(foot)}</p></body></html>`;
  const text = [input.event, input.subject, "", input.body.replace(/\r\n?/g, "\n").trim(), "", foot].join("\n");
  return { subject: `[${input.event}] ${input.subject}`, html, text };
}
