/**
 * Messages to runners (issue 6, "Messages"): an organizer writes a subject and a text in Chinese and English and
 * picks who gets it (confirmed entries of one race, one wave, packet collected or not); each runner gets it in the
 * language of their order, through the outbox, at most `ratePerMinute` per minute, and never twice.
 *
 * How "never twice" holds, even when the process dies half-way:
 * - createBroadcast fixes the recipients in the transaction that creates the message (broadcast_recipients),
 *   one row per address: a parent who entered two children gets the message once (the first entry by time stands
 *   for the address, and its order's language is used). The snapshot is the audience: an entry cancelled later
 *   still gets a message that was written before.
 * - queueBroadcastBatch takes the message's lock, picks recipients not yet queued and, in ONE transaction, writes
 *   their emails to the outbox and sets queued_at + outbox_id on their rows (a conditional update). A crash before
 *   the commit leaves nothing (the next sweep starts over); after it, every marked recipient has exactly one outbox
 *   row, and the outbox delivers each row once (server/email/outbox.ts). The same pattern as the bib emails
 *   (server/bibs/notify.ts), with the marker on the recipient row.
 * - The rate is a sliding minute: a batch never takes more than `ratePerMinute` minus the recipients queued in the
 *   60 seconds before it. The sweep (every 30 s, server/sweep.ts) moves each message along; creation queues the
 *   first batch at once.
 */
import { randomUUID } from "node:crypto";
import { and, asc, count, desc, eq, gt, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { isSlug } from "../../core/event-input";
import { personText } from "../../core/text";
import { fromZodIssues } from "../../core/validation";
import { getConnection, withTransaction, type Database } from "../db";
import { insertRows } from "../../db/bulk";
import type { BroadcastFilter, BroadcastStatus } from "../../core/domain";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { requireEventEditor } from "../auth/policy";
import { deliverOutboxSoon, enqueueEmail } from "../email/outbox";
import { DomainError } from "../errors";
import { renderBroadcastEmail } from "./broadcast-email";
import { first } from "../../core/lists";

export const DEFAULT_RATE_PER_MINUTE = 300;
export const MAX_RATE_PER_MINUTE = 6_000;
/** Recipients written to the outbox per transaction (a large allowance is queued in several). */
export const RECIPIENTS_PER_TRANSACTION = 200;
const RATE_WINDOW_MS = 60_000;

export interface BroadcastInput {
  subject: { zh: string; en: string };
  body: { zh: string; en: string };
  filter: BroadcastFilter;
  ratePerMinute?: number;
}

// Subjects, bodies and the filter's names are typed text (core/text.ts); a body takes several lines.
const text = (max: number, multiline = false) => personText({ max, multiline });
const optionalName = z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? null : v), personText({ max: 100 }).nullable().default(null));

const inputSchema = z.object({
  subject: z.object({ zh: text(200), en: text(200) }),
  body: z.object({ zh: text(10_000, true), en: text(10_000, true) }),
  filter: z.object({ race: optionalName, wave: optionalName, pickedUp: z.boolean().nullable().default(null) }),
  ratePerMinute: z.number().int().min(1).max(MAX_RATE_PER_MINUTE).default(DEFAULT_RATE_PER_MINUTE),
});

/** Validates a message; field paths are the input's (`subject.zh`, `filter.race`, `ratePerMinute`). */
export function parseBroadcastInput(raw: unknown): z.infer<typeof inputSchema> {
  const parsed = inputSchema.safeParse(raw);
  if (!parsed.success) throw new DomainError("validation_failed", "The message is not valid; see the fields.", fromZodIssues(parsed.error.issues));
  return parsed.data;
}

async function editableEventOrThrow(actor: Actor, eventSlug: string) {
  const { db, schema } = getConnection();
  const [event] = !isSlug(eventSlug)
    ? []
    : await db
        .select({ id: schema.events.id, slug: schema.events.slug, nameEn: schema.events.nameEn, nameZh: schema.events.nameZh })
        .from(schema.events)
        .where(eq(schema.events.slug, eventSlug));
  if (!event) throw new DomainError("not_found", `No event "${eventSlug}".`);
  await requireEventEditor(actor, event.id);
  return event;
}

/** A filter naming a race the event does not have is a field error, not an empty audience. */
async function checkFilter(eventId: string, filter: BroadcastFilter): Promise<void> {
  if (!filter.race) return;
  const { db, schema } = getConnection();
  const [race] = !isSlug(filter.race)
    ? []
    : await db
        .select({ id: schema.races.id })
        .from(schema.races)
        .where(and(eq(schema.races.eventId, eventId), eq(schema.races.slug, filter.race)));
  if (!race) throw new DomainError("validation_failed", `The event has no race "${filter.race}".`, [{ path: "filter.race", key: "invalid" }]);
}

interface Recipient {
  registrationId: string;
  email: string;
  locale: string;
}

/** The confirmed entries matching the filter, one per address (the earliest entry stands for it). */
async function matchingRecipients(db: Database, eventId: string, filter: BroadcastFilter): Promise<Recipient[]> {
  const { schema } = getConnection();
  const r = schema.registrations;
  const rows = await db
    .select({ registrationId: r.id, email: r.email, locale: schema.orders.locale })
    .from(r)
    .innerJoin(schema.orders, eq(schema.orders.id, r.orderId))
    .innerJoin(schema.races, eq(schema.races.id, r.raceId))
    .leftJoin(schema.waves, eq(schema.waves.id, r.waveId))
    .leftJoin(schema.pickups, eq(schema.pickups.registrationId, r.id))
    .where(
      and(
        eq(r.eventId, eventId),
        eq(r.status, "confirmed"),
        filter.race ? eq(schema.races.slug, filter.race) : undefined,
        filter.wave ? eq(schema.waves.name, filter.wave) : undefined,
        filter.pickedUp === true ? isNotNull(schema.pickups.id) : filter.pickedUp === false ? isNull(schema.pickups.id) : undefined,
      ),
    )
    .orderBy(asc(r.createdAt), asc(r.id));
  const seen = new Set<string>();
  const out: Recipient[] = [];
  for (const row of rows) {
    const email = row.email.trim().toLowerCase();
    if (seen.has(email)) continue;
    seen.add(email);
    out.push({ registrationId: row.registrationId, email, locale: row.locale === "en" ? "en" : "zh" });
  }
  return out;
}

/** How many addresses a message with this filter would go to (the preview before sending). */
export async function countBroadcastRecipients(actor: Actor, eventSlug: string, rawFilter: unknown): Promise<number> {
  const event = await editableEventOrThrow(actor, eventSlug);
  const { filter } = parseBroadcastInput({ subject: { zh: "-", en: "-" }, body: { zh: "-", en: "-" }, filter: rawFilter });
  await checkFilter(event.id, filter);
  return (await matchingRecipients(getConnection().db, event.id, filter)).length;
}

/**
 * Creates a message and fixes its recipients, in one transaction (audited); then, unless told not to, queues the
 * first batch and starts delivery. Admins and the event's organizers.
 */
export async function createBroadcast(
  actor: Actor,
  eventSlug: string,
  raw: BroadcastInput,
  options: { now?: Date; queueNow?: boolean } = {},
): Promise<{ id: string; recipientCount: number }> {
  const now = options.now ?? new Date();
  const event = await editableEventOrThrow(actor, eventSlug);
  const input = parseBroadcastInput(raw);
  await checkFilter(event.id, input.filter);
  const { schema } = getConnection();
  const id = randomUUID();
  const recipientCount = await withTransaction(async (tx) => {
    const recipients = await matchingRecipients(tx, event.id, input.filter);
    await tx.insert(schema.broadcasts).values({
      id,
      eventId: event.id,
      subjectEn: input.subject.en,
      subjectZh: input.subject.zh,
      bodyEn: input.body.en,
      bodyZh: input.body.zh,
      filter: input.filter,
      status: recipients.length === 0 ? "done" : "queued",
      ratePerMinute: input.ratePerMinute,
      recipientCount: recipients.length,
      queuedCount: 0,
      createdBy: actor.kind === "user" ? actor.userId : null,
      createdByLabel: actor.label,
      createdAt: now,
      finishedAt: recipients.length === 0 ? now : null,
    });
    await insertRows(
      tx,
      schema.broadcastRecipients,
      recipients.map((rc) => ({ broadcastId: id, registrationId: rc.registrationId, email: rc.email, locale: rc.locale, queuedAt: null, outboxId: null })),
    );
    await recordAudit(
      tx,
      actor,
      { action: "broadcast.create", entityType: "broadcast", entityId: id, data: { event: event.slug, filter: input.filter, recipients: recipients.length, ratePerMinute: input.ratePerMinute } },
      now,
    );
    return recipients.length;
  });
  if (options.queueNow !== false && recipientCount > 0) {
    await queueBroadcastBatch(now, { broadcastId: id });
    deliverOutboxSoon();
  }
  return { id, recipientCount };
}

/** Stops a message: recipients not queued yet get nothing; what is in the outbox already still goes. Audited. */
export async function cancelBroadcast(actor: Actor, eventSlug: string, broadcastId: string, now = new Date()): Promise<void> {
  const event = await editableEventOrThrow(actor, eventSlug);
  const { schema } = getConnection();
  const b = schema.broadcasts;
  await withTransaction(async (tx) => {
    await getConnection().lockKeys(tx, [`broadcast:${broadcastId}`]);
    const [found] = await tx.select({ status: b.status }).from(b).where(and(eq(b.id, broadcastId), eq(b.eventId, event.id)));
    if (!found) throw new DomainError("not_found", "No such message.");
    if (found.status !== "queued" && found.status !== "sending") throw new DomainError("conflict", "The message is no longer being sent.");
    await tx.update(b).set({ status: "cancelled", finishedAt: now }).where(eq(b.id, broadcastId));
    await recordAudit(tx, actor, { action: "broadcast.cancel", entityType: "broadcast", entityId: broadcastId, data: { event: event.slug } }, now);
  });
}

/**
 * Moves every message that is being sent along (the sweep), or one (`broadcastId`, right after creation): puts up to
 * the rate's allowance of its recipients in the outbox. Returns how many emails were queued.
 */
export async function queueBroadcastBatch(now: Date, options: { broadcastId?: string } = {}): Promise<number> {
  const { db, schema } = getConnection();
  const b = schema.broadcasts;
  const active = await db
    .select({ id: b.id })
    .from(b)
    .where(and(inArray(b.status, ["queued", "sending"]), options.broadcastId ? eq(b.id, options.broadcastId) : undefined))
    .orderBy(asc(b.createdAt));
  let queued = 0;
  for (const { id } of active) {
    for (;;) {
      const n = await withTransaction((tx) => queueChunk(tx, id, now));
      queued += n;
      if (n < RECIPIENTS_PER_TRANSACTION) break;
    }
  }
  return queued;
}

/** One transaction: the next recipients within the rate, their emails in the outbox, their rows marked. */
async function queueChunk(tx: Database, broadcastId: string, now: Date): Promise<number> {
  const { schema } = getConnection();
  const b = schema.broadcasts;
  const br = schema.broadcastRecipients;
  // One queuer per message at a time (two processes sweeping): the allowance and the picks are decided under it.
  await getConnection().lockKeys(tx, [`broadcast:${broadcastId}`]);
  const [message] = await tx
    .select({ b, nameEn: schema.events.nameEn, nameZh: schema.events.nameZh })
    .from(b)
    .innerJoin(schema.events, eq(schema.events.id, b.eventId))
    .where(eq(b.id, broadcastId));
  if (!message || (message.b.status !== "queued" && message.b.status !== "sending")) return 0;
  const recent = first(await tx
    .select({ n: count() })
    .from(br)
    .where(and(eq(br.broadcastId, broadcastId), gt(br.queuedAt, new Date(now.getTime() - RATE_WINDOW_MS)))));
  const allowance = Math.min(message.b.ratePerMinute - recent.n, RECIPIENTS_PER_TRANSACTION);
  if (allowance <= 0) return 0;
  const picks = await tx
    .select({ registrationId: br.registrationId, email: br.email, locale: br.locale })
    .from(br)
    .where(and(eq(br.broadcastId, broadcastId), isNull(br.queuedAt)))
    .orderBy(asc(br.registrationId))
    .limit(allowance);
  const mails = {
    en: renderBroadcastEmail({ locale: "en", event: message.nameEn, subject: message.b.subjectEn, body: message.b.bodyEn }),
    zh: renderBroadcastEmail({ locale: "zh", event: message.nameZh, subject: message.b.subjectZh, body: message.b.bodyZh }),
  };
  let done = 0;
  for (const pick of picks) {
    const locale = pick.locale === "en" ? "en" : "zh";
    const outboxId = await enqueueEmail(tx, { to: pick.email, locale, template: "broadcast", ...mails[locale] }, now);
    const marked = await tx
      .update(br)
      .set({ queuedAt: now, outboxId })
      .where(and(eq(br.broadcastId, broadcastId), eq(br.registrationId, pick.registrationId), isNull(br.queuedAt)))
      .returning({ id: br.registrationId });
    // Under the lock nobody else marks it; should that ever fail, the whole chunk goes back rather than send twice.
    if (marked.length !== 1) throw new Error("broadcast recipient already queued");
    done += 1;
  }
  const queuedCount = message.b.queuedCount + done;
  const finished = queuedCount >= message.b.recipientCount;
  const status: BroadcastStatus = finished ? "done" : done > 0 ? "sending" : message.b.status;
  await tx
    .update(b)
    .set({ queuedCount, status, finishedAt: finished ? now : null })
    .where(eq(b.id, broadcastId));
  return done;
}

export interface BroadcastSummary {
  id: string;
  subject: { zh: string; en: string };
  filter: BroadcastFilter;
  status: BroadcastStatus;
  ratePerMinute: number;
  createdAt: string;
  createdBy: string;
  finishedAt: string | null;
  /** Addresses the message goes to. */
  total: number;
  /** In the outbox. */
  queued: number;
  /** Handed to the mail server (or, with no mail server configured, recorded). */
  delivered: number;
  /** Given up after the outbox's retries. */
  failed: number;
}

/** The event's messages, newest first, each with its progress from the outbox. Admins and the event's organizers. */
export async function listBroadcasts(actor: Actor, eventSlug: string): Promise<BroadcastSummary[]> {
  const event = await editableEventOrThrow(actor, eventSlug);
  const { db, schema } = getConnection();
  const b = schema.broadcasts;
  const br = schema.broadcastRecipients;
  const o = schema.emailOutbox;
  const rows = await db.select().from(b).where(eq(b.eventId, event.id)).orderBy(desc(b.createdAt), desc(b.id)).limit(100);
  if (rows.length === 0) return [];
  const outcomes = await db
    .select({ broadcastId: br.broadcastId, status: o.status, n: sql<number>`count(*)`.mapWith(Number) })
    .from(br)
    .innerJoin(o, eq(o.id, br.outboxId))
    .where(
      inArray(
        br.broadcastId,
        rows.map((row) => row.id),
      ),
    )
    .groupBy(br.broadcastId, o.status);
  return rows.map((row) => {
    const mine = outcomes.filter((x) => x.broadcastId === row.id);
    const sum = (statuses: string[]) => mine.filter((x) => statuses.includes(x.status)).reduce((a, x) => a + x.n, 0);
    return {
      id: row.id,
      subject: { zh: row.subjectZh, en: row.subjectEn },
      filter: row.filter,
      status: row.status,
      ratePerMinute: row.ratePerMinute,
      createdAt: row.createdAt.toISOString(),
      createdBy: row.createdByLabel,
      finishedAt: row.finishedAt?.toISOString() ?? null,
      total: row.recipientCount,
      queued: row.queuedCount,
      delivered: sum(["sent", "recorded"]),
      failed: sum(["failed"]),
    };
  });
}
