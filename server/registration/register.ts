/**
 * A runner (or a parent for the family) registers: validate everything first, then one write transaction that
 * locks the races, counts seats, checks the one-live-entry-per-document rule and the discount code, and stores the
 * order with its held entries. Only after commit does the payment provider get called (DESIGN.md sections 4-5).
 */
import { randomBytes, randomUUID } from "node:crypto";
import { and, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { racesShortOfSeats } from "../../core/capacity";
import { discountPerLine } from "../../core/discount";
import { normalizeDiscountCode } from "../../core/discount-input";
import { orderCodeFrom } from "../../core/order-code";
import { currentPriceTier } from "../../core/pricing";
import { registrationState } from "../../core/registration-window";
import { checkParticipants, parseRegistrationInput, type CheckedParticipant } from "../../core/registration-input";
import type { FieldIssue } from "../../core/validation";
import { getConnection, isUniqueViolation, withTransaction, type Database } from "../../db";
import type { PaymentProvider as ProviderName } from "../../db/types";
import { recordAudit } from "../audit/record-audit";
import { env } from "../env";
import { DomainError } from "../errors";
import { deliverOutboxSoon } from "../email/outbox";
import { cachedPublicEvent } from "../events/public-cache";
import type { EventWithRaces } from "../events/queries";
import { getProvider, paidProviderName, type CheckoutOrder, type CheckoutSession } from "../payments/provider";
import { hitRateLimit } from "../rate-limit";
import { confirmOrderInTx } from "../payments/confirm-payment";
import { expireStaleOrders, liveDocumentKeys, lockRaces, releasePendingOrder, takenSeats } from "./holds";
import { orderAccessToken } from "./order-access";
import { errorKind } from "../log-safe";

export interface RegistrationResult {
  order: {
    code: string;
    status: string;
    totalCents: number;
    currency: string;
    expiresAt: string;
    paymentUrl: string | null;
    manageUrl: string;
  };
  registrations: { id: string; race: string; status: string; bib: string | null }[];
}

const REGISTRANT = { kind: "system", label: "registrant" } as const;

// Making an Intl.DateTimeFormat costs far more than using one: one per timezone, kept.
const dayFormats = new Map<string, Intl.DateTimeFormat>();

function todayIn(zone: string, now: Date): string {
  let format = dayFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" });
    dayFormats.set(zone, format);
  }
  return format.format(now);
}

interface PlannedLine {
  participant: CheckedParticipant;
  index: number;
  raceSlug: string;
  raceName: string;
  priceCents: number;
  discountCents: number;
}

export async function registerEntries(eventSlug: string, input: unknown, context: { clientIp: string | null; now?: Date }): Promise<RegistrationResult> {
  const now = context.now ?? new Date();
  const limit = env().RATE_LIMIT_REGISTRATIONS_PER_MINUTE;
  if (limit > 0 && !(await hitRateLimit(`registration:${context.clientIp ?? "unknown"}`, limit, 60_000, now))) {
    throw new DomainError("rate_limited", "Too many registration attempts from this address; try again in a minute.");
  }

  const parsed = parseRegistrationInput(input);
  if (!parsed.ok) throw new DomainError("validation_failed", "The registration is not valid; see the fields.", parsed.issues);
  const request = parsed.value;

  // The event's settings as loaded at most a moment ago (server/events/public-cache.ts); capacities are read
  // afresh inside the transaction below.
  const event = await cachedPublicEvent(eventSlug, now.getTime());
  if (!event) throw new DomainError("not_found", `No event "${eventSlug}".`);
  const state = registrationState({ opensAt: event.registrationOpensAt, closesAt: event.registrationClosesAt, eventClosed: event.status === "closed" }, now);
  if (state !== "open") {
    throw new DomainError("registration_closed", state === "not_yet_open" ? "Registration has not opened yet." : "Registration is closed.");
  }

  const checked = checkParticipants(
    request.participants,
    event.races.map((r) => ({ id: r.id, slug: r.slug, minAge: r.minAge, maxAge: r.maxAge })),
    event.date,
    todayIn(event.timezone, now),
  );
  if (!checked.ok) throw new DomainError("validation_failed", "The registration is not valid; see the fields.", checked.issues);

  const lines: PlannedLine[] = checked.value.map((participant, index) => {
    const race = event.races.find((r) => r.id === participant.raceId)!;
    const tier = currentPriceTier(race.priceTiers, now);
    if (!tier) throw new DomainError("registration_closed", `No price is in force for ${race.slug} now.`, [{ path: `participants.${index}.race`, key: "invalid" }]);
    return { participant, index, raceSlug: race.slug, raceName: `${race.nameZh} / ${race.nameEn}`, priceCents: tier.priceCents, discountCents: 0 };
  });
  const currencies = new Set(lines.map((l) => event.races.find((r) => r.id === l.participant.raceId)!.currency));
  if (currencies.size > 1) throw new DomainError("validation_failed", "Races with different currencies cannot share an order.", [{ path: "participants", key: "invalid" }]);
  const currency = [...currencies][0];

  const orderId = randomUUID();
  let code = "";
  let provider: ProviderName = "free";
  let total = 0;
  const expiresAt = new Date(now.getTime() + event.holdMinutes * 60_000);
  const created: { id: string; raceSlug: string }[] = [];
  let confirmedFree = false;
  const bibs = new Map<string, string | null>();
  let localSession: CheckoutSession | undefined;
  // The private link's token depends only on the order id: made before the transaction, used in the link.
  const accessToken = await orderAccessToken(orderId);
  const paidProvider = await getProvider(paidProviderName());

  try {
    await withTransaction(async (tx) => {
      const { schema } = getConnection();
      const raceIds = [...new Set(lines.map((l) => l.participant.raceId))];
      await lockRaces(tx, raceIds);
      await expireStaleOrders(tx, now, event.id);

      // Seats: a family gets all or none.
      const taken = await takenSeats(tx, raceIds, now);
      const capacities = await tx.select({ id: schema.races.id, capacity: schema.races.capacity }).from(schema.races).where(inArray(schema.races.id, raceIds));
      const short = racesShortOfSeats(
        lines.map((l) => ({ raceId: l.participant.raceId, seats: 1 })),
        new Map(capacities.map((r) => [r.id, r.capacity])),
        taken,
      );
      if (short.length > 0) {
        throw new DomainError(
          "sold_out",
          "Sold out: not enough places left for this order.",
          lines.filter((l) => short.includes(l.participant.raceId)).map((l) => ({ path: `participants.${l.index}.race`, key: "soldOut" })),
        );
      }

      // One live entry per document per event.
      const live = await liveDocumentKeys(tx, event.id, lines.map((l) => l.participant.idKey));
      if (live.size > 0) {
        throw new DomainError(
          "duplicate_entry",
          "A participant already has an entry in this event.",
          lines.filter((l) => live.has(l.participant.idKey)).map((l) => ({ path: `participants.${l.index}.idNumber`, key: "duplicateEntry" })),
        );
      }

      const discountCodeId = request.discountCode ? await redeemDiscount(tx, event, request.discountCode, lines, now) : null;
      total = lines.reduce((sum, l) => sum + l.priceCents - l.discountCents, 0);
      provider = total === 0 ? "free" : paidProviderName();
      code = await uniqueOrderCode(tx);
      // A provider that needs no network call (simulated) gives its payment link now, in this same write.
      const local = total > 0 ? paidProvider?.localCheckout?.(checkoutOrder(orderId, code, request.email, request.locale, total, currency, expiresAt, lines, accessToken)) : undefined;
      if (local) localSession = local;

      await tx.insert(schema.orders).values({
        id: orderId,
        code,
        eventId: event.id,
        email: request.email,
        locale: request.locale,
        status: "pending",
        totalCents: total,
        currency,
        discountCodeId,
        discountCents: lines.reduce((s, l) => s + l.discountCents, 0),
        provider,
        providerSessionId: local?.sessionId ?? null,
        paymentUrl: local?.url ?? null,
        expiresAt,
        createdAt: now,
        updatedAt: now,
      });
      for (const l of lines) {
        const p = l.participant;
        const id = randomUUID();
        await tx.insert(schema.registrations).values({
          id,
          orderId,
          eventId: event.id,
          raceId: p.raceId,
          status: "held",
          holdExpiresAt: expiresAt,
          priceCents: l.priceCents,
          discountCents: l.discountCents,
          familyName: p.familyName,
          givenName: p.givenName,
          latinName: p.latinName ?? null,
          gender: p.gender,
          birthDate: p.birthDate,
          nationality: p.nationality,
          idType: p.idType,
          idNumber: p.idNumber,
          liveIdKey: p.idKey,
          phone: p.phone,
          email: request.email,
          emergencyName: p.emergencyContact.name,
          emergencyPhone: p.emergencyContact.phone,
          tshirtSize: p.tshirtSize ?? null,
          predictedFinishSeconds: p.predictedFinishSeconds ?? null,
          guardianName: p.guardian?.name ?? null,
          guardianPhone: p.guardian?.phone ?? null,
          guardianIdNumber: p.guardian?.idNumber ?? null,
          guardianConsent: p.guardian?.consent ?? false,
          bibLocked: false,
          pickupToken: randomBytes(18).toString("base64url"),
          createdAt: now,
          updatedAt: now,
        });
        created.push({ id, raceSlug: l.raceSlug });
      }
      await recordAudit(tx, REGISTRANT, {
        action: "order.create",
        entityType: "order",
        entityId: orderId,
        data: { code, eventId: event.id, entries: lines.length, totalCents: total, currency, provider, discountCodeId },
      }, now);

      if (total === 0) {
        // Free races and 100% codes confirm without payment.
        const confirmed = await confirmOrderInTx(tx, { orderId, provider: "free", providerPaymentId: `free_${orderId}`, amountCents: 0, currency, now });
        for (const p of confirmed.placements ?? []) bibs.set(p.registrationId, p.bib);
        confirmedFree = true;
      }
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      // Two requests with the same document raced past the check: the unique index decided.
      throw new DomainError("duplicate_entry", "A participant already has an entry in this event.", [{ path: "participants", key: "duplicateEntry" }]);
    }
    throw error;
  }

  let paymentUrl: string | null = null;
  if (confirmedFree) {
    deliverOutboxSoon();
  } else if (localSession) {
    paymentUrl = localSession.url;
  } else {
    paymentUrl = await startCheckout(orderId, code, provider, request.email, request.locale, total, currency, expiresAt, lines, accessToken);
  }

  return {
    order: {
      code,
      status: confirmedFree ? "paid" : "pending",
      totalCents: total,
      currency,
      expiresAt: expiresAt.toISOString(),
      paymentUrl,
      manageUrl: `${env().PUBLIC_URL}/${request.locale}/orders/${code}?token=${encodeURIComponent(accessToken)}`,
    },
    registrations: created.map((c) => ({ id: c.id, race: c.raceSlug, status: confirmedFree ? "confirmed" : "held", bib: bibs.get(c.id) ?? null })),
  };
}

function checkoutOrder(
  orderId: string,
  code: string,
  email: string,
  locale: string,
  total: number,
  currency: string,
  expiresAt: Date,
  lines: PlannedLine[],
  accessToken: string,
): CheckoutOrder {
  return {
    id: orderId,
    code,
    email,
    locale,
    totalCents: total,
    currency,
    accessToken,
    expiresAt,
    lines: lines.map((l) => ({ name: `${l.raceName} · ${l.participant.familyName}${l.participant.givenName}`, amountCents: l.priceCents - l.discountCents })),
  };
}

/** Calls the provider after commit; if it fails, the order is cancelled so its seats come free at once. */
async function startCheckout(
  orderId: string,
  code: string,
  provider: ProviderName,
  email: string,
  locale: string,
  total: number,
  currency: string,
  expiresAt: Date,
  lines: PlannedLine[],
  accessToken: string,
): Promise<string> {
  const { schema } = getConnection();
  try {
    const session = await (await getProvider(provider)).createCheckout(checkoutOrder(orderId, code, email, locale, total, currency, expiresAt, lines, accessToken));
    await withTransaction((tx) =>
      tx.update(schema.orders).set({ providerSessionId: session.sessionId, paymentUrl: session.url, updatedAt: new Date() }).where(eq(schema.orders.id, orderId)),
    );
    return session.url;
  } catch (error) {
    console.error(`[payments] checkout for order ${code} failed: ${errorKind(error)}`);
    await withTransaction(async (tx) => {
      const now = new Date();
      const [order] = await tx.select({ id: schema.orders.id, discountCodeId: schema.orders.discountCodeId }).from(schema.orders).where(eq(schema.orders.id, orderId));
      await releasePendingOrder(tx, order, "cancelled", now);
      await recordAudit(tx, REGISTRANT, { action: "order.checkout_failed", entityType: "order", entityId: orderId, data: { provider } }, now);
    });
    throw new DomainError("payment_unavailable", "The payment service is not available right now; nothing was charged. Please try again.");
  }
}

async function uniqueOrderCode(tx: Database): Promise<string> {
  const { schema } = getConnection();
  for (let i = 0; i < 5; i++) {
    const code = orderCodeFrom(randomBytes(8));
    const [clash] = await tx.select({ id: schema.orders.id }).from(schema.orders).where(eq(schema.orders.code, code));
    if (!clash) return code;
  }
  throw new Error("Could not find a free order code");
}

/**
 * Checks a discount code and takes one use with a conditional update (used_count < max_uses), under the code's
 * lock: under concurrency a code with N uses is used N times. Sets each line's discount.
 */
async function redeemDiscount(tx: Database, event: EventWithRaces, codeText: string, lines: PlannedLine[], now: Date): Promise<string> {
  const { schema } = getConnection();
  const d = schema.discountCodes;
  // Stored upper case; typed in any case or full-width form (core/discount-input.ts).
  const [code] = await tx.select().from(d).where(and(eq(d.eventId, event.id), eq(d.code, normalizeDiscountCode(codeText))));
  const fail = (key: string): never => {
    throw new DomainError("validation_failed", "The discount code cannot be used.", [{ path: "discountCode", key } satisfies FieldIssue]);
  };
  if (!code) return fail("discountUnknown");
  if ((code.validFrom && now < code.validFrom) || (code.validUntil && now >= code.validUntil)) return fail("discountExpired");
  const discounts = discountPerLine(lines.map((l) => ({ raceId: l.participant.raceId, priceCents: l.priceCents })), { kind: code.kind, value: code.value, raceId: code.raceId });
  if (discounts.every((x) => x === 0) && code.raceId !== null) return fail("discountNotForRace");
  await getConnection().lockKeys(tx, [`discount:${code.id}`]);
  const taken = await tx
    .update(d)
    .set({ usedCount: sql`${d.usedCount} + 1` })
    .where(and(eq(d.id, code.id), or(isNull(d.maxUses), lt(d.usedCount, d.maxUses))))
    .returning({ id: d.id });
  if (taken.length === 0) return fail("discountUsedUp");
  lines.forEach((l, i) => (l.discountCents = discounts[i]));
  return code.id;
}
