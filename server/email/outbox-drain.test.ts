/**
 * A commit that queues many messages at once (a bib batch writes one per runner) is delivered right away, not one
 * batch per sweep: deliverOutboxSoon goes on while its runs find full batches. Without SMTP_URL delivery only
 * records, so every message must end `recorded`.
 */
import { count, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { getConnection, withTransaction } from "../db";
import { resetDatabase } from "../../test/db";
import { resetEnvForTests } from "../env";
import { DELIVERY_BATCH, deliverOutbox, deliverOutboxSoon, enqueueEmails, outboxDeliverySettled, type OutgoingEmail } from "./outbox";
import { first as firstOf } from "../../core/lists";

const message = (i: number): OutgoingEmail => ({
  to: `runner${i}@example.com`,
  locale: i % 2 ? "en" : "zh",
  template: "bib_assigned",
  subject: `Bib ${i}`,
  html: `<p>${i}</p>`,
  text: String(i),
});

async function byStatus(): Promise<Record<string, number>> {
  const { db, schema } = getConnection();
  const o = schema.emailOutbox;
  const rows = await db.select({ status: o.status, n: count() }).from(o).groupBy(o.status);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

describe(`outbox delivery of a large batch on ${process.env.TEST_ENGINE}`, () => {
  beforeEach(async () => {
    delete process.env.SMTP_URL;
    resetEnvForTests();
    await resetDatabase();
  });

  it("delivers every message of a commit that queued several batches' worth", async () => {
    const total = DELIVERY_BATCH * 3 + 7;
    await withTransaction((tx) => enqueueEmails(tx, Array.from({ length: total }, (_, i) => message(i))));
    deliverOutboxSoon();
    await outboxDeliverySettled();
    expect(await byStatus()).toEqual({ recorded: total });
  });

  it("keeps the sweep's single run to one batch", async () => {
    await withTransaction((tx) => enqueueEmails(tx, Array.from({ length: DELIVERY_BATCH + 5 }, (_, i) => message(i))));
    expect(await deliverOutbox()).toBe(DELIVERY_BATCH);
    expect(await byStatus()).toEqual({ recorded: DELIVERY_BATCH, queued: 5 });
  });

  it("stops when nothing is due: a message waiting for its retry stays queued", async () => {
    const { db, schema } = getConnection();
    await withTransaction((tx) => enqueueEmails(tx, Array.from({ length: DELIVERY_BATCH + 1 }, (_, i) => message(i))));
    const later = new Date(Date.now() + 60 * 60_000);
    const first = firstOf(await db.select({ id: schema.emailOutbox.id }).from(schema.emailOutbox).limit(1));
    await db.update(schema.emailOutbox).set({ nextAttemptAt: later }).where(eq(schema.emailOutbox.id, first.id));
    deliverOutboxSoon();
    await outboxDeliverySettled();
    expect(await byStatus()).toEqual({ recorded: DELIVERY_BATCH, queued: 1 });
  });
});
