/**
 * Email as the e2e mail sink (e2e/smtp-sink.ts, started by playwright.config.ts) received it through real SMTP.
 */
import { expect } from "@playwright/test";

export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
  html: string;
  attachments: { contentType: string; cid: string | null }[];
}

/** The messages the SMTP sink received for `to`, once at least `count` have arrived. */
export async function mailFor(to: string, count = 1): Promise<MailMessage[]> {
  const sink = process.env.E2E_MAIL_SINK_URL;
  if (!sink) throw new Error("E2E_MAIL_SINK_URL is not set: run the specs through playwright.config.ts, which starts e2e/smtp-sink.ts.");
  let messages: MailMessage[] = [];
  await expect
    .poll(
      async () => {
        const res = await fetch(`${sink}/messages?to=${encodeURIComponent(to)}`);
        messages = (await res.json()) as MailMessage[];
        return messages.length;
      },
      { message: `mail to ${to}`, timeout: 20_000 },
    )
    .toBeGreaterThanOrEqual(count);
  return messages;
}
