/**
 * "Your bib and wave" emails after a batch: one per order whose runners' bib or wave changed, in the order's
 * language, listing those runners with what they have now (read after the batch committed). Queued in the outbox
 * in transactions of a few hundred, after the batch's own commit, so a large batch does not hold its lock while
 * thousands of emails are rendered.
 */
import { and, eq, inArray } from "drizzle-orm";
import { formatInZone } from "../../core/time";
import { randomUUID } from "node:crypto";
import { getConnection, withTransaction, type Database } from "../../db";
import type { OutgoingEmail } from "../email/outbox";
import { manageUrl, renderBibAssigned } from "../email/templates";
import type { EventRow } from "../events/queries";
import { orderAccessToken } from "../registration/order-access";
import { insertRowsAsJson } from "./shared";

export interface BibChange {
  registrationId: string;
  orderId: string;
  bib: string | null;
  wave: string | null;
}

const ORDERS_PER_TRANSACTION = 500;

export async function queueBibEmails(event: EventRow, changes: BibChange[], now: Date): Promise<void> {
  const { db, schema } = getConnection();
  const r = schema.registrations;
  // The event's waves with their start in local time ("07:30"), once.
  const waveRows = await db
    .select({ id: schema.waves.id, name: schema.waves.name, startTime: schema.waves.startTime })
    .from(schema.waves)
    .innerJoin(schema.races, eq(schema.races.id, schema.waves.raceId))
    .where(eq(schema.races.eventId, event.id));
  const waves = new Map(waveRows.map((w) => [w.id, { name: w.name, start: formatInZone(w.startTime, event.timezone).slice(11, 16) }]));
  const byOrder = new Map<string, string[]>();
  for (const c of changes) byOrder.set(c.orderId, [...(byOrder.get(c.orderId) ?? []), c.registrationId]);
  const orderIds = [...byOrder.keys()].sort();
  for (let i = 0; i < orderIds.length; i += ORDERS_PER_TRANSACTION) {
    const chunk = orderIds.slice(i, i + ORDERS_PER_TRANSACTION);
    const regIds = chunk.flatMap((id) => byOrder.get(id)!);
    const [orders, rows] = await Promise.all([
      db.select().from(schema.orders).where(inArray(schema.orders.id, chunk)),
      selectInChunks(regIds, (ids) =>
        db
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
            waveId: r.waveId,
          })
          .from(r)
          .innerJoin(schema.races, eq(schema.races.id, r.raceId))
          .where(and(inArray(r.id, ids), eq(r.status, "confirmed"))),
      ),
    ]);
    const byOrderRows = new Map<string, typeof rows>();
    for (const row of rows) byOrderRows.set(row.orderId, [...(byOrderRows.get(row.orderId) ?? []), row]);
    const mails: OutgoingEmail[] = [];
    for (const order of orders) {
      const en = order.locale === "en";
      const entries = (byOrderRows.get(order.id) ?? [])
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1))
        .map((reg) => {
          const wave = reg.waveId ? waves.get(reg.waveId) : undefined;
          return {
            runner: en && reg.latinName ? reg.latinName : `${reg.familyName}${reg.givenName}`,
            race: en ? reg.raceEn : reg.raceZh,
            bib: reg.bib,
            wave: wave?.name ?? null,
            waveStart: wave?.start ?? null,
          };
        });
      if (entries.length === 0) continue;
      const mail = renderBibAssigned({
        locale: order.locale,
        event: en ? event.nameEn : event.nameZh,
        date: event.date,
        code: order.code,
        manageUrl: manageUrl(order.locale, order.code, await orderAccessToken(order.id)),
        entries,
      });
      mails.push({ to: order.email, locale: order.locale, template: "bib_assigned", ...mail, orderId: order.id });
    }
    await withTransaction((tx) => enqueueEmails(tx, mails, now));
  }
}

async function selectInChunks<T>(ids: string[], select: (ids: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += 2_000) out.push(...(await select(ids.slice(i, i + 2_000))));
  return out;
}

/**
 * The rows enqueueEmail (server/email/outbox.ts) writes, for many messages in one statement: queued, no attempt
 * yet, delivered by the sweep or deliverOutboxSoon().
 */
async function enqueueEmails(tx: Database, mails: OutgoingEmail[], now: Date): Promise<void> {
  await insertRowsAsJson(
    tx,
    "email_outbox",
    mails.map((m) => ({
      id: randomUUID(),
      to_address: m.to,
      locale: m.locale,
      template: m.template,
      subject: m.subject,
      html: m.html,
      text_body: m.text,
      status: "queued",
      attempts: 0,
      order_id: m.orderId ?? null,
      created_at: now,
    })),
  );
}
