/**
 * "Your bib and wave" emails after a batch: one per order whose runners' bib or wave changed, in the order's
 * language, listing those runners with what they have now.
 *
 * Nothing is lost between the batch and its emails: the batch's own transaction marks every entry whose bib or
 * wave it changed (registrations.bib_notice_due_at), in the same bulk statements that write the bibs. The emails are
 * queued afterwards from that marker, per chunk of a few hundred orders in ONE transaction each: the chunk's markers
 * are cleared by a conditional update and the emails of the entries it cleared are inserted in the outbox, so a
 * runner is emailed once even when two processes queue at the same moment, and a crash leaves the marker for the
 * next sweep (queueDueBibNotices). Each chunk takes the bib lock of its orders' events first (lock order as in
 * shared.ts), so it never deadlocks with a batch writing those rows; a large batch never holds its own lock while
 * thousands of emails are rendered.
 */
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import { displayName } from "../../core/names";
import { formatInZone } from "../../core/time";
import { getConnection, withTransaction, type Database } from "../db";
import { enqueueEmails, type OutgoingEmail } from "../email/outbox";
import { manageUrl, renderBibAssigned } from "../email/templates";
import { orderAccessToken } from "../registration/order-access";
import { lockEventBibs } from "./shared";
import { lookup } from "../../core/lists";

const ORDERS_PER_TRANSACTION = 500;

/**
 * Queues the emails of entries marked by a batch: those of one event (right after its batch), or of every event
 * (the sweep). Returns how many emails were queued.
 */
export async function queueBibEmails(now: Date, options: { eventId?: string } = {}): Promise<number> {
  const { db, schema } = getConnection();
  const r = schema.registrations;
  const due = await db
    .selectDistinct({ orderId: r.orderId })
    .from(r)
    .where(and(isNotNull(r.bibNoticeDueAt), options.eventId ? eq(r.eventId, options.eventId) : undefined));
  const orderIds = due.map((d) => d.orderId).sort();
  let queued = 0;
  for (let i = 0; i < orderIds.length; i += ORDERS_PER_TRANSACTION) {
    const chunk = orderIds.slice(i, i + ORDERS_PER_TRANSACTION);
    // The order links need the signing secret: worked out before the transaction.
    const tokens = new Map<string, string>();
    for (const id of chunk) tokens.set(id, await orderAccessToken(id));
    queued += await withTransaction((tx) => queueChunk(tx, chunk, tokens, now));
  }
  return queued;
}

/** The emails left over by a batch whose process stopped before queuing them (the periodic sweep). */
export function queueDueBibNotices(now: Date): Promise<number> {
  return queueBibEmails(now);
}

async function queueChunk(tx: Database, orderIds: string[], tokens: Map<string, string>, now: Date): Promise<number> {
  const { schema } = getConnection();
  const r = schema.registrations;
  // One query after another: a transaction has one connection.
  const orders = await tx.select().from(schema.orders).where(inArray(schema.orders.id, orderIds));
  const eventIds = [...new Set(orders.map((o) => o.eventId))].sort();
  for (const id of eventIds) await lockEventBibs(tx, id);
  // The claim: only the entries whose marker is still set (another process may have queued them meanwhile).
  const claimed = await tx
    .update(r)
    .set({ bibNoticeDueAt: null })
    .where(and(inArray(r.orderId, orderIds), isNotNull(r.bibNoticeDueAt)))
    .returning({ id: r.id });
  if (claimed.length === 0) return 0;
  const events = await tx.select().from(schema.events).where(inArray(schema.events.id, eventIds));
  const rows = await selectInChunks(
    claimed.map((c) => c.id),
    (ids) =>
      tx
        .select({
          id: r.id,
          orderId: r.orderId,
          familyName: r.familyName,
          givenName: r.givenName,
          latinName: r.latinName,
          bib: r.bib,
          createdAt: r.createdAt,
          raceEn: schema.races.nameEn,
          raceZh: schema.races.nameZh,
          wave: schema.waves.name,
          waveStart: schema.waves.startTime,
        })
        .from(r)
        .innerJoin(schema.races, eq(schema.races.id, r.raceId))
        .leftJoin(schema.waves, eq(schema.waves.id, r.waveId))
        .where(and(inArray(r.id, ids), eq(r.status, "confirmed"))),
  );
  const eventById = new Map(events.map((e) => [e.id, e]));
  const byOrder = new Map<string, typeof rows>();
  for (const row of rows) byOrder.set(row.orderId, [...(byOrder.get(row.orderId) ?? []), row]);
  const mails: OutgoingEmail[] = [];
  for (const order of orders) {
    const event = eventById.get(order.eventId);
    const regs = byOrder.get(order.id);
    if (!event || !regs) continue;
    const en = order.locale === "en";
    const entries = regs
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1))
      .map((reg) => ({
        runner: displayName(reg, order.locale),
        race: en ? reg.raceEn : reg.raceZh,
        bib: reg.bib,
        wave: reg.wave,
        // The wave's start in the event's local time ("07:30").
        waveStart: reg.waveStart ? formatInZone(reg.waveStart, event.timezone).slice(11, 16) : null,
      }));
    const mail = renderBibAssigned({
      locale: order.locale,
      event: en ? event.nameEn : event.nameZh,
      date: event.date,
      code: order.code,
      manageUrl: manageUrl(order.locale, order.code, lookup(tokens, order.id)),
      entries,
    });
    mails.push({ to: order.email, locale: order.locale, template: "bib_assigned", ...mail, orderId: order.id });
  }
  await enqueueEmails(tx, mails, now);
  return mails.length;
}

async function selectInChunks<T>(ids: string[], select: (ids: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += 2_000) out.push(...(await select(ids.slice(i, i + 2_000))));
  return out;
}
