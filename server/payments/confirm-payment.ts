/**
 * Payment confirms the order and its entries exactly once (pretix's OrderPayment.confirm): under the order's lock,
 * a payment already confirmed is a no-op; a payment for an order whose hold ran out takes the seats if they are
 * still free, otherwise it is refunded (the order ends `refunded`), never lost or silently kept. The confirmation
 * or refund email is queued in the same transaction; provider calls (refunds) and email delivery happen after
 * commit.
 */
import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { getConnection, withTransaction, type Database } from "../db";
import { displayName } from "../../core/names";
import type { PaymentProvider as ProviderName } from "../../core/domain";
import { recordAudit } from "../audit/record-audit";
import { DomainError } from "../errors";
import { deliverOutboxSoon, enqueueEmail } from "../email/outbox";
import { manageUrl, renderConfirmation, renderRefund } from "../email/templates";
import { allOf, changeEntryStatus, expireStaleOrders, liveDocumentKeys, lockEventRaces, readPlaceBook } from "../registration/holds";
import { orderAccessToken } from "../registration/order-access";
import { assignOnConfirmationInTx, type ConfirmationPlacement } from "../bibs/on-confirmation";
import { lockEventBibs } from "../bibs/shared";
import { createRefundInTx, executeRefund } from "./refunds";
import { first } from "../../core/lists";

const PROVIDER_ACTOR = (provider: string) => ({ kind: "system" as const, label: `payment:${provider}` });

export interface PaymentNotice {
  orderId: string;
  provider: ProviderName;
  providerPaymentId: string;
  amountCents: number;
  currency: string;
  now?: Date;
}

export type ConfirmOutcome = "confirmed" | "already_confirmed" | "refunded_no_seat" | "refunded_duplicate" | "refunded_mismatch";

export interface ConfirmResult {
  outcome: ConfirmOutcome;
  /** Refunds to execute with the provider after commit. */
  refundIds: string[];
  /** When confirmed now: each entry's bib (when its race gives bibs on confirmation) and wave. */
  placements?: ConfirmationPlacement[];
}

export async function confirmOrderInTx(tx: Database, notice: PaymentNotice): Promise<ConfirmResult> {
  const { schema } = getConnection();
  const now = notice.now ?? new Date();
  const actor = PROVIDER_ACTOR(notice.provider);
  // Lock order (what must stay true; see docs/architecture.md "Locks"): the order's advisory lock, then its
  // event's races' (a late payment expires the event's lapsed holds and counts places, changing their seat
  // counters), then the order row itself. The row lock makes a concurrent expiry (a registration, the sweep)
  // either finish first, and then this is a late payment, or wait.
  await getConnection().lockKeys(tx, [`order:${notice.orderId}`]);
  const eventRows = await tx.selectDistinct({ eventId: schema.registrations.eventId }).from(schema.registrations).where(eq(schema.registrations.orderId, notice.orderId));
  const eventIds = eventRows.map((r) => r.eventId);
  for (const eventId of eventIds) await lockEventRaces(tx, eventId);
  // Then the event's bib lock (bibs and waves given on confirmation below), still before any row lock.
  for (const eventId of eventIds) await lockEventBibs(tx, eventId);
  const [order] = await tx
    .update(schema.orders)
    .set({ updatedAt: sql`${schema.orders.updatedAt}` })
    .where(eq(schema.orders.id, notice.orderId))
    .returning();
  if (!order) throw new DomainError("not_found", "No such order.");

  const [existing] = await tx.select().from(schema.payments).where(eq(schema.payments.providerPaymentId, notice.providerPaymentId));
  if (existing?.status === "confirmed") return { outcome: "already_confirmed", refundIds: [] };
  const paymentId = existing?.id ?? randomUUID();
  if (existing) {
    await tx.update(schema.payments).set({ status: "confirmed", amountCents: notice.amountCents, updatedAt: now }).where(eq(schema.payments.id, paymentId));
  } else {
    await tx.insert(schema.payments).values({
      id: paymentId,
      orderId: order.id,
      provider: notice.provider,
      providerPaymentId: notice.providerPaymentId,
      amountCents: notice.amountCents,
      currency: notice.currency,
      status: "confirmed",
      createdAt: now,
      updatedAt: now,
    });
  }
  await recordAudit(tx, actor, { action: "payment.confirm", entityType: "order", entityId: order.id, data: { paymentId, amountCents: notice.amountCents, currency: notice.currency } }, now);

  const refundAll = async (reason: string, outcome: ConfirmOutcome): Promise<ConfirmResult> => {
    if (notice.amountCents === 0) return { outcome, refundIds: [] };
    const refundId = await createRefundInTx(tx, {
      orderId: order.id,
      registrationId: null,
      paymentId,
      provider: notice.provider,
      amountCents: notice.amountCents,
      currency: notice.currency,
      source: "system",
      reason,
      now,
    });
    await recordAudit(tx, actor, { action: "payment.refund_automatic", entityType: "order", entityId: order.id, data: { paymentId, reason, refundId } }, now);
    if (outcome === "refunded_no_seat") {
      // The order will never be paid: it ends refunded (its entries stay expired or cancelled, without a seat).
      await tx.update(schema.orders).set({ status: "refunded", updatedAt: now }).where(eq(schema.orders.id, order.id));
      await recordAudit(tx, actor, { action: "order.refund_late_payment", entityType: "order", entityId: order.id, data: { refundId } }, now);
    }
    const event = first(await tx.select().from(schema.events).where(eq(schema.events.id, order.eventId)));
    const mail = renderRefund({
      locale: order.locale,
      event: order.locale === "en" ? event.nameEn : event.nameZh,
      code: order.code,
      amountCents: notice.amountCents,
      currency: notice.currency,
      reason: outcome === "refunded_no_seat" ? "late_payment_no_seat" : outcome === "refunded_duplicate" ? "duplicate_payment" : undefined,
    });
    await enqueueEmail(tx, { to: order.email, locale: order.locale, template: "refund", ...mail, orderId: order.id }, now);
    return { outcome, refundIds: [refundId] };
  };

  // An order paid before (still paid, or since cancelled or refunded) never takes a second payment: its entries
  // were given up on purpose and must not come back.
  if (order.status === "paid" || order.paidAt !== null) return refundAll("duplicate_payment", "refunded_duplicate");
  if (notice.amountCents < order.totalCents || notice.currency !== order.currency) return refundAll("amount_mismatch", "refunded_mismatch");

  const entries = await tx.select().from(schema.registrations).where(eq(schema.registrations.orderId, order.id));
  const inTime = order.status === "pending" && now < order.expiresAt;
  if (!inTime) {
    // Late payment: the hold ran out (or the order was cancelled). Honour it only if every seat is still free.
    if (order.status === "refunded") return refundAll("order_refunded", "refunded_duplicate");
    // The event's lapsed holds (this order's own among them) give their places back; the counters are then the
    // places taken (server/registration/holds.ts).
    await expireStaleOrders(tx, now, order.eventId);
    const places = await readPlaceBook(tx, [...new Set(entries.map((e) => e.raceId))]);
    const short = places.shortfall(entries.map((e) => e.raceId));
    const keys = entries.map((e) => `${e.idType}:${e.idNumber}`);
    const clash = await liveDocumentKeys(tx, order.eventId, keys);
    if (short.length > 0 || clash.size > 0) return refundAll("late_payment_no_seat", "refunded_no_seat");
    if (order.discountCodeId) {
      // The expired hold gave its discount use back; the honoured payment takes it again.
      await tx.update(schema.discountCodes).set({ usedCount: sql`${schema.discountCodes.usedCount} + 1` }).where(eq(schema.discountCodes.id, order.discountCodeId));
    }
  }

  await tx.update(schema.orders).set({ status: "paid", paidAt: now, updatedAt: now }).where(eq(schema.orders.id, order.id));
  const confirmedIds: string[] = [];
  for (const e of entries) {
    // A held entry keeps its place; an expired or cancelled one (a late payment) takes one again.
    const changed = await changeEntryStatus(tx, allOf(eq(schema.registrations.id, e.id), inArray(schema.registrations.status, ["held", "expired", "cancelled"])), {
      status: "confirmed",
      liveIdKey: `${e.idType}:${e.idNumber}`,
      holdExpiresAt: null,
      confirmedAt: now,
      updatedAt: now,
    });
    confirmedIds.push(...changed.map((c) => c.id));
  }
  // Each newly confirmed entry gets its start wave, and its bib when its race gives bibs on confirmation.
  const placements = await assignOnConfirmationInTx(tx, confirmedIds, now);
  await recordAudit(tx, actor, { action: inTime ? "order.paid" : "order.paid_late", entityType: "order", entityId: order.id, data: { entries: entries.length } }, now);
  await queueConfirmationEmail(tx, order.id, now);
  return { outcome: "confirmed", refundIds: [], placements };
}

/** Queues the confirmation email of an order (also used to resend it). */
export async function queueConfirmationEmail(tx: Database, orderId: string, now = new Date()): Promise<void> {
  const { schema } = getConnection();
  const order = first(await tx.select().from(schema.orders).where(eq(schema.orders.id, orderId)), "order");
  const event = first(await tx.select().from(schema.events).where(eq(schema.events.id, order.eventId)), "event");
  const rows = await tx
    .select({ reg: schema.registrations, race: schema.races, wave: schema.waves })
    .from(schema.registrations)
    .innerJoin(schema.races, eq(schema.races.id, schema.registrations.raceId))
    .leftJoin(schema.waves, eq(schema.waves.id, schema.registrations.waveId))
    .where(and(eq(schema.registrations.orderId, orderId), eq(schema.registrations.status, "confirmed")));
  const en = order.locale === "en";
  const email = await renderConfirmation({
    locale: order.locale,
    event: en ? event.nameEn : event.nameZh,
    date: event.date,
    code: order.code,
    paidCents: order.totalCents,
    currency: order.currency,
    manageUrl: manageUrl(order.locale, order.code, await orderAccessToken(order.id)),
    entries: rows.map(({ reg, race, wave }) => ({
      runner: displayName(reg, order.locale),
      race: en ? race.nameEn : race.nameZh,
      bib: reg.bib,
      wave: wave?.name ?? null,
      pickupToken: reg.pickupToken,
    })),
  });
  await enqueueEmail(tx, { to: order.email, locale: order.locale, template: "confirmation", ...email, orderId }, now);
}

/** Confirms a payment in its own transaction, then executes any refund and delivers the email. */
export async function confirmPayment(notice: PaymentNotice): Promise<ConfirmOutcome> {
  const result = await withTransaction((tx) => confirmOrderInTx(tx, notice));
  await runAfterCommit(result);
  return result.outcome;
}

/** After commit: refunds go to the provider (a failure stays pending for the sweep), then the email goes out. */
export async function runAfterCommit(result: Pick<ConfirmResult, "refundIds">): Promise<void> {
  for (const id of result.refundIds) await executeRefund(id);
  deliverOutboxSoon();
}
