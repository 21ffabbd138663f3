/**
 * Many entries of one race written straight into the database, in bulk (tests and `npm run bench`): 30,000
 * entries through registerEntries would take minutes, while the batch only needs the rows. Orders of
 * `entriesPerOrder` runners each; names, predicted times (every 13th runner without one) and documents are
 * deterministic, so two runs give the same rows apart from their ids.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { getConnection, withTransaction } from "../server/db";
import { insertRows } from "../db/bulk";
import { resetSeatCounters } from "../server/registration/holds";
import { nth, present } from "../core/lists";

const FAMILY = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "Smith", "García", "Nguyen"];
const GIVEN = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "娟"];

export interface SyntheticEntriesOptions {
  /** Runners per order (default 1). */
  entriesPerOrder?: number;
  /** `confirmed` (default): paid orders; `held`: pending orders whose hold runs for an hour from `now`. */
  status?: "confirmed" | "held";
  /** Makes documents and codes unique across calls (default: random). */
  prefix?: string;
  now?: Date;
  locale?: "zh" | "en";
}

/** Inserts `count` entries of the race; returns their registration ids and order ids, in insertion order. */
export async function insertSyntheticEntries(
  eventSlug: string,
  raceSlug: string,
  count: number,
  options: SyntheticEntriesOptions = {},
): Promise<{ registrationIds: string[]; orderIds: string[] }> {
  const { db, schema } = getConnection();
  const [race] = await db
    .select({ id: schema.races.id, eventId: schema.races.eventId, currency: schema.races.currency })
    .from(schema.races)
    .innerJoin(schema.events, eq(schema.events.id, schema.races.eventId))
    .where(and(eq(schema.events.slug, eventSlug), eq(schema.races.slug, raceSlug)));
  if (!race) throw new Error(`No race ${eventSlug}/${raceSlug}`);
  const now = options.now ?? new Date();
  const perOrder = Math.max(1, options.entriesPerOrder ?? 1);
  const prefix = options.prefix ?? randomBytes(4).toString("hex").toUpperCase();
  const held = options.status === "held";
  const expiresAt = new Date(now.getTime() + 3_600_000);

  // Typed rows, written in bulk.
  const orders: (typeof schema.orders.$inferInsert)[] = [];
  const registrations: (typeof schema.registrations.$inferInsert)[] = [];
  for (let i = 0; i < count; i++) {
    if (i % perOrder === 0) {
      orders.push({
        id: randomUUID(),
        code: `SY-${prefix}-${i}`,
        eventId: race.eventId,
        email: `runner${i}@synthetic.example`,
        locale: options.locale ?? (i % 3 === 0 ? "en" : "zh"),
        status: held ? "pending" : "paid",
        totalCents: 1000 * Math.min(perOrder, count - i),
        currency: race.currency,
        discountCents: 0,
        discountCodeId: null,
        provider: "simulated",
        expiresAt,
        paidAt: held ? null : now,
        createdAt: now,
        updatedAt: now,
      });
    }
    const idNumber = `${prefix}${String(i).padStart(8, "0")}`;
    registrations.push({
      id: randomUUID(),
      orderId: present(orders.at(-1)).id,
      eventId: race.eventId,
      raceId: race.id,
      status: held ? "held" : "confirmed",
      holdExpiresAt: held ? expiresAt : null,
      priceCents: 1000,
      discountCents: 0,
      familyName: nth(FAMILY, (i * 7) % FAMILY.length),
      givenName: nth(GIVEN, (i * 5) % GIVEN.length),
      latinName: i % 4 === 0 ? null : `Runner ${i}`,
      gender: i % 2 === 0 ? "F" : "M",
      birthDate: "1990-01-01",
      nationality: "CN",
      idType: "passport",
      idNumber,
      liveIdKey: `passport:${idNumber}`,
      phone: "+86 138 0000 0000",
      email: `runner${i}@synthetic.example`,
      emergencyName: "Contact",
      emergencyPhone: "+86 139 0000 0000",
      tshirtSize: "M",
      predictedFinishSeconds: i % 13 === 0 ? null : 3_000 + ((i * 7_919) % 12_000),
      guardianConsent: false,
      bibLocked: false,
      pickupToken: `${prefix}-${i}-${randomBytes(6).toString("base64url")}`,
      confirmedAt: held ? null : now,
      createdAt: new Date(now.getTime() + i),
      updatedAt: now,
    });
  }
  await withTransaction(async (tx) => {
    await insertRows(tx, schema.orders, orders);
    await insertRows(tx, schema.registrations, registrations);
    // Rows written straight into the table: the race's seat counter is set to their recount, as the services keep it.
    await resetSeatCounters(tx, [race.id]);
  });
  return { registrationIds: registrations.map((r) => r.id), orderIds: orders.map((o) => o.id) };
}
