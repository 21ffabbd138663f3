/**
 * Refunds: recorded in a transaction (intent), executed with the provider after commit (idempotency key = our
 * refund id), then marked done. Organizers refund a whole order or one entry, full or partial; a runner's own
 * cancellation follows the event's refund policy.
 */
import { randomUUID } from "node:crypto";
import { and, eq, inArray, ne } from "drizzle-orm";
import { refundAmount, refundPercentAt } from "../../core/refund-policy";
import { getConnection, withTransaction, type Database } from "../../db";
import type { PaymentProvider as ProviderName } from "../../db/types";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { requireEventEditor } from "../auth/policy";
import { DomainError } from "../errors";
import { deliverOutboxSoon, enqueueEmail } from "../email/outbox";
import { formatMoney, renderCancellation, renderRefund } from "../email/templates";
import { verifyOrderAccessToken } from "../registration/order-access";
import { getProvider } from "./provider";

export interface RefundIntent {
  orderId: string;
  registrationId: string | null;
  paymentId: string | null;
  provider: ProviderName;
  amountCents: number;
  currency: string;
  source: "admin" | "buyer" | "system" | "external";
  reason: string;
  now: Date;
}

export async function createRefundInTx(tx: Database, intent: RefundIntent): Promise<string> {
  const { schema } = getConnection();
  const id = randomUUID();
  await tx.insert(schema.refunds).values({
    id,
    orderId: intent.orderId,
    registrationId: intent.registrationId,
    paymentId: intent.paymentId,
    provider: intent.provider,
    amountCents: intent.amountCents,
    currency: intent.currency,
    status: "pending",
    source: intent.source,
    reason: intent.reason,
    createdAt: intent.now,
    updatedAt: intent.now,
  });
  return id;
}

/** Sends a recorded refund to its provider (outside any transaction) and stores the outcome. */
export async function executeRefund(refundId: string): Promise<"done" | "pending" | "failed"> {
  const { db, schema } = getConnection();
  const [row] = await db
    .select({ refund: schema.refunds, payment: schema.payments })
    .from(schema.refunds)
    .leftJoin(schema.payments, eq(schema.payments.id, schema.refunds.paymentId))
    .where(eq(schema.refunds.id, refundId));
  if (!row || row.refund.status !== "pending") return row?.refund.status === "done" ? "done" : "failed";
  if (row.refund.amountCents === 0 || !row.payment?.providerPaymentId) {
    await withTransaction((tx) => tx.update(schema.refunds).set({ status: "done", updatedAt: new Date() }).where(eq(schema.refunds.id, refundId)));
    return "done";
  }
  try {
    const provider = await getProvider(row.refund.provider);
    const outcome = await provider.refund({
      refundId,
      providerPaymentId: row.payment.providerPaymentId,
      amountCents: row.refund.amountCents,
      currency: row.refund.currency,
    });
    await withTransaction((tx) =>
      tx
        .update(schema.refunds)
        .set({ status: outcome.status, providerRefundId: outcome.providerRefundId, updatedAt: new Date() })
        .where(and(eq(schema.refunds.id, refundId), eq(schema.refunds.status, "pending"))),
    );
    return outcome.status;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`[payments] refund ${refundId} failed: ${message}`);
    await withTransaction(async (tx) => {
      await tx.update(schema.refunds).set({ status: "failed", updatedAt: new Date() }).where(eq(schema.refunds.id, refundId));
      await recordAudit(tx, { kind: "system", label: "payments" }, { action: "refund.failed", entityType: "order", entityId: row.refund.orderId, data: { refundId, message: message.slice(0, 300) } });
    });
    return "failed";
  }
}

interface OrderMoney {
  paymentId: string | null;
  provider: ProviderName;
  paid: number;
  refundable: number;
}

async function orderMoney(tx: Database, orderId: string): Promise<OrderMoney> {
  const { schema } = getConnection();
  const payments = await tx.select().from(schema.payments).where(and(eq(schema.payments.orderId, orderId), eq(schema.payments.status, "confirmed")));
  const refunds = await tx.select().from(schema.refunds).where(and(eq(schema.refunds.orderId, orderId), ne(schema.refunds.status, "failed")));
  const paid = payments.reduce((s, p) => s + p.amountCents, 0);
  const refunded = refunds.reduce((s, r) => s + r.amountCents, 0);
  return { paymentId: payments[0]?.id ?? null, provider: payments[0]?.provider ?? "free", paid, refundable: Math.max(0, paid - refunded) };
}

async function orderByCodeOrThrow(tx: Database, code: string) {
  const { schema } = getConnection();
  const [order] = await tx.select().from(schema.orders).where(eq(schema.orders.code, code));
  if (!order) throw new DomainError("not_found", `No order ${code}.`);
  return order;
}

/**
 * Organizer refund: the whole order, or one entry; the amount defaults to what was paid for it (entry price less
 * its discount), never more than is still refundable. Refunded entries give their seats back.
 */
export async function refundOrder(actor: Actor, code: string, input: { registrationId?: string; amountCents?: number }): Promise<{ refundId: string; amountCents: number }> {
  const { db, schema } = getConnection();
  const [pre] = await db.select().from(schema.orders).where(eq(schema.orders.code, code));
  if (!pre) throw new DomainError("not_found", `No order ${code}.`);
  await requireEventEditor(actor, pre.eventId);
  if (input.amountCents !== undefined && (!Number.isInteger(input.amountCents) || input.amountCents <= 0)) {
    throw new DomainError("validation_failed", "The amount must be a positive whole number of minor units.", [{ path: "amountCents", key: "mustBeAbove", params: { minimum: 0 } }]);
  }
  const now = new Date();
  const result = await withTransaction(async (tx) => {
    await getConnection().lockKeys(tx, [`order:${pre.id}`]);
    const order = await orderByCodeOrThrow(tx, code);
    if (order.status !== "paid") throw new DomainError("refund_not_allowed", "Only paid orders can be refunded.");
    const entries = await tx.select().from(schema.registrations).where(eq(schema.registrations.orderId, order.id));
    const target = input.registrationId ? entries.find((e) => e.id === input.registrationId) : undefined;
    if (input.registrationId && !target) throw new DomainError("not_found", "No such entry in this order.", [{ path: "registrationId", key: "invalid" }]);
    if (target && target.status !== "confirmed") throw new DomainError("refund_not_allowed", "This entry is not confirmed.");
    const money = await orderMoney(tx, order.id);
    const due = target ? target.priceCents - target.discountCents : money.refundable;
    const amount = Math.min(input.amountCents ?? due, money.refundable);
    if (input.amountCents !== undefined && input.amountCents > money.refundable) {
      throw new DomainError("validation_failed", "The amount is more than is still refundable.", [
        { path: "amountCents", key: "refundTooLarge", params: { available: formatMoney(money.refundable, order.currency, "en") } },
      ]);
    }
    const cancelled = target ? [target] : entries.filter((e) => e.status === "confirmed");
    await tx
      .update(schema.registrations)
      .set({ status: "refunded", liveIdKey: null, cancelledAt: now, updatedAt: now })
      .where(inArray(schema.registrations.id, cancelled.length ? cancelled.map((e) => e.id) : ["-"]));
    const left = entries.filter((e) => e.status === "confirmed" && !cancelled.some((c) => c.id === e.id));
    if (left.length === 0) await tx.update(schema.orders).set({ status: "refunded", updatedAt: now }).where(eq(schema.orders.id, order.id));
    const refundId = await createRefundInTx(tx, {
      orderId: order.id,
      registrationId: target?.id ?? null,
      paymentId: money.paymentId,
      provider: money.provider,
      amountCents: amount,
      currency: order.currency,
      source: "admin",
      reason: target ? "entry_refund" : "order_refund",
      now,
    });
    await recordAudit(tx, actor, { action: "order.refund", entityType: "order", entityId: order.id, data: { refundId, registrationId: target?.id ?? null, amountCents: amount, entries: cancelled.map((e) => e.id) } }, now);
    const [event] = await tx.select().from(schema.events).where(eq(schema.events.id, order.eventId));
    const mail = renderRefund({ locale: order.locale, event: order.locale === "en" ? event.nameEn : event.nameZh, code: order.code, amountCents: amount, currency: order.currency });
    await enqueueEmail(tx, { to: order.email, locale: order.locale, template: "refund", ...mail, orderId: order.id }, now);
    return { refundId, amountCents: amount };
  });
  await executeRefund(result.refundId);
  deliverOutboxSoon();
  return result;
}

/** The runner cancels one of their entries from the private link; the event's refund policy sets the refund. */
export async function cancelOwnEntry(code: string, token: string, registrationId: string, now = new Date()): Promise<{ refundCents: number }> {
  const { db, schema } = getConnection();
  const [pre] = await db.select().from(schema.orders).where(eq(schema.orders.code, code));
  if (!pre || !(await verifyOrderAccessToken(pre.id, token))) throw new DomainError("not_found", `No order ${code}.`);
  const result = await withTransaction(async (tx) => {
    await getConnection().lockKeys(tx, [`order:${pre.id}`]);
    const order = await orderByCodeOrThrow(tx, code);
    const [entry] = await tx
      .select({ reg: schema.registrations, race: schema.races })
      .from(schema.registrations)
      .innerJoin(schema.races, eq(schema.races.id, schema.registrations.raceId))
      .where(and(eq(schema.registrations.id, registrationId), eq(schema.registrations.orderId, order.id)));
    if (!entry) throw new DomainError("not_found", "No such entry in this order.");
    if (entry.reg.status !== "confirmed") throw new DomainError("refund_not_allowed", "Only confirmed entries can be cancelled.");
    const [event] = await tx.select().from(schema.events).where(eq(schema.events.id, order.eventId));
    const money = await orderMoney(tx, order.id);
    const percent = refundPercentAt(event.refundPolicy, now);
    const refundCents = Math.min(refundAmount(entry.reg.priceCents - entry.reg.discountCents, percent), money.refundable);
    await tx
      .update(schema.registrations)
      .set({ status: refundCents > 0 ? "refunded" : "cancelled", liveIdKey: null, cancelledAt: now, updatedAt: now })
      .where(eq(schema.registrations.id, registrationId));
    const others = await tx
      .select({ id: schema.registrations.id })
      .from(schema.registrations)
      .where(and(eq(schema.registrations.orderId, order.id), eq(schema.registrations.status, "confirmed")));
    if (others.length === 0) await tx.update(schema.orders).set({ status: refundCents > 0 ? "refunded" : "cancelled", updatedAt: now }).where(eq(schema.orders.id, order.id));
    let refundId: string | null = null;
    if (refundCents > 0) {
      refundId = await createRefundInTx(tx, {
        orderId: order.id,
        registrationId,
        paymentId: money.paymentId,
        provider: money.provider,
        amountCents: refundCents,
        currency: order.currency,
        source: "buyer",
        reason: "runner_cancelled",
        now,
      });
    }
    await recordAudit(tx, { kind: "system", label: "registrant" }, { action: "registration.cancel_by_runner", entityType: "registration", entityId: registrationId, data: { orderId: order.id, percent, refundCents, refundId } }, now);
    const en = order.locale === "en";
    const mail = renderCancellation({
      locale: order.locale,
      event: en ? event.nameEn : event.nameZh,
      code: order.code,
      runner: en && entry.reg.latinName ? entry.reg.latinName : `${entry.reg.familyName}${entry.reg.givenName}`,
      race: en ? entry.race.nameEn : entry.race.nameZh,
      refundCents,
      currency: order.currency,
    });
    await enqueueEmail(tx, { to: order.email, locale: order.locale, template: "cancellation", ...mail, orderId: order.id }, now);
    return { refundId, refundCents };
  });
  if (result.refundId) await executeRefund(result.refundId);
  deliverOutboxSoon();
  return { refundCents: result.refundCents };
}
