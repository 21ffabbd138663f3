/**
 * An organizer's actions on one entry, on both engines: cancel without refund (seat and document key come free,
 * the bib stays), refund the entry or the whole order, resend the confirmation; who may; what the entry page shows
 * (money, emails, history) and hides (full ID numbers; money and contacts from volunteers). Cancel and refund of
 * the same entry at once: exactly one wins.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getConnection, withTransaction } from "../db";
import { makeStaff, resetDatabase } from "../../test/db";
import { eventInput, participant, raceInput, registrationBody, residentId } from "../../test/factories";
import type { Actor } from "../actor";
import { DomainError } from "../errors";
import { deliverOutbox, outboxDeliverySettled } from "../email/outbox";
import { createEvent } from "../events/manage-events";
import { getPublicEvent } from "../events/queries";
import { confirmPayment } from "../payments/confirm-payment";
import { getRegistrationDetail } from "./list-registrations";
import { cancelEntry, refundEntry, resendConfirmation } from "./manage-entries";
import { registerEntries } from "./register";
import { TEST_NOW } from "../../test/clock";
import { first, nth, only, present } from "../../core/lists";

const EVENT = "test-half-2027";
const NOW = TEST_NOW;
const ctx = (now = NOW) => ({ clientIp: "203.0.113.9", now });

let organizer: Actor;
let volunteer: Actor;
let otherOrganizer: Actor;

async function setup() {
  await resetDatabase();
  organizer = await makeStaff("organizer");
  await createEvent(organizer, eventInput({ races: [raceInput({ capacity: 10, bibRanges: [] }), raceInput({ slug: "fun-run", name: { en: "Fun Run", zh: "欢乐跑" }, distanceMeters: 3500, minAge: 6, maxAge: 80, priceCents: 6000, capacity: 10, bibRanges: [] })] }));
  otherOrganizer = await makeStaff("organizer");
  await createEvent(otherOrganizer, eventInput({ slug: "other-event", races: [raceInput({ bibRanges: [] })] }));
  const event = present(await getPublicEvent(EVENT));
  volunteer = await makeStaff("volunteer", [{ eventId: event.id, role: "volunteer" }]);
}

async function orderOf(code: string) {
  const { db, schema } = getConnection();
  const order = first(await db.select().from(schema.orders).where(eq(schema.orders.code, code)));
  return order;
}

async function entry(id: string) {
  const { db, schema } = getConnection();
  return first(await db.select().from(schema.registrations).where(eq(schema.registrations.id, id)), "entry");
}

const runnerId = residentId("1990-05-20", 21);
const runner = () => participant({ familyName: "王", givenName: "芳", latinName: "Wang Fang", gender: "F", idType: "cn_resident_id", idNumber: runnerId, birthDate: "1990-05-20" });
const child = () =>
  participant({
    race: "fun-run",
    familyName: "王",
    givenName: "小明",
    latinName: "Wang Xiaoming",
    birthDate: "2016-06-01",
    idType: "cn_resident_id",
    idNumber: residentId("2016-06-01", 4),
    guardian: { name: "王芳", phone: "+86 138 0013 8000", idNumber: "E77776666", consent: true },
  });

/** A paid family order (half 120.00 + fun run 60.00) through confirmPayment, as a webhook would. */
async function paidFamily() {
  const result = await registerEntries(EVENT, registrationBody([runner(), child()], { email: "wang.fang@example.com", locale: "en" }), ctx());
  const order = await orderOf(result.order.code);
  await confirmPayment({ orderId: order.id, provider: "simulated", providerPaymentId: `sim_${order.id}`, amountCents: order.totalCents, currency: "CNY", now: NOW });
  return { code: result.order.code, orderId: order.id, adult: first(result.registrations).id, kid: nth(result.registrations, 1).id };
}

async function mails(orderId: string) {
  const { db, schema } = getConnection();
  return db.select().from(schema.emailOutbox).where(eq(schema.emailOutbox.orderId, orderId)).orderBy(schema.emailOutbox.createdAt);
}

async function expectCode(p: Promise<unknown>, code: string): Promise<DomainError> {
  const error = await p.then(() => null, (e: unknown) => e);
  expect(error, `expected ${code}`).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  return error as DomainError;
}

describe(`managing entries on ${process.env.TEST_ENGINE}`, () => {
  beforeAll(async () => {
    process.env.RATE_LIMIT_REGISTRATIONS_PER_MINUTE = "0";
    (await import("../env")).resetEnvForTests();
  });
  beforeEach(setup);

  it("cancels an entry without refund: seat and document key come free, the bib stays, the buyer is told", async () => {
    const order = await paidFamily();
    const { schema } = getConnection();
    await withTransaction((tx) => tx.update(schema.registrations).set({ bib: "777" }).where(eq(schema.registrations.id, order.adult)));
    expect(present(await getPublicEvent(EVENT)).races.map((r) => r.placesLeft)).toEqual([9, 9]);

    const result = await cancelEntry(organizer, EVENT, order.adult, { now: NOW });
    expect(result).toEqual({ orderStatus: "paid", notified: true });
    expect(await entry(order.adult)).toMatchObject({ status: "cancelled", liveIdKey: null, bib: "777", cancelledAt: NOW });
    expect(present(await getPublicEvent(EVENT)).races.map((r) => r.placesLeft)).toEqual([10, 9]);
    expect((await orderOf(order.code)).status).toBe("paid");
    const sent = await mails(order.orderId);
    expect(sent.map((m) => m.template)).toEqual(["confirmation", "cancellation"]);
    expect(sent[1]).toMatchObject({ toAddress: "wang.fang@example.com", locale: "en" });
    expect(nth(sent, 1).textBody).toContain("Wang Fang");
    expect(nth(sent, 1).textBody).toContain("The organizer cancelled this entry");
    expect(nth(sent, 1).textBody).not.toContain("refund policy");
    const { db } = getConnection();
    const [audit] = await db.select().from(schema.auditLog).where(and(eq(schema.auditLog.action, "registration.cancel"), eq(schema.auditLog.entityId, order.adult)));
    expect(audit).toMatchObject({ actorUserId: (organizer as Actor & { kind: "user" }).userId, entityType: "registration" });
    expect(await db.select().from(schema.refunds)).toEqual([]);

    // The document may enter again at once.
    const again = await registerEntries(EVENT, registrationBody([runner()]), ctx());
    expect(first(again.registrations).status).toBe("held");

    // The last confirmed entry, quietly: the order is cancelled, no new email.
    expect(await cancelEntry(organizer, EVENT, order.kid, { notify: false, now: NOW })).toEqual({ orderStatus: "cancelled", notified: false });
    expect((await orderOf(order.code)).status).toBe("cancelled");
    expect(await mails(order.orderId)).toHaveLength(2);
  });

  it("names a Western runner given name first in the emails, in either language (core/names.ts)", async () => {
    const result = await registerEntries(EVENT, registrationBody([participant({ familyName: "Müller", givenName: "Anna", latinName: undefined, gender: "F", nationality: "DE" })], { locale: "zh" }), ctx());
    const order = await orderOf(result.order.code);
    await confirmPayment({ orderId: order.id, provider: "simulated", providerPaymentId: `sim_${order.id}`, amountCents: order.totalCents, currency: "CNY", now: NOW });
    await cancelEntry(organizer, EVENT, only(result.registrations).id, { now: NOW });
    const sent = await mails(order.id);
    expect(sent.map((m) => m.template)).toEqual(["confirmation", "cancellation"]);
    for (const mail of sent) {
      expect(mail.textBody).toContain("Anna Müller");
      expect(mail.textBody).not.toContain("MüllerAnna");
    }
  });

  it("refuses what it must: not confirmed, not allowed, not in this event", async () => {
    const order = await paidFamily();
    await expectCode(cancelEntry(volunteer, EVENT, order.adult), "forbidden");
    await expectCode(cancelEntry(otherOrganizer, EVENT, order.adult), "forbidden");
    await expectCode(resendConfirmation(volunteer, EVENT, order.adult), "forbidden");
    await expectCode(refundEntry(volunteer, EVENT, order.adult, { scope: "entry" }), "forbidden");
    await expectCode(cancelEntry(organizer, "other-event", order.adult), "not_found");
    await expectCode(cancelEntry(organizer, EVENT, "not-an-id"), "not_found");
    await expectCode(cancelEntry(organizer, EVENT, "00000000-0000-4000-8000-000000000000"), "not_found");
    expect((await entry(order.adult)).status).toBe("confirmed");

    await cancelEntry(organizer, EVENT, order.adult);
    await expectCode(cancelEntry(organizer, EVENT, order.adult), "conflict");
    await expectCode(resendConfirmation(organizer, EVENT, order.adult), "conflict");
    await expectCode(refundEntry(organizer, EVENT, order.adult, { scope: "entry" }), "refund_not_allowed");

    // A held entry ends with its hold (a payment may still come for it), not by an organizer's cancel.
    const held = await registerEntries(EVENT, registrationBody([participant()]), ctx());
    await expectCode(cancelEntry(organizer, EVENT, first(held.registrations).id), "conflict");
    await expectCode(resendConfirmation(organizer, EVENT, first(held.registrations).id), "conflict");
  });

  it("resends the order's confirmation to the buyer and records who asked", async () => {
    const order = await paidFamily();
    const admin = await makeStaff("admin");
    expect(await resendConfirmation(admin, EVENT, order.kid, { now: new Date(NOW.getTime() + 60_000) })).toEqual({ to: "wang.fang@example.com" });
    const sent = await mails(order.orderId);
    expect(sent.map((m) => m.template)).toEqual(["confirmation", "confirmation"]);
    expect(nth(sent, 1).subject).toBe(first(sent).subject);
    expect(nth(sent, 1).textBody).toContain("Wang Xiaoming");
    const { db, schema } = getConnection();
    const [audit] = await db.select().from(schema.auditLog).where(eq(schema.auditLog.action, "order.resend_confirmation"));
    expect(audit).toMatchObject({ entityType: "order", entityId: order.orderId, actorUserId: (admin as Actor & { kind: "user" }).userId, data: { fromEntry: order.kid } });
  });

  it("refunds part of an entry, then the rest of the order, and the entry page shows money, emails and history", async () => {
    const order = await paidFamily();
    const part = await refundEntry(organizer, EVENT, order.adult, { scope: "entry", amountCents: 5000 });
    expect(part).toMatchObject({ amountCents: 5000, currency: "CNY" });
    expect((await entry(order.adult)).status).toBe("refunded");
    const tooMuch = await expectCode(refundEntry(organizer, EVENT, order.kid, { scope: "order", amountCents: 13001 }), "validation_failed");
    expect(tooMuch.issues[0]).toMatchObject({ path: "amountCents", key: "refundTooLarge" });
    const rest = await refundEntry(organizer, EVENT, order.kid, { scope: "order" });
    expect(rest.amountCents).toBe(13000);
    expect((await orderOf(order.code)).status).toBe("refunded");
    // Let the delivery that the refunds started in the background finish (it holds the messages it claimed).
    await outboxDeliverySettled();
    await deliverOutbox();

    const detail = await getRegistrationDetail(organizer, EVENT, order.kid, { now: NOW });
    expect(detail.canManage).toBe(true);
    expect(detail.entry).toMatchObject({ givenName: "小明", status: "refunded", guardianName: "王芳", guardianIdNumber: "*****6666", guardianConsent: true, paidCents: 6000, email: "wang.fang@example.com" });
    expect(detail.entry.idNumber).toMatch(/^\*{14}[0-9X]{4}$/);
    expect(detail.order).toMatchObject({ code: order.code, status: "refunded", totalCents: 18000, refundableCents: 0 });
    expect(detail.order.entries.map((e) => [e.givenName, e.status]).sort()).toEqual([["小明", "refunded"], ["芳", "refunded"]]);
    expect(detail.payments).toEqual([expect.objectContaining({ amountCents: 18000, status: "confirmed", provider: "simulated" })]);
    expect(present(detail.refunds).map((r) => [r.amountCents, r.status, r.registrationId])).toEqual([[5000, "done", order.adult], [13000, "done", null]]);
    // (Sorted: the refunds are stamped with the real clock, the payment with the test's NOW.)
    expect(present(detail.emails).map((m) => [m.template, m.status]).sort()).toEqual([["confirmation", "recorded"], ["refund", "recorded"], ["refund", "recorded"]]);
    // The child's history has the order's events, its bib and wave on confirmation, and the whole-order refund,
    // not the parent's own refund.
    const actions = present(detail.history).map((h) => h.action);
    expect([...actions].sort()).toEqual(["order.create", "order.paid", "order.refund", "payment.confirm", "registration.assign_on_confirmation"]);
    expect(present(detail.history).find((h) => h.action === "order.refund")).toMatchObject({ actorKind: "user", data: expect.objectContaining({ amountCents: 13000, registrationId: null }) });
    expect(present(detail.history).find((h) => h.action === "order.create")).toMatchObject({ actorKind: "system", actor: "registrant" });
    const times = present(detail.history).map((h) => h.at);
    expect(times).toEqual([...times].sort());
    const parent = await getRegistrationDetail(organizer, EVENT, order.adult, { now: NOW });
    expect(present(parent.history).filter((h) => h.action === "order.refund").map((h) => h.data.amountCents)).toEqual([5000, 13000]);
  });

  it("returns with the entry what may be done with it, and the services refuse what it does not allow (core/entry-actions.ts)", async () => {
    const order = await paidFamily();
    const actionsOf = async (actor: Actor, id: string) => (await getRegistrationDetail(actor, EVENT, id, { now: NOW, history: false })).actions;
    const yes = { allowed: true };
    expect(await actionsOf(organizer, order.adult)).toEqual({ cancel: yes, refundEntry: yes, refundOrder: yes, resend: yes });
    const reader = { allowed: false, why: "not_manager" };
    expect(await actionsOf(volunteer, order.adult)).toEqual({ cancel: reader, refundEntry: reader, refundOrder: reader, resend: reader });

    await cancelEntry(organizer, EVENT, order.adult, { notify: false, now: NOW });
    const notConfirmed = { allowed: false, why: "entry_not_confirmed" };
    expect(await actionsOf(organizer, order.adult)).toEqual({ cancel: notConfirmed, refundEntry: notConfirmed, refundOrder: yes, resend: notConfirmed });
    await expectCode(cancelEntry(organizer, EVENT, order.adult), "conflict");
    await expectCode(refundEntry(organizer, EVENT, order.adult, { scope: "entry" }), "refund_not_allowed");
    await expectCode(resendConfirmation(organizer, EVENT, order.adult), "conflict");

    // The whole order refunded: nothing is left to refund, and the order is no longer paid.
    await refundEntry(organizer, EVENT, order.kid, { scope: "order" });
    await outboxDeliverySettled();
    const notPaid = { allowed: false, why: "order_not_paid" };
    expect(await actionsOf(organizer, order.kid)).toEqual({ cancel: notConfirmed, refundEntry: notPaid, refundOrder: notPaid, resend: notPaid });
    await expectCode(refundEntry(organizer, EVENT, order.kid, { scope: "order" }), "refund_not_allowed");
  });

  it("shows volunteers the entry without money, contacts, emails or history; refuses others", async () => {
    const order = await paidFamily();
    const detail = await getRegistrationDetail(volunteer, EVENT, order.adult, { now: NOW });
    expect(detail).toMatchObject({ access: "volunteer", canManage: false, payments: null, refunds: null, emails: null, history: null });
    expect(detail.entry).toMatchObject({ familyName: "王", email: null, phone: null, emergencyName: null, emergencyPhone: null });
    expect(detail.order.email).toBeNull();
    expect(JSON.stringify(detail)).not.toContain(runnerId);
    await expectCode(getRegistrationDetail(otherOrganizer, EVENT, order.adult), "forbidden");
    await expectCode(getRegistrationDetail(otherOrganizer, "other-event", order.adult), "not_found");
    await expectCode(getRegistrationDetail(organizer, EVENT, "nope"), "not_found");
  });

  it("lets exactly one of a cancel and a refund of the same entry win when both arrive at once", async () => {
    for (let round = 0; round < 3; round++) {
      await setup();
      const order = await paidFamily();
      const outcomes = await Promise.allSettled([cancelEntry(organizer, EVENT, order.adult), refundEntry(organizer, EVENT, order.adult, { scope: "entry" })]);
      expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
      const loser = present(outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected"));
      expect(["conflict", "refund_not_allowed"]).toContain((loser.reason as DomainError).code);
      const final = await entry(order.adult);
      const { db, schema } = getConnection();
      const refunds = await db.select().from(schema.refunds).where(eq(schema.refunds.registrationId, order.adult));
      if (final.status === "cancelled") expect(refunds).toEqual([]);
      else expect(final.status === "refunded" && refunds.length === 1 && first(refunds).amountCents === 12000).toBe(true);
    }
  });
});
