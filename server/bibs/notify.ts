/**
 * "Your bib and wave" emails after a batch: one per order whose runners' bib or wave changed, in the order's
 * language, listing those runners with what they have now (read after the batch committed). Queued in the outbox
 * in transactions of a few hundred, after the batch's own commit, so a large batch does not hold its lock while
 * thousands of emails are rendered.
 */
import { and, eq, inArray } from "drizzle-orm";
import { formatInZone } from "../../core/time";
import { getConnection, withTransaction } from "../../db";
import { enqueueEmail, type OutgoingEmail } from "../email/outbox";
import { manageUrl, renderBibAssigned } from "../email/templates";
import type { EventRow } from "../events/queries";
import { orderAccessToken } from "../registration/order-access";

export interface BibChange {
  registrationId: string;
  orderId: string;
  bib: string | null;
  wave: string | null;
}

const ORDERS_PER_TRANSACTION = 500;

export async function queueBibEmails(event: EventRow, changes: BibChange[], now: Date): Promise<void> {
  const { db, schema } = getConnection();
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
          .select({ reg: schema.registrations, race: schema.races, wave: schema.waves })
          .from(schema.registrations)
          .innerJoin(schema.races, eq(schema.races.id, schema.registrations.raceId))
          .leftJoin(schema.waves, eq(schema.waves.id, schema.registrations.waveId))
          .where(and(inArray(schema.registrations.id, ids), eq(schema.registrations.status, "confirmed"))),
      ),
    ]);
    const mails: OutgoingEmail[] = [];
    for (const order of orders) {
      const en = order.locale === "en";
      const entries = rows
        .filter((row) => row.reg.orderId === order.id)
        .sort((a, b) => (a.reg.createdAt.getTime() - b.reg.createdAt.getTime()) || (a.reg.id < b.reg.id ? -1 : 1))
        .map(({ reg, race, wave }) => ({
          runner: en && reg.latinName ? reg.latinName : `${reg.familyName}${reg.givenName}`,
          race: en ? race.nameEn : race.nameZh,
          bib: reg.bib,
          wave: wave?.name ?? null,
          waveStart: wave ? formatInZone(wave.startTime, event.timezone).slice(11, 16) : null,
        }));
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
    await withTransaction(async (tx) => {
      for (const mail of mails) await enqueueEmail(tx, mail, now);
    });
  }
}

async function selectInChunks<T>(ids: string[], select: (ids: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += 2_000) out.push(...(await select(ids.slice(i, i + 2_000))));
  return out;
}
