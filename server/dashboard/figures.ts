/**
 * The organizer's dashboard of one event (issue 6): places per race, entries per day, money per currency, discount
 * codes, shirts, the age and gender pyramid, nationalities and pickup progress. The admin page and
 * `GET /api/v1/events/{event}/dashboard` both show this object, so their figures are the same to the unit.
 *
 * The entries are read once (a few columns each, 12,000 rows in tens of milliseconds) and counted in
 * core/dashboard/aggregate.ts; money and codes are grouped by the database; pickup progress is the desk's own
 * (server/pickup/progress.ts). Organizers of the event and admins only.
 */
import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import { aggregateEntries, dayInZone, revenueByCurrency, type EntryFigures, type Revenue } from "../../core/dashboard/aggregate";
import { getConnection } from "../db";
import type { Actor } from "../actor";
import { eventForEditor } from "../events/queries";
import { pickupProgress, type RaceProgress } from "../pickup/progress";

export interface DiscountCodeUse {
  code: string;
  /** Orders awaiting payment or paid with the code (the code's `usedCount`, as on the discount codes page). */
  uses: number;
  /** Of those, orders paid. */
  paidUses: number;
  /** What the code took off the paid orders, per currency, in minor units. */
  discountTotal: { currency: string; amount: number }[];
}

export interface DashboardFigures extends EntryFigures {
  event: { slug: string; name: { en: string; zh: string }; timezone: string; date: string };
  /** When the figures were read (ISO 8601). */
  at: string;
  revenue: Revenue[];
  discountCodes: DiscountCodeUse[];
  pickup: { races: RaceProgress[]; total: { confirmed: number; collected: number } };
}

/** Every figure of the dashboard of `eventSlug` as of `now`. 404 for an unknown event, 403 for anyone but its editors. */
export async function dashboardFigures(actor: Actor, eventSlug: string, now: Date = new Date()): Promise<DashboardFigures> {
  const event = await eventForEditor(actor, eventSlug);
  const { db, schema } = getConnection();
  const r = schema.registrations;
  const o = schema.orders;
  const eventOrders = db.select({ id: o.id }).from(o).where(eq(o.eventId, event.id));

  const [races, entries, payments, refunds, codes, codeTotals, pickup] = await Promise.all([
    db
      .select({ id: schema.races.id, slug: schema.races.slug, nameEn: schema.races.nameEn, nameZh: schema.races.nameZh, capacity: schema.races.capacity, startTime: schema.races.startTime })
      .from(schema.races)
      .where(eq(schema.races.eventId, event.id))
      .orderBy(asc(schema.races.position), asc(schema.races.createdAt)),
    db
      .select({
        raceId: r.raceId,
        status: r.status,
        holdExpiresAt: r.holdExpiresAt,
        createdAt: r.createdAt,
        confirmedAt: r.confirmedAt,
        gender: r.gender,
        birthDate: r.birthDate,
        nationality: r.nationality,
        tshirtSize: r.tshirtSize,
      })
      .from(r)
      .where(eq(r.eventId, event.id)),
    db
      .select({ currency: schema.payments.currency, amountCents: sql<number>`sum(${schema.payments.amountCents})`.mapWith(Number) })
      .from(schema.payments)
      .where(and(inArray(schema.payments.orderId, eventOrders), eq(schema.payments.status, "confirmed")))
      .groupBy(schema.payments.currency),
    db
      .select({ currency: schema.refunds.currency, amountCents: sql<number>`sum(${schema.refunds.amountCents})`.mapWith(Number) })
      .from(schema.refunds)
      .where(and(inArray(schema.refunds.orderId, eventOrders), ne(schema.refunds.status, "failed")))
      .groupBy(schema.refunds.currency),
    db
      .select({ id: schema.discountCodes.id, code: schema.discountCodes.code, usedCount: schema.discountCodes.usedCount })
      .from(schema.discountCodes)
      .where(eq(schema.discountCodes.eventId, event.id)),
    db
      .select({
        codeId: o.discountCodeId,
        currency: o.currency,
        orders: sql<number>`count(*)`.mapWith(Number),
        amount: sql<number>`sum(${o.discountCents})`.mapWith(Number),
      })
      .from(o)
      .where(and(eq(o.eventId, event.id), eq(o.status, "paid"), sql`${o.discountCodeId} is not null`))
      .groupBy(o.discountCodeId, o.currency),
    pickupProgress(actor, eventSlug, { now }),
  ]);

  const figures = aggregateEntries(
    entries,
    races.map((race) => ({ id: race.id, slug: race.slug, name: { en: race.nameEn, zh: race.nameZh }, capacity: race.capacity, raceDate: dayInZone(race.startTime, event.timezone) })),
    event.timezone,
    now,
  );

  const discountCodes = codes
    .map((c) => {
      const totals = codeTotals.filter((t) => t.codeId === c.id).sort((a, b) => a.currency.localeCompare(b.currency));
      return {
        code: c.code,
        uses: c.usedCount,
        paidUses: totals.reduce((s, t) => s + t.orders, 0),
        discountTotal: totals.map((t) => ({ currency: t.currency, amount: t.amount })),
      };
    })
    .sort((a, b) => b.uses - a.uses || b.paidUses - a.paidUses || a.code.localeCompare(b.code));

  return {
    event: { slug: event.slug, name: { en: event.nameEn, zh: event.nameZh }, timezone: event.timezone, date: event.date },
    at: now.toISOString(),
    ...figures,
    revenue: revenueByCurrency(payments, refunds),
    discountCodes,
    pickup: { races: pickup.races, total: pickup.total },
  };
}
