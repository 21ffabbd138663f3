/**
 * Stripe webhooks: the source of truth for Stripe payments (docs/architecture.md "Payments, webhooks and the sweep").
 *
 * What must stay true:
 * - The signature is checked on the raw body with STRIPE_WEBHOOK_SECRET before anything else; a bad one changes
 *   nothing (400 bad_signature).
 * - Each event id is processed once: it is inserted into provider_events in the same transaction as its effect,
 *   so a failure rolls both back (Stripe delivers again) and a second delivery finds the id and does nothing.
 * - Events may come twice or out of order: every effect is a conditional transition (a payment already confirmed
 *   is a no-op, `expired` only ends an order still pending with no payment in flight, an unpaid `completed`
 *   waits for `async_payment_succeeded`).
 * - No Stripe call inside a transaction: the refunds of a charge are fetched before, refunds are sent after.
 */
import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import Stripe from "stripe";
import { getConnection, withTransaction, type Database } from "../db";
import { recordAudit } from "../audit/record-audit";
import { enqueueEmail } from "../email/outbox";
import { renderRefund } from "../email/templates";
import { env } from "../env";
import { DomainError } from "../errors";
import { allOf, changeEntryStatus, lockOrderRaces, releasePendingOrder } from "../registration/holds";
import { confirmOrderInTx, runAfterCommit } from "./confirm-payment";
import { orderMoney } from "./refunds";
import { listChargeRefunds, refundStatus } from "./stripe";
import { first } from "../../core/lists";

const ACTOR = { kind: "system", label: "payment:stripe" } as const;

export const HANDLED_EVENTS = [
  "checkout.session.completed",
  "checkout.session.async_payment_succeeded",
  "checkout.session.async_payment_failed",
  "checkout.session.expired",
  "charge.refunded",
  "refund.updated",
] as const;

/** What the webhook answers (200); Stripe only looks at the status, people reading its log see `result`. */
export interface WebhookReceipt {
  received: true;
  result: "processed" | "duplicate" | "ignored" | "unknown_order";
}

interface Effect {
  result: WebhookReceipt["result"];
  refundIds: string[];
}

const NONE: Effect = { result: "processed", refundIds: [] };

/** How long a refund event for a payment we do not know is refused (409, so Stripe retries) before it is dropped. */
const WAIT_FOR_PAYMENT_MS = 3 * 3_600_000;

/** How far a signature's timestamp may be from now, either way (Stripe's own default tolerance, 5 minutes). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** The `t=` of a Stripe-Signature header, read as the SDK reads it (the last one counts). */
function signedAtSeconds(signature: string): number {
  let timestamp = NaN;
  for (const item of signature.split(",")) {
    const [key, value] = item.split("=");
    if (key === "t") timestamp = Number.parseInt(value ?? "", 10);
  }
  return timestamp;
}

/**
 * Verifies the signature over the raw body and returns the event, or throws 400 bad_signature. The SDK refuses a
 * timestamp more than the tolerance in the past but takes any in the future, so a signed request could be kept and
 * replayed later; the future is checked here (docs/api.md, "Stripe webhook").
 */
export function verifyStripeEvent(rawBody: string, signature: string | null, now = Date.now()): Stripe.Event {
  if (!signature) throw new DomainError("bad_signature", "The Stripe-Signature header is missing.");
  const secret = env().STRIPE_WEBHOOK_SECRET;
  if (!secret) {
    console.error("[stripe] a webhook arrived but STRIPE_WEBHOOK_SECRET is not set");
    throw new DomainError("bad_signature", "This server cannot verify Stripe signatures (STRIPE_WEBHOOK_SECRET is not set).");
  }
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(rawBody, signature, secret, SIGNATURE_TOLERANCE_SECONDS, undefined, now);
  } catch {
    throw new DomainError("bad_signature", "The Stripe signature does not match the body, or is older than five minutes.");
  }
  const skew = signedAtSeconds(signature) - Math.floor(now / 1000);
  if (!(skew <= SIGNATURE_TOLERANCE_SECONDS)) {
    throw new DomainError("bad_signature", "The Stripe signature's timestamp is more than five minutes ahead of this server's clock.");
  }
  return event;
}

/** Handles one webhook delivery: verify, deduplicate, apply in one transaction, then refunds and email. */
export async function handleStripeWebhook(rawBody: string, signature: string | null): Promise<WebhookReceipt> {
  const event = verifyStripeEvent(rawBody, signature);
  if (!(HANDLED_EVENTS as readonly string[]).includes(event.type)) return { received: true, result: "ignored" };
  if (await alreadyProcessed(event.id)) return { received: true, result: "duplicate" };
  const now = new Date();
  let effect: Effect;
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
    case "checkout.session.async_payment_failed":
    case "checkout.session.expired":
      effect = await applySessionEvent(event, event.data.object, now);
      break;
    case "charge.refunded": {
      const charge = event.data.object;
      const listed = charge.refunds && !charge.refunds.has_more ? charge.refunds.data : await listChargeRefunds(charge.id);
      effect = await applyRefunds(event, idOf(charge.payment_intent) ?? charge.id, listed, now);
      break;
    }
    case "refund.updated": {
      const refund = event.data.object;
      effect = await applyRefunds(event, idOf(refund.payment_intent) ?? idOf(refund.charge) ?? "", [refund], now);
      break;
    }
    default:
      return { received: true, result: "ignored" };
  }
  await runAfterCommit(effect);
  return { received: true, result: effect.result };
}

function idOf(ref: string | { id: string } | null | undefined): string | null {
  if (!ref) return null;
  return typeof ref === "string" ? ref : ref.id;
}

async function alreadyProcessed(eventId: string): Promise<boolean> {
  const { db, schema } = getConnection();
  const [row] = await db.select({ id: schema.providerEvents.id }).from(schema.providerEvents).where(eq(schema.providerEvents.id, eventId));
  return Boolean(row);
}

/**
 * Claims the event inside the transaction of its effect. On PostgreSQL a concurrent delivery of the same event
 * waits on the primary key until the first commits, then finds it taken.
 */
async function claimEvent(tx: Database, event: Stripe.Event, now: Date): Promise<boolean> {
  const { schema } = getConnection();
  const rows = await tx
    .insert(schema.providerEvents)
    .values({ id: event.id, provider: "stripe", type: event.type, receivedAt: now })
    .onConflictDoNothing()
    .returning({ id: schema.providerEvents.id });
  return rows.length > 0;
}

/** The order a Checkout Session was made for: metadata.orderId, else the order code (client_reference_id). */
async function orderOfSession(tx: Database, session: Stripe.Checkout.Session) {
  const { schema } = getConnection();
  const id = session.metadata?.orderId;
  if (id) {
    const order = first(await tx.select().from(schema.orders).where(eq(schema.orders.id, id)));
    if (order) return order;
  }
  const code = session.client_reference_id ?? session.metadata?.orderCode;
  if (!code) return undefined;
  const [order] = await tx.select().from(schema.orders).where(eq(schema.orders.code, code));
  return order;
}

async function applySessionEvent(event: Stripe.Event, session: Stripe.Checkout.Session, now: Date): Promise<Effect> {
  const { schema } = getConnection();
  // The payment's id at Stripe is its PaymentIntent: refunds are made against it.
  const providerPaymentId = idOf(session.payment_intent) ?? session.id;
  return withTransaction(async (tx) => {
    if (!(await claimEvent(tx, event, now))) return { result: "duplicate", refundIds: [] };
    const order = await orderOfSession(tx, session);
    if (!order) {
      // A session of another integration on the same Stripe account: nothing of ours to change.
      console.warn(`[stripe] ${event.type} ${event.id}: no order for session ${session.id}`);
      return { result: "unknown_order", refundIds: [] };
    }
    await getConnection().lockKeys(tx, [`order:${order.id}`]);
    const [payment] = await tx.select().from(schema.payments).where(eq(schema.payments.providerPaymentId, providerPaymentId));

    const paid = event.type === "checkout.session.async_payment_succeeded" || (event.type === "checkout.session.completed" && session.payment_status !== "unpaid");
    if (paid) {
      const result = await confirmOrderInTx(tx, {
        orderId: order.id,
        provider: "stripe",
        providerPaymentId,
        amountCents: session.amount_total ?? 0,
        currency: (session.currency ?? order.currency).toUpperCase(),
        now,
      });
      return { result: "processed", refundIds: result.refundIds };
    }

    /** The session's payment as Stripe describes it, not confirmed (yet). */
    const insertSessionPayment = (status: "pending" | "failed") =>
      tx.insert(schema.payments).values({
        id: randomUUID(),
        orderId: order.id,
        provider: "stripe",
        providerPaymentId,
        amountCents: session.amount_total ?? 0,
        currency: (session.currency ?? order.currency).toUpperCase(),
        status,
        createdAt: now,
        updatedAt: now,
      });

    if (event.type === "checkout.session.completed") {
      // Paid by a delayed method (bank debit, transfer): the money is not there yet. Record that it is coming;
      // async_payment_succeeded confirms (as a late payment if the hold has run out by then).
      if (!payment) {
        await insertSessionPayment("pending");
        await recordAudit(tx, ACTOR, { action: "payment.pending", entityType: "order", entityId: order.id, data: { sessionId: session.id } }, now);
      }
      return NONE;
    }

    if (event.type === "checkout.session.async_payment_failed") {
      if (payment?.status === "confirmed") return NONE;
      if (payment) {
        await tx.update(schema.payments).set({ status: "failed", updatedAt: now }).where(eq(schema.payments.id, payment.id));
      } else {
        await insertSessionPayment("failed");
      }
      await recordAudit(tx, ACTOR, { action: "payment.failed", entityType: "order", entityId: order.id, data: { sessionId: session.id } }, now);
      // The session is finished and cannot be paid again: the seats come free now rather than at the hold's end.
      if (await releasePendingOrder(tx, order, "cancelled", now)) {
        await recordAudit(tx, ACTOR, { action: "order.payment_failed", entityType: "order", entityId: order.id }, now);
      }
      return NONE;
    }

    // checkout.session.expired: the buyer never paid this session. It ends the order only while nothing else
    // has happened: not after a payment (even one still in flight), not for an older session of the order.
    const inFlight = await tx
      .select({ id: schema.payments.id })
      .from(schema.payments)
      .where(and(eq(schema.payments.orderId, order.id), inArray(schema.payments.status, ["pending", "confirmed"])));
    if (inFlight.length > 0 || (order.providerSessionId && order.providerSessionId !== session.id)) return NONE;
    if (await releasePendingOrder(tx, order, "expired", now)) {
      await recordAudit(tx, ACTOR, { action: "order.expire", entityType: "order", entityId: order.id, data: { reason: "checkout_expired", sessionId: session.id } }, now);
    }
    return NONE;
  });
}

/**
 * Brings our refunds in line with Stripe's for one payment. A refund we made is found by its provider id (or, if
 * its webhook overtook our own bookkeeping, by our id in its metadata) and only its status is updated; any other
 * refund was made at Stripe (the dashboard) and is recorded as `external`, once (provider ids are unique). When
 * the whole payment is refunded, the order and its confirmed entries end refunded and their seats come free.
 */
async function applyRefunds(event: Stripe.Event, paymentIntentId: string, stripeRefunds: Stripe.Refund[], now: Date): Promise<Effect> {
  const { schema } = getConnection();
  const r = schema.refunds;
  return withTransaction(async (tx) => {
    if (!(await claimEvent(tx, event, now))) return { result: "duplicate", refundIds: [] };
    const [pre] = await tx.select().from(schema.payments).where(eq(schema.payments.providerPaymentId, paymentIntentId));
    if (!pre) {
      // Either a payment of another integration, or ours whose checkout event has not arrived yet. For a while,
      // refuse (the transaction rolls back, Stripe delivers again later) rather than lose a refund.
      if (now.getTime() - event.created * 1000 < WAIT_FOR_PAYMENT_MS) {
        throw new DomainError("conflict", "The payment this refund belongs to is not recorded yet; deliver the event again later.");
      }
      console.warn(`[stripe] ${event.type} ${event.id}: no payment ${paymentIntentId}`);
      return { result: "unknown_order", refundIds: [] };
    }
    await getConnection().lockKeys(tx, [`order:${pre.orderId}`]);
    const order = first(await tx.select().from(schema.orders).where(eq(schema.orders.id, pre.orderId)), "order"); // a payment's order
    let external = 0;
    for (const refund of stripeRefunds) {
      const status = refundStatus(refund.status);
      const ourId = refund.metadata?.refundId;
      const [ours] = await tx.select().from(r).where(eq(r.providerRefundId, refund.id));
      const [byOurId] = ours || !ourId ? [] : await tx.select().from(r).where(and(eq(r.id, ourId), eq(r.orderId, order.id)));
      const known = ours ?? byOurId;
      if (known) {
        if (known.providerRefundId !== refund.id || known.status !== status) {
          await tx.update(r).set({ providerRefundId: refund.id, status, updatedAt: now }).where(eq(r.id, known.id));
          if (known.status !== status) {
            await recordAudit(tx, ACTOR, { action: `refund.${status}`, entityType: "order", entityId: order.id, data: { refundId: known.id, providerRefundId: refund.id } }, now);
          }
        }
        continue;
      }
      if (status === "failed") continue;
      const refundId = randomUUID();
      await tx.insert(r).values({
        id: refundId,
        orderId: order.id,
        registrationId: null,
        paymentId: pre.id,
        provider: "stripe",
        providerRefundId: refund.id,
        amountCents: refund.amount,
        currency: refund.currency.toUpperCase(),
        status,
        source: "external",
        reason: "provider_refund",
        createdAt: now,
        updatedAt: now,
      });
      await recordAudit(tx, ACTOR, { action: "refund.external", entityType: "order", entityId: order.id, data: { refundId, providerRefundId: refund.id, amountCents: refund.amount } }, now);
      external += refund.amount;
    }
    if (external === 0) return NONE;

    const money = await orderMoney(tx, order.id);
    if (order.status === "paid" && money.refundable === 0) {
      // The entries give their places back: under their races' locks, before any row of theirs is written.
      await lockOrderRaces(tx, order.id);
      await tx.update(schema.orders).set({ status: "refunded", updatedAt: now }).where(eq(schema.orders.id, order.id));
      const entries = await changeEntryStatus(tx, allOf(eq(schema.registrations.orderId, order.id), eq(schema.registrations.status, "confirmed")), {
        status: "refunded",
        liveIdKey: null,
        cancelledAt: now,
        updatedAt: now,
      });
      await recordAudit(tx, ACTOR, { action: "order.refund_external", entityType: "order", entityId: order.id, data: { entries: entries.map((e) => e.id) } }, now);
    }
    const ev = first(await tx.select().from(schema.events).where(eq(schema.events.id, order.eventId)));
    const mail = renderRefund({ locale: order.locale, event: order.locale === "en" ? ev.nameEn : ev.nameZh, code: order.code, amountCents: external, currency: order.currency });
    await enqueueEmail(tx, { to: order.email, locale: order.locale, template: "refund", ...mail, orderId: order.id }, now);
    return NONE;
  });
}
