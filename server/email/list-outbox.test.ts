/**
 * Who reads which messages of the outbox, on both engines (docs/decisions/005-outbox-visibility.md): admins all;
 * organizers only their events' orders' messages; volunteers none. Newest first, by status, in pages.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getConnection, withTransaction } from "../db";
import { makeStaff, resetDatabase } from "../../test/db";
import { eventInput, participant, raceInput, registrationBody } from "../../test/factories";
import type { Actor } from "../actor";
import { DomainError } from "../errors";
import { createEvent } from "../events/manage-events";
import { confirmPayment } from "../payments/confirm-payment";
import { registerEntries } from "../registration/register";
import { getOutboxMessage, listOutbox, OUTBOX_PAGE_SIZE } from "./list-outbox";
import { deliverOutbox, enqueueEmail } from "./outbox";
import { TEST_NOW } from "../../test/clock";
import { first, present } from "../../core/lists";

const NOW = TEST_NOW;

let admin: Actor;
let organizer: Actor;
let otherOrganizer: Actor;
let volunteer: Actor;
let ids: { ours: string; theirs: string; staffOnly: string; failed: string };

async function paidOrder(event: string, email: string) {
  const result = await registerEntries(event, registrationBody([participant()], { email }), { clientIp: "203.0.113.5", now: NOW });
  const { db, schema } = getConnection();
  const order = first(await db.select().from(schema.orders).where(eq(schema.orders.code, result.order.code)));
  await confirmPayment({ orderId: order.id, provider: "simulated", providerPaymentId: `sim_${order.id}`, amountCents: order.totalCents, currency: "CNY", now: NOW });
  const message = first(await db.select().from(schema.emailOutbox).where(eq(schema.emailOutbox.orderId, order.id)));
  return message.id;
}

async function expectCode(p: Promise<unknown>, code: string): Promise<DomainError> {
  const error = await p.then(() => null, (e: unknown) => e);
  expect(error, `expected ${code}`).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  return error as DomainError;
}

describe(`outbox for staff on ${process.env.TEST_ENGINE}`, () => {
  beforeAll(async () => {
    process.env.RATE_LIMIT_REGISTRATIONS_PER_MINUTE = "0";
    (await import("../env")).resetEnvForTests();
    await resetDatabase();
    admin = await makeStaff("admin");
    organizer = await makeStaff("organizer");
    otherOrganizer = await makeStaff("organizer");
    await createEvent(organizer, eventInput({ races: [raceInput({ bibRanges: [] })] }));
    await createEvent(otherOrganizer, eventInput({ slug: "other-event", races: [raceInput({ bibRanges: [] })] }));
    const { db, schema } = getConnection();
    const event = first(await db.select().from(schema.events).where(eq(schema.events.slug, "test-half-2027")));
    volunteer = await makeStaff("volunteer", [{ eventId: event.id, role: "volunteer" }]);
    const ours = await paidOrder("test-half-2027", "ours@example.com");
    const theirs = await paidOrder("other-event", "theirs@example.com");
    await deliverOutbox();
    const staffOnly = await withTransaction((tx) =>
      enqueueEmail(tx, { to: "staff@example.com", locale: "en", template: "staff_notice", subject: "Staff", html: "<p>Staff</p>", text: "Staff" }, new Date(NOW.getTime() + 1000)),
    );
    const failed = await withTransaction((tx) =>
      enqueueEmail(tx, { to: "ours2@example.com", locale: "zh", template: "confirmation", subject: "Failed one", html: "<p>x</p>", text: "x", orderId: null }, new Date(NOW.getTime() + 2000)),
    );
    await withTransaction((tx) => tx.update(schema.emailOutbox).set({ status: "failed", attempts: 5, lastError: "550 mailbox unavailable" }).where(eq(schema.emailOutbox.id, failed)));
    ids = { ours, theirs, staffOnly, failed };
  });

  it("shows admins every message, newest first, with its order and event", async () => {
    const page = await listOutbox(admin, {});
    expect(page).toMatchObject({ scope: "all", total: 4, page: 1, pageSize: OUTBOX_PAGE_SIZE });
    expect(page.messages.map((m) => m.id).slice(0, 2)).toEqual([ids.failed, ids.staffOnly]);
    const ours = present(page.messages.find((m) => m.id === ids.ours));
    expect(ours).toMatchObject({ toAddress: "ours@example.com", template: "confirmation", status: "recorded", order: { eventSlug: "test-half-2027" } });
    expect(present(ours.order).code).toMatch(/^FL-/);
    expect((await listOutbox(admin, { status: "failed" })).messages).toEqual([expect.objectContaining({ id: ids.failed, lastError: "550 mailbox unavailable", attempts: 5 })]);
    expect((await listOutbox(admin, { status: "queued" })).total).toBe(1);
    const message = await getOutboxMessage(admin, ids.staffOnly);
    expect(message).toMatchObject({ subject: "Staff", html: "<p>Staff</p>", textBody: "Staff", order: null });
  });

  it("shows organizers only the messages of their events' orders", async () => {
    const page = await listOutbox(organizer, {});
    expect(page.scope).toBe("events");
    expect(page.messages.map((m) => m.id)).toEqual([ids.ours]);
    expect(page.total).toBe(1);
    expect((await listOutbox(otherOrganizer, {})).messages.map((m) => m.id)).toEqual([ids.theirs]);
    expect((await listOutbox(organizer, { status: "failed" })).total).toBe(0);
    expect((await getOutboxMessage(organizer, ids.ours)).html).toContain("data:image/png;base64,");
    await expectCode(getOutboxMessage(organizer, ids.theirs), "forbidden");
    await expectCode(getOutboxMessage(organizer, ids.staffOnly), "forbidden");
    await expectCode(getOutboxMessage(organizer, "00000000-0000-4000-8000-000000000000"), "not_found");
  });

  it("refuses volunteers, and bad parameters with their names", async () => {
    await expectCode(listOutbox(volunteer, {}), "forbidden");
    await expectCode(getOutboxMessage(volunteer, ids.ours), "forbidden");
    const bad = await expectCode(listOutbox(admin, { status: "bounced", page: "0" }), "validation_failed");
    expect(bad.issues.map((i) => i.path).sort()).toEqual(["page", "status"]);
    expect((await listOutbox(admin, { status: "", page: "2" })).messages).toEqual([]);
  });
});
