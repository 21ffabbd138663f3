/**
 * Every message the system sends is first a row in email_outbox (written in the same transaction as the change
 * that causes it), then delivered after commit: through SMTP when SMTP_URL is set, otherwise only recorded, so the
 * embedded default needs no mail server. Delivery claims a row with a conditional update, so two processes never
 * send one message twice.
 */
import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import nodemailer, { type Transporter } from "nodemailer";
import { getConnection, withTransaction, type Database } from "../../db";
import { env } from "../env";

export interface OutgoingEmail {
  to: string;
  locale: string;
  template: string;
  subject: string;
  html: string;
  text: string;
  orderId?: string | null;
}

export async function enqueueEmail(tx: Database, email: OutgoingEmail, now = new Date()): Promise<string> {
  const { schema } = getConnection();
  const id = randomUUID();
  await tx.insert(schema.emailOutbox).values({
    id,
    toAddress: email.to,
    locale: email.locale,
    template: email.template,
    subject: email.subject,
    html: email.html,
    textBody: email.text,
    status: "queued",
    attempts: 0,
    orderId: email.orderId ?? null,
    createdAt: now,
  });
  return id;
}

let transport: Transporter | undefined;
let transportUrl: string | undefined;

function smtpTransport(): Transporter | null {
  const url = env().SMTP_URL;
  if (!url) return null;
  if (!transport || transportUrl !== url) {
    transport = nodemailer.createTransport(url);
    transportUrl = url;
  }
  return transport;
}

const MAX_ATTEMPTS = 5;

/** Delivers queued messages (oldest first). Returns how many were handled. */
export async function deliverOutbox(limit = 50): Promise<number> {
  const { db, schema } = getConnection();
  const o = schema.emailOutbox;
  const queued = await db.select().from(o).where(eq(o.status, "queued")).orderBy(asc(o.createdAt)).limit(limit);
  const smtp = smtpTransport();
  let handled = 0;
  for (const message of queued) {
    // Claim: only one process moves a row out of "queued".
    const claimed = await withTransaction((tx) =>
      tx
        .update(o)
        .set({ status: "sending", attempts: message.attempts + 1 })
        .where(and(eq(o.id, message.id), eq(o.status, "queued")))
        .returning({ id: o.id }),
    );
    if (claimed.length === 0) continue;
    handled += 1;
    if (!smtp) {
      await withTransaction((tx) => tx.update(o).set({ status: "recorded" }).where(eq(o.id, message.id)));
      continue;
    }
    try {
      await smtp.sendMail({
        from: env().MAIL_FROM,
        to: message.toAddress,
        subject: message.subject,
        html: message.html,
        text: message.textBody,
        attachDataUrls: true,
      });
      await withTransaction((tx) => tx.update(o).set({ status: "sent", sentAt: new Date(), lastError: null }).where(eq(o.id, message.id)));
    } catch (error) {
      const reason = error instanceof Error ? error.message.slice(0, 500) : "unknown error";
      const status = message.attempts + 1 >= MAX_ATTEMPTS ? "failed" : "queued";
      await withTransaction((tx) => tx.update(o).set({ status, lastError: reason }).where(eq(o.id, message.id)));
      console.error(`[email] delivery of message ${message.id} failed (attempt ${message.attempts + 1}): ${reason}`);
    }
  }
  return handled;
}

/** Fire-and-forget delivery after a commit; failures stay queued for the next sweep. */
export function deliverOutboxSoon(): void {
  void deliverOutbox().catch((error: unknown) => console.error("[email] outbox delivery failed:", error instanceof Error ? error.message : error));
}
