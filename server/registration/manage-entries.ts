/**
 * What an organizer does to one entry from its page: cancel it without a refund, refund it (or its whole order),
 * resend the order's confirmation. Each is one named function that checks who asks, changes state under the
 * order's lock in one transaction, writes the audit log, and only after commit hands mail to the outbox sender.
 * Money goes through refundOrder (server/payments/refunds.ts), the same path as the API's refunds.
 */
import { and, eq } from "drizzle-orm";
import { cancelRefusal, resendRefusal } from "../../core/entry-actions";
import { displayName } from "../../core/names";
import { isSlug } from "../../core/event-input";
import { getConnection, withTransaction, type Database } from "../db";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { requireEventEditor } from "../auth/policy";
import { DomainError } from "../errors";
import { deliverOutboxSoon, enqueueEmail } from "../email/outbox";
import { renderCancellation } from "../email/templates";
import { queueConfirmationEmail } from "../payments/confirm-payment";
import { refundOrder } from "../payments/refunds";
import { allOf, changeEntryStatus, lockRaces } from "./holds";
import { first } from "../../core/lists";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The entry (by id, within the event named by its slug) and its order, after checking the actor may change the event. */
async function entryForEditor(actor: Actor, eventSlug: string, registrationId: string) {
  const { db, schema } = getConnection();
  const [row] = UUID.test(registrationId) && isSlug(eventSlug)
    ? await db
        .select({ reg: schema.registrations, order: schema.orders, eventSlug: schema.events.slug })
        .from(schema.registrations)
        .innerJoin(schema.orders, eq(schema.orders.id, schema.registrations.orderId))
        .innerJoin(schema.events, eq(schema.events.id, schema.registrations.eventId))
        .where(and(eq(schema.registrations.id, registrationId), eq(schema.events.slug, eventSlug)))
    : [];
  if (!row) throw new DomainError("not_found", "No such entry in this event.");
  await requireEventEditor(actor, row.reg.eventId);
  return row;
}

async function lockedEntry(tx: Database, orderId: string, registrationId: string) {
  const { schema } = getConnection();
  await getConnection().lockKeys(tx, [`order:${orderId}`]);
  const reg = first(await tx.select().from(schema.registrations).where(eq(schema.registrations.id, registrationId)));
  const order = first(await tx.select().from(schema.orders).where(eq(schema.orders.id, orderId)));
  return { reg, order };
}

/**
 * Cancels a confirmed entry without refunding it: its seat and its document key come free at once (the runner may
 * register again), its bib stays with it (a bib is never reused in an event). When no confirmed entry is left, the
 * order is cancelled too, as when a runner cancels their own. Held entries are not cancelled here: their hold ends
 * by itself, and a payment may still arrive for the order. With `notify`, the buyer gets the cancellation email.
 */
export async function cancelEntry(
  actor: Actor,
  eventSlug: string,
  registrationId: string,
  options: { notify?: boolean; now?: Date } = {},
): Promise<{ orderStatus: string; notified: boolean }> {
  const now = options.now ?? new Date();
  const notify = options.notify ?? true;
  const pre = await entryForEditor(actor, eventSlug, registrationId);
  const { schema } = getConnection();
  const result = await withTransaction(async (tx) => {
    const { reg, order } = await lockedEntry(tx, pre.order.id, registrationId);
    if (cancelRefusal(reg)) throw new DomainError("conflict", `Only confirmed entries can be cancelled; this one is ${reg.status}.`);
    // Its place comes free: under its race's lock, with the race's seat counter.
    await lockRaces(tx, [reg.raceId]);
    await changeEntryStatus(tx, allOf(eq(schema.registrations.id, reg.id), eq(schema.registrations.status, "confirmed")), { status: "cancelled", liveIdKey: null, cancelledAt: now, updatedAt: now });
    const left = await tx
      .select({ id: schema.registrations.id })
      .from(schema.registrations)
      .where(and(eq(schema.registrations.orderId, order.id), eq(schema.registrations.status, "confirmed")));
    let orderStatus: string = order.status;
    if (left.length === 0 && order.status === "paid") {
      orderStatus = "cancelled";
      await tx.update(schema.orders).set({ status: "cancelled", updatedAt: now }).where(eq(schema.orders.id, order.id));
    }
    await recordAudit(tx, actor, { action: "registration.cancel", entityType: "registration", entityId: reg.id, data: { orderId: order.id, refundCents: 0, notify, orderStatus } }, now);
    if (notify) {
      const event = first(await tx.select().from(schema.events).where(eq(schema.events.id, order.eventId)));
      const race = first(await tx.select().from(schema.races).where(eq(schema.races.id, reg.raceId)));
      const en = order.locale === "en";
      const mail = renderCancellation({
        locale: order.locale,
        event: en ? event.nameEn : event.nameZh,
        code: order.code,
        runner: displayName(reg, order.locale),
        race: en ? race.nameEn : race.nameZh,
        refundCents: 0,
        currency: order.currency,
        byOrganizer: true,
      });
      await enqueueEmail(tx, { to: order.email, locale: order.locale, template: "cancellation", ...mail, orderId: order.id }, now);
    }
    return { orderStatus, notified: notify };
  });
  if (result.notified) deliverOutboxSoon();
  return result;
}

/**
 * Queues the order's confirmation email again (same content as the first: every confirmed entry of the order,
 * with QR codes and the private link), to the order's email address.
 */
export async function resendConfirmation(actor: Actor, eventSlug: string, registrationId: string, options: { now?: Date } = {}): Promise<{ to: string }> {
  const now = options.now ?? new Date();
  const pre = await entryForEditor(actor, eventSlug, registrationId);
  const result = await withTransaction(async (tx) => {
    const { reg, order } = await lockedEntry(tx, pre.order.id, registrationId);
    if (resendRefusal(order, reg)) {
      throw new DomainError("conflict", "Only a confirmed entry of a paid order has a confirmation to resend.");
    }
    await queueConfirmationEmail(tx, order.id, now);
    await recordAudit(tx, actor, { action: "order.resend_confirmation", entityType: "order", entityId: order.id, data: { fromEntry: reg.id } }, now);
    return { to: order.email };
  });
  deliverOutboxSoon();
  return result;
}

/**
 * Refunds this entry (`scope: "entry"`: its seat comes free) or its whole order, in full or by `amountCents`.
 * refundOrder checks the amount against what is still refundable and records, executes and mails the refund.
 */
export async function refundEntry(
  actor: Actor,
  eventSlug: string,
  registrationId: string,
  input: { scope: "entry" | "order"; amountCents?: number },
): Promise<{ refundId: string; amountCents: number; currency: string }> {
  const pre = await entryForEditor(actor, eventSlug, registrationId);
  const refund = await refundOrder(actor, pre.order.code, {
    registrationId: input.scope === "entry" ? registrationId : undefined,
    amountCents: input.amountCents,
  });
  return { ...refund, currency: pre.order.currency };
}
