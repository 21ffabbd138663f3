/**
 * Every message the system sends is first a row in email_outbox (written in the same transaction as the change
 * that causes it), then delivered after commit: through SMTP when SMTP_URL is set, otherwise only recorded, so the
 * embedded default needs no mail server. Delivery claims a row with a conditional update, so two processes never
 * send one message twice; a failed attempt is retried with back-off (RETRY_DELAYS_MS) up to MAX_ATTEMPTS, and a
 * delivery cut off half-way (the process died) is picked up again once its lease has run out. The periodic sweep
 * (server/sweep.ts) calls deliverOutbox(); deliverOutboxSoon() runs it right after a commit.
 */
import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import nodemailer, { type Transporter } from "nodemailer";
import { getConnection, withTransaction, type Database } from "../db";
import { insertRows } from "../../db/bulk";
import { env } from "../env";
import { nth } from "../../core/lists";

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

/**
 * Many messages in a few statements (a batch's bib emails): the rows enqueueEmail writes, queued with no attempt
 * yet, delivered by the sweep or deliverOutboxSoon().
 */
export async function enqueueEmails(tx: Database, emails: OutgoingEmail[], now = new Date()): Promise<void> {
  await insertRows(
    tx,
    getConnection().schema.emailOutbox,
    emails.map((m) => ({
      id: randomUUID(),
      toAddress: m.to,
      locale: m.locale,
      template: m.template,
      subject: m.subject,
      html: m.html,
      textBody: m.text,
      status: "queued" as const,
      attempts: 0,
      orderId: m.orderId ?? null,
      createdAt: now,
    })),
  );
}

/** Messages one delivery run claims at most (the sweep runs one; deliverOutboxSoon goes on while runs are full). */
export const DELIVERY_BATCH = 50;

let transport: Transporter | undefined;
let transportUrl: string | undefined;

function smtpTransport(): Transporter | null {
  const url = env().SMTP_URL;
  if (!url) return null;
  if (!transport || transportUrl !== url) {
    transport?.close();
    // Short timeouts: a mail server that hangs must not hold up the sweep (nodemailer waits up to 10 minutes).
    transport = nodemailer.createTransport({ url, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 });
    transportUrl = url;
  }
  return transport;
}

/** After this many failed attempts a message is `failed` (it stays in the outbox with its last error). */
export const MAX_ATTEMPTS = 5;
/** Waits after the 1st, 2nd, … failed attempt. */
const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000];
/** A message claimed for delivery longer ago than this is taken to be lost (the process died) and is tried again. */
const SENDING_LEASE_MS = 10 * 60_000;

/** What may be logged about a failed delivery: the SMTP reply code, never the reply text (it may name the address). */
function failureLabel(error: unknown): string {
  const e = error as { responseCode?: number; code?: string } | null;
  return [e?.code, e?.responseCode].filter(Boolean).join(" ") || "unknown error";
}

/**
 * Delivers due messages (oldest first): queued ones whose back-off has passed, and ones whose delivery was cut off
 * (left `sending` past its lease). A run claims its messages with one conditional update, so two processes never
 * send one message twice at the same time. Without SMTP the claim itself records them (one statement for the whole
 * run: a bib batch's ten thousand messages are recorded in seconds, not one transaction pair each). Returns how many
 * were handled.
 */
export async function deliverOutbox(options: { limit?: number; now?: Date } = {}): Promise<number> {
  const { db, schema } = getConnection();
  const o = schema.emailOutbox;
  const now = options.now ?? new Date();
  const due = or(and(eq(o.status, "queued"), or(isNull(o.nextAttemptAt), lte(o.nextAttemptAt, now))), and(eq(o.status, "sending"), lte(o.nextAttemptAt, now)));
  const smtp = smtpTransport();
  const limit = options.limit ?? DELIVERY_BATCH;
  if (!smtp) {
    const ids = (await db.select({ id: o.id }).from(o).where(due).orderBy(asc(o.createdAt)).limit(limit)).map((c) => c.id);
    if (ids.length === 0) return 0;
    const recorded = await withTransaction((tx) =>
      tx
        .update(o)
        .set({ status: "recorded", attempts: sql`${o.attempts} + 1`, nextAttemptAt: null })
        .where(and(inArray(o.id, ids), due))
        .returning({ id: o.id }),
    );
    return recorded.length;
  }
  const candidates = await db.select().from(o).where(due).orderBy(asc(o.createdAt)).limit(limit);
  if (candidates.length === 0) return 0;
  const ids = candidates.map((c) => c.id);
  const claimed = new Map(
    (
      await withTransaction((tx) =>
        tx
          .update(o)
          .set({ status: "sending", attempts: sql`${o.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + SENDING_LEASE_MS) })
          .where(and(inArray(o.id, ids), due))
          .returning({ id: o.id, attempts: o.attempts }),
      )
    ).map((c) => [c.id, c]),
  );
  let handled = 0;
  for (const message of candidates) {
    const claim = claimed.get(message.id);
    if (!claim) continue;
    handled += 1;
    try {
      await smtp.sendMail({
        from: env().MAIL_FROM,
        to: message.toAddress,
        subject: message.subject,
        html: message.html,
        text: message.textBody,
        // The QR codes are data: URLs in the HTML; they travel as inline (cid:) attachments.
        attachDataUrls: true,
      });
      await withTransaction((tx) => tx.update(o).set({ status: "sent", sentAt: new Date(), lastError: null, nextAttemptAt: null }).where(eq(o.id, message.id)));
    } catch (error) {
      const reason = error instanceof Error ? error.message.slice(0, 500) : "unknown error";
      const giveUp = claim.attempts >= MAX_ATTEMPTS;
      const retryAt = giveUp ? null : new Date(now.getTime() + nth(RETRY_DELAYS_MS, Math.min(claim.attempts, RETRY_DELAYS_MS.length) - 1, "retry delay")); // a claim counts an attempt
      await withTransaction((tx) => tx.update(o).set({ status: giveUp ? "failed" : "queued", lastError: reason, nextAttemptAt: retryAt }).where(eq(o.id, message.id)));
      console.error(`[email] delivery of message ${message.id} failed (attempt ${claim.attempts}, ${failureLabel(error)}); ${giveUp ? "giving up" : "will retry"}`);
    }
  }
  return handled;
}

let running: Promise<void> | undefined;
let again = false;

/**
 * Delivery after a commit, without waiting for it: one run at a time per process (a burst of commits asks for
 * one more run, not one each). A run that found a full batch goes on with the next, so a commit that queued many
 * messages (a bib batch's thousands) is delivered at once, not a batch per sweep. Failures stay queued for the
 * next sweep.
 */
export function deliverOutboxSoon(): void {
  if (running) {
    again = true;
    return;
  }
  running = (async () => {
    do {
      again = false;
      const handled = await deliverOutbox().catch((error: unknown) => {
        console.error(`[email] outbox delivery failed: ${error instanceof Error ? error.name : "unknown error"}`);
        return 0;
      });
      if (handled >= DELIVERY_BATCH) again = true;
    } while (again);
  })().finally(() => {
    running = undefined;
  });
}

/** Resolves when the delivery started by deliverOutboxSoon() has finished (process shutdown, tests). */
export async function outboxDeliverySettled(): Promise<void> {
  while (running) await running;
}
