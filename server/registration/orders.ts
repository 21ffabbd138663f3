/**
 * Orders as their owner sees them (through the private link), and the simulated checkout's Pay and Cancel.
 * Nothing here trusts the browser: the token is checked against the order, amounts come from the database.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import { maskIdNumber } from "../../core/id-number";
import { cancelRefusal } from "../../core/entry-actions";
import { ownCancellationRefund, refundPercentAt } from "../../core/refund-policy";
import { formatInZone } from "../../core/time";
import { isOrderCode } from "../../core/order-code";
import { getConnection, withTransaction } from "../db";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { requireEventEditor } from "../auth/policy";
import { DomainError } from "../errors";
import { closeCheckoutOf } from "../payments/close-checkout";
import { confirmPayment, type ConfirmOutcome } from "../payments/confirm-payment";
import { releasePendingOrder } from "./holds";
import { verifyOrderAccessToken } from "./order-access";
import { first } from "../../core/lists";

export interface OwnerEntryView {
  id: string;
  status: string;
  race: { slug: string; name: { en: string; zh: string } };
  familyName: string;
  givenName: string;
  latinName: string | null;
  gender: string;
  birthDate: string;
  /** Masked: only the last four characters. */
  idNumber: string;
  tshirtSize: string | null;
  bib: string | null;
  wave: string | null;
  /** The wave's start, in the event's timezone with its offset (e.g. 2027-04-18T07:40:00+08:00). */
  waveStartTime: string | null;
  priceCents: number;
  discountCents: number;
  pickupToken: string | null;
  guardianName: string | null;
  /**
   * What the runner would get back for cancelling this entry now (core/refund-policy.ts ownCancellationRefund: the
   * policy's percent, never more than the order still has to refund), or null when it cannot be cancelled
   * (core/entry-actions.ts cancelRefusal). server/payments/refunds.ts cancelOwnEntry pays exactly this.
   */
  cancelRefundCents: number | null;
}

export interface OwnerOrderView {
  id: string;
  code: string;
  status: "pending" | "paid" | "expired" | "cancelled" | "refunded";
  email: string;
  locale: string;
  totalCents: number;
  currency: string;
  provider: string;
  paymentUrl: string | null;
  expiresAt: string;
  paidAt: string | null;
  event: { slug: string; name: { en: string; zh: string }; date: string; timezone: string };
  /** Percent a runner would get back if they cancelled now. */
  refundPercentNow: number;
  entries: OwnerEntryView[];
  refundedCents: number;
}

/** The order behind a private link, or null for an unknown code or a wrong token (no hint which). */
export async function findOrderForOwner(code: string, token: string | null | undefined, now = new Date()): Promise<OwnerOrderView | null> {
  const { db, schema } = getConnection();
  const [order] = isOrderCode(code) ? await db.select().from(schema.orders).where(eq(schema.orders.code, code)) : [];
  if (!order || !(await verifyOrderAccessToken(order.id, token))) return null;
  return presentOrder(order.id, now);
}

/** The order behind a private link, or 404 (also for a wrong token: no hint that the code exists). */
export async function getOrderForOwner(code: string, token: string | null | undefined, now = new Date()): Promise<OwnerOrderView> {
  const order = await findOrderForOwner(code, token, now);
  if (!order) throw new DomainError("not_found", `No order ${code}.`);
  return order;
}

/**
 * An order for the API: its owner (the private token) or staff who may see its event. Without either credential
 * 401; with a staff token that may not see the event 403; with a wrong private token 404, as for a code that does
 * not exist.
 */
export async function getOrderForApi(code: string, credentials: { orderToken: string | null; actor: Actor | null }, now = new Date()): Promise<OwnerOrderView> {
  const { db, schema } = getConnection();
  const [order] = isOrderCode(code) ? await db.select().from(schema.orders).where(eq(schema.orders.code, code)) : [];
  if (credentials.orderToken) {
    if (!order || !(await verifyOrderAccessToken(order.id, credentials.orderToken))) throw new DomainError("not_found", `No order ${code}.`);
    return presentOrder(order.id, now);
  }
  if (!credentials.actor) throw new DomainError("unauthorized", "Send the order's private token (?token=) or an organizer API token.");
  if (!order) throw new DomainError("not_found", `No order ${code}.`);
  await requireEventEditor(credentials.actor, order.eventId);
  return presentOrder(order.id, now);
}

/** The owner view of an order by id (also for organizers, who are authorized by the caller). */
export async function presentOrder(orderId: string, now = new Date()): Promise<OwnerOrderView> {
  const { db, schema } = getConnection();
  const order = first(await db.select().from(schema.orders).where(eq(schema.orders.id, orderId)), "order");
  const event = first(await db.select().from(schema.events).where(eq(schema.events.id, order.eventId)));
  const rows = await db
    .select({ reg: schema.registrations, race: schema.races, wave: schema.waves })
    .from(schema.registrations)
    .innerJoin(schema.races, eq(schema.races.id, schema.registrations.raceId))
    .leftJoin(schema.waves, eq(schema.waves.id, schema.registrations.waveId))
    .where(eq(schema.registrations.orderId, order.id))
    .orderBy(asc(schema.registrations.createdAt));
  const refunds = await db
    .select()
    .from(schema.refunds)
    .where(and(eq(schema.refunds.orderId, order.id), inArray(schema.refunds.status, ["pending", "done"])));
  const payments = await db
    .select({ amountCents: schema.payments.amountCents })
    .from(schema.payments)
    .where(and(eq(schema.payments.orderId, order.id), eq(schema.payments.status, "confirmed")));
  const refundedCents = refunds.reduce((s, r) => s + r.amountCents, 0);
  const refundableCents = Math.max(0, payments.reduce((s, p) => s + p.amountCents, 0) - refundedCents);
  const refundPercentNow = refundPercentAt(event.refundPolicy, now);
  // A pending order past its hold is expired, whether or not a sweep has marked it yet.
  const status = order.status === "pending" && now >= order.expiresAt ? "expired" : order.status;
  return {
    id: order.id,
    code: order.code,
    status,
    email: order.email,
    locale: order.locale,
    totalCents: order.totalCents,
    currency: order.currency,
    provider: order.provider,
    paymentUrl: status === "pending" ? order.paymentUrl : null,
    expiresAt: order.expiresAt.toISOString(),
    paidAt: order.paidAt?.toISOString() ?? null,
    event: { slug: event.slug, name: { en: event.nameEn, zh: event.nameZh }, date: event.date, timezone: event.timezone },
    refundPercentNow,
    refundedCents,
    entries: rows.map(({ reg, race, wave }) => ({
      id: reg.id,
      status: reg.status === "held" && status === "expired" ? "expired" : reg.status,
      cancelRefundCents: cancelRefusal(reg) ? null : ownCancellationRefund(reg.priceCents - reg.discountCents, refundPercentNow, refundableCents),
      race: { slug: race.slug, name: { en: race.nameEn, zh: race.nameZh } },
      familyName: reg.familyName,
      givenName: reg.givenName,
      latinName: reg.latinName,
      gender: reg.gender,
      birthDate: reg.birthDate,
      idNumber: maskIdNumber(reg.idNumber),
      tshirtSize: reg.tshirtSize,
      bib: reg.bib,
      wave: wave?.name ?? null,
      waveStartTime: wave ? formatInZone(wave.startTime, event.timezone) : null,
      priceCents: reg.priceCents,
      discountCents: reg.discountCents,
      pickupToken: reg.status === "confirmed" ? reg.pickupToken : null,
      guardianName: reg.guardianName,
    })),
  };
}

/** The simulated checkout's Pay button: confirms through the same path as a provider webhook. */
export async function paySimulatedCheckout(code: string, token: string): Promise<ConfirmOutcome> {
  const { db, schema } = getConnection();
  const [order] = isOrderCode(code) ? await db.select().from(schema.orders).where(eq(schema.orders.code, code)) : [];
  if (!order || order.provider !== "simulated" || !(await verifyOrderAccessToken(order.id, token))) throw new DomainError("not_found", `No order ${code}.`);
  return confirmPayment({ orderId: order.id, provider: "simulated", providerPaymentId: `sim_pay_${order.id}`, amountCents: order.totalCents, currency: order.currency });
}

/** The buyer abandons checkout: a pending order is cancelled and its seats come free at once. */
export async function cancelPendingOrder(code: string, token: string): Promise<void> {
  const { db, schema } = getConnection();
  const [pre] = isOrderCode(code) ? await db.select().from(schema.orders).where(eq(schema.orders.code, code)) : [];
  if (!pre || !(await verifyOrderAccessToken(pre.id, token))) throw new DomainError("not_found", `No order ${code}.`);
  const now = new Date();
  await withTransaction(async (tx) => {
    await getConnection().lockKeys(tx, [`order:${pre.id}`]);
    if (!(await releasePendingOrder(tx, pre, "cancelled", now))) throw new DomainError("conflict", "This order is no longer waiting for payment.");
    await recordAudit(tx, { kind: "system", label: "registrant" }, { action: "order.cancel_checkout", entityType: "order", entityId: pre.id }, now);
  });
  await closeCheckoutOf(pre);
}
