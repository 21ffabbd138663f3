/**
 * Refunds: recorded in a transaction (intent), executed with the provider after commit (idempotency key = our
 * refund id), then marked done; the sweep retries those the provider could not take. Refunds made at the provider
 * (the Stripe dashboard) arrive through its webhook (stripe-webhook.ts) as `source: "external"`. Organizers refund a whole order or one entry, full or partial; a runner's own
 * cancellation follows the event's refund policy.
 */
import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, isNull, lte, ne } from "drizzle-orm";
import { ownCancellationRefund, refundPercentAt } from "../../core/refund-policy";
import { cancelRefusal, refundRefusal } from "../../core/entry-actions";
import { displayName } from "../../core/names";
import { isOrderCode } from "../../core/order-code";
import { isUuid } from "../../core/path-segments";
import { getConnection, withTransaction, type Database } from "../db";
import type { PaymentProvider as ProviderName } from "../../core/domain";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { requireEventEditor } from "../auth/policy";
import { DomainError } from "../errors";
import { answerAfterKeyRace, findAnswer, saveAnswers, type IdempotencyRequest } from "../idempotency";
import { deliverOutboxSoon, enqueueEmail } from "../email/outbox";
import { formatMoney, renderCancellation, renderRefund } from "../email/templates";
import { changeEntryStatus, lockRaces } from "../registration/holds";
import { verifyOrderAccessToken } from "../registration/order-access";
import { getProvider, ProviderError } from "./provider";
import { errorKind } from "../log-safe";
import { first } from "../../core/lists";

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

/** A refund the provider could not take yet is tried again by the sweep after this long… */
export const REFUND_RETRY_AFTER_MS = 5 * 60_000;
/** …until this long after it was recorded; then it is `failed` and needs a person (Stripe keeps idempotency keys 24 h). */
const REFUND_GIVE_UP_AFTER_MS = 23 * 3_600_000;

/**
 * Sends a recorded refund to its provider (outside any transaction) and stores the outcome. The provider call
 * carries our refund id as idempotency key, so sending it again never refunds twice. A failure the provider may
 * get over (network, outage) leaves the refund `pending` for the sweep to retry (retryPendingRefunds); a refusal
 * marks it `failed`.
 */
export async function executeRefund(refundId: string, now = new Date()): Promise<"done" | "pending" | "failed"> {
  const { db, schema } = getConnection();
  const r = schema.refunds;
  const [row] = await db
    .select({ refund: r, payment: schema.payments })
    .from(r)
    .leftJoin(schema.payments, eq(schema.payments.id, r.paymentId))
    .where(eq(r.id, refundId));
  if (!row) return "failed";
  if (row.refund.status !== "pending" || row.refund.providerRefundId) return row.refund.status;
  const stillPending = and(eq(r.id, refundId), eq(r.status, "pending"));
  if (row.refund.amountCents === 0 || !row.payment?.providerPaymentId) {
    await withTransaction((tx) => tx.update(r).set({ status: "done", updatedAt: now }).where(stillPending));
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
    // A webhook may have recorded the provider's refund first (matched by our id in its metadata).
    await withTransaction((tx) => tx.update(r).set({ status: outcome.status, providerRefundId: outcome.providerRefundId, updatedAt: now }).where(and(stillPending, isNull(r.providerRefundId))));
    return outcome.status;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const retry = (!(error instanceof ProviderError) || error.retryable) && now.getTime() - row.refund.createdAt.getTime() < REFUND_GIVE_UP_AFTER_MS;
    console.error(`[payments] refund ${refundId} failed (${retry ? "will retry" : "giving up"}): ${errorKind(error)}`);
    if (retry) {
      await withTransaction((tx) => tx.update(r).set({ updatedAt: now }).where(stillPending));
      return "pending";
    }
    await withTransaction(async (tx) => {
      const changed = await tx.update(r).set({ status: "failed", updatedAt: now }).where(stillPending).returning({ id: r.id });
      if (changed.length > 0) {
        await recordAudit(tx, { kind: "system", label: "payments" }, { action: "refund.failed", entityType: "order", entityId: row.refund.orderId, data: { refundId, message: message.slice(0, 300) } }, now);
      }
    });
    return "failed";
  }
}

/**
 * Sends again the refunds that never reached their provider (the call failed, or the process stopped between
 * commit and call). Each is claimed by moving its updated_at with a conditional update, so two processes
 * running the sweep never send one refund at the same time. Returns how many were tried.
 */
export async function retryPendingRefunds(now = new Date()): Promise<number> {
  const { db, schema } = getConnection();
  const r = schema.refunds;
  const cutoff = new Date(now.getTime() - REFUND_RETRY_AFTER_MS);
  const due = and(eq(r.status, "pending"), isNull(r.providerRefundId), lte(r.updatedAt, cutoff));
  const rows = await db.select({ id: r.id }).from(r).where(due).orderBy(asc(r.createdAt)).limit(50);
  let tried = 0;
  for (const { id } of rows) {
    const claimed = await withTransaction((tx) => tx.update(r).set({ updatedAt: now }).where(and(eq(r.id, id), due)).returning({ id: r.id }));
    if (claimed.length === 0) continue;
    tried += 1;
    await executeRefund(id, now);
  }
  return tried;
}

export interface OrderMoney {
  paymentId: string | null;
  provider: ProviderName;
  paid: number;
  refundable: number;
}

/** What an order's confirmed payments brought in, and how much of it is not yet refunded (or being refunded). */
export async function orderMoney(tx: Database, orderId: string): Promise<OrderMoney> {
  const { schema } = getConnection();
  const payments = await tx.select().from(schema.payments).where(and(eq(schema.payments.orderId, orderId), eq(schema.payments.status, "confirmed")));
  const refunds = await tx.select().from(schema.refunds).where(and(eq(schema.refunds.orderId, orderId), ne(schema.refunds.status, "failed")));
  const paid = payments.reduce((s, p) => s + p.amountCents, 0);
  const refunded = refunds.reduce((s, r) => s + r.amountCents, 0);
  return { paymentId: payments[0]?.id ?? null, provider: payments[0]?.provider ?? "free", paid, refundable: Math.max(0, paid - refunded) };
}

async function orderByCodeOrThrow(tx: Database, code: string) {
  const { schema } = getConnection();
  const [order] = isOrderCode(code) ? await tx.select().from(schema.orders).where(eq(schema.orders.code, code)) : [];
  if (!order) throw new DomainError("not_found", `No order ${code}.`);
  return order;
}

export interface RefundAnswer {
  refundId: string;
  amountCents: number;
}

/**
 * Organizer refund: the whole order, or one entry; the amount defaults to what was paid for it (entry price less
 * its discount), never more than is still refundable. Refunded entries give their seats back.
 */
export async function refundOrder(actor: Actor, code: string, input: { registrationId?: string; amountCents?: number }): Promise<RefundAnswer> {
  return (await refund(actor, code, input, null)).refund;
}

/**
 * A refund sent with an Idempotency-Key (POST …/refunds; docs/decisions/012-idempotency-keys.md): under the order's
 * lock, a key that already has an answer gets it again (`replayed`) and nothing is refunded; otherwise the refund,
 * with its answer stored in its transaction. 422 idempotency_key_reused for the key with another request.
 */
export function refundOrderOnce(
  actor: Actor,
  code: string,
  input: { registrationId?: string; amountCents?: number },
  idempotency: IdempotencyRequest | null,
): Promise<{ refund: RefundAnswer; replayed: boolean }> {
  return refund(actor, code, input, idempotency);
}

async function refund(
  actor: Actor,
  code: string,
  input: { registrationId?: string; amountCents?: number },
  idempotency: IdempotencyRequest | null,
): Promise<{ refund: RefundAnswer; replayed: boolean }> {
  const { db, schema } = getConnection();
  const [pre] = isOrderCode(code) ? await db.select().from(schema.orders).where(eq(schema.orders.code, code)) : [];
  if (!pre) throw new DomainError("not_found", `No order ${code}.`);
  await requireEventEditor(actor, pre.eventId);
  if (input.amountCents !== undefined && (!Number.isInteger(input.amountCents) || input.amountCents <= 0)) {
    throw new DomainError("validation_failed", "The amount must be a positive whole number of minor units.", [{ path: "amountCents", key: "mustBeAbove", params: { minimum: 0 } }]);
  }
  const now = new Date();
  const done = await withTransaction(async (tx): Promise<RefundAnswer | { replay: RefundAnswer }> => {
    await getConnection().lockKeys(tx, [`order:${pre.id}`]);
    if (idempotency) {
      // Under the order's lock: a request with this key that refunded first has committed its answer by now.
      const earlier = await findAnswer(tx, idempotency, now);
      if (earlier) return { replay: (earlier.body as { refund: RefundAnswer }).refund };
    }
    const order = await orderByCodeOrThrow(tx, code);
    if (refundRefusal(order, null)) throw new DomainError("refund_not_allowed", "Only paid orders can be refunded.");
    const entries = await tx.select().from(schema.registrations).where(eq(schema.registrations.orderId, order.id));
    const target = input.registrationId ? entries.find((e) => e.id === input.registrationId) : undefined;
    if (input.registrationId && !target) throw new DomainError("not_found", "No such entry in this order.", [{ path: "registrationId", key: "invalid" }]);
    if (target && refundRefusal(order, target)) throw new DomainError("refund_not_allowed", "This entry is not confirmed.");
    const money = await orderMoney(tx, order.id);
    const due = target ? target.priceCents - target.discountCents : money.refundable;
    const amount = Math.min(input.amountCents ?? due, money.refundable);
    if (input.amountCents !== undefined && input.amountCents > money.refundable) {
      throw new DomainError("validation_failed", "The amount is more than is still refundable.", [
        { path: "amountCents", key: "refundTooLarge", params: { available: formatMoney(money.refundable, order.currency, "en") } },
      ]);
    }
    const cancelled = target ? [target] : entries.filter((e) => e.status === "confirmed");
    // Refunded entries give their places back: under their races' locks, with the seat counters.
    await lockRaces(tx, cancelled.map((e) => e.raceId));
    if (cancelled.length > 0) {
      await changeEntryStatus(tx, inArray(schema.registrations.id, cancelled.map((e) => e.id)), { status: "refunded", liveIdKey: null, cancelledAt: now, updatedAt: now });
    }
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
    const event = first(await tx.select().from(schema.events).where(eq(schema.events.id, order.eventId)));
    const mail = renderRefund({ locale: order.locale, event: order.locale === "en" ? event.nameEn : event.nameZh, code: order.code, amountCents: amount, currency: order.currency });
    await enqueueEmail(tx, { to: order.email, locale: order.locale, template: "refund", ...mail, orderId: order.id }, now);
    const answer = { refundId, amountCents: amount };
    if (idempotency) await saveAnswers(tx, [{ idempotency, status: 201, body: { refund: answer }, resourceId: refundId }], now);
    return answer;
  }).catch(async (error: unknown) => {
    // The same key for another order's refund, stored at the same moment: the unique key decided (nothing refunded here).
    const other = await answerAfterKeyRace(idempotency, error, now);
    if (!other) throw error;
    return { replay: (other.body as { refund: RefundAnswer }).refund };
  });
  if ("replay" in done) return { refund: done.replay, replayed: true };
  await executeRefund(done.refundId);
  deliverOutboxSoon();
  return { refund: done, replayed: false };
}

/** The runner cancels one of their entries from the private link; the event's refund policy sets the refund. */
export async function cancelOwnEntry(code: string, token: string, registrationId: string, now = new Date()): Promise<{ refundCents: number }> {
  const { db, schema } = getConnection();
  const [pre] = isOrderCode(code) ? await db.select().from(schema.orders).where(eq(schema.orders.code, code)) : [];
  if (!pre || !(await verifyOrderAccessToken(pre.id, token))) throw new DomainError("not_found", `No order ${code}.`);
  if (!isUuid(registrationId)) throw new DomainError("not_found", "No such entry in this order.");
  const result = await withTransaction(async (tx) => {
    await getConnection().lockKeys(tx, [`order:${pre.id}`]);
    const order = await orderByCodeOrThrow(tx, code);
    const [entry] = await tx
      .select({ reg: schema.registrations, race: schema.races })
      .from(schema.registrations)
      .innerJoin(schema.races, eq(schema.races.id, schema.registrations.raceId))
      .where(and(eq(schema.registrations.id, registrationId), eq(schema.registrations.orderId, order.id)));
    if (!entry) throw new DomainError("not_found", "No such entry in this order.");
    if (cancelRefusal(entry.reg)) throw new DomainError("refund_not_allowed", "Only confirmed entries can be cancelled.");
    const event = first(await tx.select().from(schema.events).where(eq(schema.events.id, order.eventId)), "event");
    const money = await orderMoney(tx, order.id);
    const percent = refundPercentAt(event.refundPolicy, now);
    const refundCents = ownCancellationRefund(entry.reg.priceCents - entry.reg.discountCents, percent, money.refundable);
    await lockRaces(tx, [entry.reg.raceId]);
    await changeEntryStatus(tx, eq(schema.registrations.id, registrationId), { status: refundCents > 0 ? "refunded" : "cancelled", liveIdKey: null, cancelledAt: now, updatedAt: now });
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
      runner: displayName(entry.reg, order.locale),
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
