/**
 * A runner (or a parent for the family) registers, in three steps: plan (validate and price everything, no writes),
 * admit (one write transaction that locks the event's races, expires its lapsed holds and decides the order against
 * the races' seat counters, one live entry per document and the discount code: core/admission.ts) and persist (the
 * order with its held entries, the counters, the audit rows). Only after commit does the payment provider get called
 * (docs/architecture.md "Rules and where they live"; docs/decisions/001, 013).
 * Orders arriving during a burst share that transaction, each still decided on its own (placeOrders below).
 * With an Idempotency-Key, the answer is stored in that same transaction and a repeated request gets it back without
 * placing anything (docs/decisions/012-idempotency-keys.md).
 */
import { and, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { Admissions, type AdmissionLine } from "../../core/admission";
import { createBatcher, type Settled } from "../../core/batcher";
import { discountPerLine } from "../../core/discount";
import { normalizeDiscountCode } from "../../core/discount-input";
import { nativeName } from "../../core/names";
import { orderCodeFrom } from "../../core/order-code";
import { currentPriceTier } from "../../core/pricing";
import { registrationState } from "../../core/registration-window";
import { checkParticipants, parseRegistrationInput, type CheckedParticipant } from "../../core/registration-input";
import type { FieldIssue } from "../../core/validation";
import { getConnection, isUniqueViolation, withTransaction, type Database } from "../db";
import { insertRows, type RowOf } from "../../db/bulk";
import { timeOrderedId } from "../ids";
import type { PaymentProvider as ProviderName } from "../../core/domain";
import { recordAudit, recordAuditMany, type AuditEntry } from "../audit/record-audit";
import { env } from "../env";
import { DomainError, isDomainError } from "../errors";
import { deliverOutboxSoon } from "../email/outbox";
import { cachedPublicEvent } from "../events/public-cache";
import type { EventWithRaces } from "../events/queries";
import { getProvider, paidProviderName, type CheckoutOrder, type CheckoutSession, type PaymentProvider } from "../payments/provider";
import {
  findAnswer,
  findAnswers,
  forgetAnswer,
  completeAnswer,
  keyInUseError,
  keyReusedError,
  releaseUnfinishedAnswer,
  saveAnswers,
  type AnswerToStore,
  type IdempotencyRequest,
  type StoredAnswer,
} from "../idempotency";
import { hitRateLimit } from "../rate-limit";
import { confirmOrderInTx } from "../payments/confirm-payment";
import { countNewEntries, expireStaleOrders, liveDocumentKeys, lockEventRaces, lockOrderRaces, readPlaceBook, releasePendingOrder } from "./holds";
import { orderAccessToken } from "./order-access";
import { pooledRandomBytes } from "../random";
import { errorKind } from "../log-safe";
import { first, nth, only, present } from "../../core/lists";

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

/** One participant of a planned order: checked, with its race and its price now (before any discount). */
interface PlannedLine {
  participant: CheckedParticipant;
  index: number;
  raceSlug: string;
  raceName: string;
  priceCents: number;
}

/** A line as admitted: with the discount the order's code gives it (0 without a code). */
interface PricedLine extends PlannedLine {
  discountCents: number;
}

/** The answer without its private links, as an Idempotency-Key keeps it (the links are made again from the order). */
interface StoredRegistration {
  order: Omit<RegistrationResult["order"], "paymentUrl" | "manageUrl">;
  registrations: RegistrationResult["registrations"];
}

/** Where registration reads the time: the system's clock, or a fixed moment the caller gives. */
interface Clock {
  now(): Date;
}

const systemClock: Clock = { now: () => new Date() };

interface RegistrationContext {
  clientIp: string | null;
  /** The moment the request is made at (a test's clock); the system clock otherwise. */
  now?: Date;
}

function clockOf(context: RegistrationContext): Clock {
  const at = context.now;
  return at ? { now: () => at } : systemClock;
}

export async function registerEntries(eventSlug: string, input: unknown, context: RegistrationContext): Promise<RegistrationResult> {
  return (await register(eventSlug, input, clockOf(context), context.clientIp, null)).result;
}

/**
 * A registration sent with an Idempotency-Key (POST …/registrations): the first answer to this key and request again
 * (`replayed`) when there is one, otherwise the registration, its answer stored with the order. 422
 * idempotency_key_reused for the key with another request; 409 idempotency_key_in_use while the first request with it
 * is still starting its checkout.
 */
export function registerEntriesOnce(
  eventSlug: string,
  input: unknown,
  context: RegistrationContext & { idempotency: IdempotencyRequest | null },
): Promise<{ result: RegistrationResult; replayed: boolean }> {
  return register(eventSlug, input, clockOf(context), context.clientIp, context.idempotency);
}

async function register(
  eventSlug: string,
  input: unknown,
  clock: Clock,
  clientIp: string | null,
  idempotency: IdempotencyRequest | null,
): Promise<{ result: RegistrationResult; replayed: boolean }> {
  const now = clock.now();
  if (idempotency) {
    // A request sent again: its first answer, before the rate limit and every check (the event may have closed since).
    const stored = await findAnswer(getConnection().db, idempotency, now);
    const replay = stored && (await replayRegistration(idempotency, stored, now));
    if (replay) return { result: replay, replayed: true };
  }
  const limit = env().RATE_LIMIT_REGISTRATIONS_PER_MINUTE;
  if (limit > 0 && !(await hitRateLimit(`registration:${clientIp ?? "unknown"}`, limit, 60_000, now))) {
    throw new DomainError("rate_limited", "Too many registration attempts from this address; try again in a minute.");
  }

  const plan = await planOrder(eventSlug, input, clock, now, idempotency);
  const placement = await placeOrder(plan);
  if ("replay" in placement) {
    // The same key reached the transaction after another request with it (at the same moment, or in the same batch).
    const replay = await replayRegistration(present(idempotency, "the request's Idempotency-Key"), placement.replay, now);
    if (replay) return { result: replay, replayed: true };
    return register(eventSlug, input, clock, clientIp, idempotency);
  }
  const placed = placement;

  let paymentUrl: string | null = null;
  if (placed.confirmedFree) {
    deliverOutboxSoon();
  } else if (placed.localSession) {
    paymentUrl = placed.localSession.url;
  } else {
    paymentUrl = await startCheckout(checkoutOrder(plan, placed.code, placed.total, placed.lines), placed.provider, idempotency);
  }
  return { result: withLinks(storedAnswerOf(plan, placed), paymentUrl, manageUrl(plan.locale, placed.code, plan.accessToken)), replayed: false };
}

/**
 * Step one, before any write: the request checked against the event as loaded at most a moment ago
 * (server/events/public-cache.ts; capacities and counters are read afresh in the transaction), each participant
 * priced by the tier in force at `now`. Throws the request's DomainError (validation_failed, not_found,
 * registration_closed).
 */
async function planOrder(eventSlug: string, input: unknown, clock: Clock, now: Date, idempotency: IdempotencyRequest | null): Promise<OrderPlan> {
  const parsed = parseRegistrationInput(input);
  if (!parsed.ok) throw new DomainError("validation_failed", "The registration is not valid; see the fields.", parsed.issues);
  const request = parsed.value;

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

  // checkParticipants answers with the races it was given: each line's race is one of the event's.
  const raceOf = (raceId: string) => {
    const race = event.races.find((r) => r.id === raceId);
    if (!race) throw new Error(`Race ${raceId} is not a race of event ${event.slug}`);
    return race;
  };
  const lines: PlannedLine[] = checked.value.map((participant, index) => {
    const race = raceOf(participant.raceId);
    const tier = currentPriceTier(race.priceTiers, now);
    if (!tier) throw new DomainError("registration_closed", `No price is in force for ${race.slug} now.`, [{ path: `participants.${index}.race`, key: "invalid" }]);
    return { participant, index, raceSlug: race.slug, raceName: `${race.nameZh} / ${race.nameEn}`, priceCents: tier.priceCents };
  });
  const currencies = new Set(lines.map((l) => raceOf(l.participant.raceId).currency));
  if (currencies.size > 1) throw new DomainError("validation_failed", "Races with different currencies cannot share an order.", [{ path: "participants", key: "invalid" }]);

  const orderId = timeOrderedId();
  return {
    orderId,
    event,
    email: request.email,
    locale: request.locale,
    discountCode: request.discountCode ?? null,
    lines,
    currency: first([...currencies], "currency"), // an order has at least one participant (parseRegistrationInput)
    clock,
    now,
    expiresAt: new Date(now.getTime() + event.holdMinutes * 60_000),
    // The private link's token depends only on the order id: made before the transaction, used in the link.
    accessToken: await orderAccessToken(orderId),
    paidProvider: await getProvider(paidProviderName()),
    idempotency,
  };
}

function manageUrl(locale: string, code: string, accessToken: string): string {
  return `${env().PUBLIC_URL}/${locale}/orders/${code}?token=${encodeURIComponent(accessToken)}`;
}

function storedAnswerOf(plan: OrderPlan, placed: PlacedOrder): StoredRegistration {
  return {
    order: { code: placed.code, status: placed.confirmedFree ? "paid" : "pending", totalCents: placed.total, currency: plan.currency, expiresAt: plan.expiresAt.toISOString() },
    registrations: placed.created.map((c) => ({
      id: c.id,
      race: c.raceSlug,
      status: placed.confirmedFree ? "confirmed" : "held",
      bib: placed.bibs.get(c.id) ?? null,
    })),
  };
}

function withLinks(answer: StoredRegistration, paymentUrl: string | null, manage: string): RegistrationResult {
  const { code, status, totalCents, currency, expiresAt } = answer.order;
  return { order: { code, status, totalCents, currency, expiresAt, paymentUrl, manageUrl: manage }, registrations: answer.registrations };
}

/**
 * How long the request that placed an order has to start its checkout at a provider called after commit (Stripe:
 * 20 s per try, two retries) before a repeated request takes the order for abandoned.
 */
export const CHECKOUT_LEASE_MS = 2 * 60_000;

/**
 * The first answer to a repeated request, made whole again: the payment link as the order has it, the private link
 * made again from the order (docs/decisions/012). While the first request is still starting the order's checkout
 * (a Stripe call after commit), 409 idempotency_key_in_use. When that request stopped before it (its lease ran out
 * and the order has no payment link), nobody ever got a way to pay: the order is cancelled, the key let go, and
 * null says to register again.
 */
async function replayRegistration(idempotency: IdempotencyRequest, answer: StoredAnswer, now: Date): Promise<RegistrationResult | null> {
  const { db, schema } = getConnection();
  const o = schema.orders;
  const [order] = await db.select({ id: o.id, code: o.code, locale: o.locale, paymentUrl: o.paymentUrl, discountCodeId: o.discountCodeId }).from(o).where(eq(o.id, present(answer.resourceId, "the answer's order")));
  if (!order) throw new Error("An idempotency key's answer names an order that does not exist");
  if (answer.lockedUntil && order.paymentUrl === null) {
    if (answer.lockedUntil > now) throw keyInUseError();
    await withTransaction(async (tx) => {
      await getConnection().lockKeys(tx, [`order:${order.id}`]);
      await lockOrderRaces(tx, order.id);
      if (!(await releaseUnfinishedAnswer(tx, idempotency, answer, now))) return;
      if (await releasePendingOrder(tx, order, "cancelled", now)) {
        await recordAudit(tx, REGISTRANT, { action: "order.checkout_interrupted", entityType: "order", entityId: order.id, data: {} }, now);
      }
    });
    return null;
  }
  return withLinks(answer.body as StoredRegistration, order.paymentUrl, manageUrl(order.locale, order.code, await orderAccessToken(order.id)));
}

/** An order checked and priced, ready to be placed: everything the write transaction needs. */
interface OrderPlan {
  orderId: string;
  event: EventWithRaces;
  email: string;
  locale: string;
  discountCode: string | null;
  lines: PlannedLine[];
  currency: string;
  /** The request's clock: the transaction asks it for the moment it counts places at. */
  clock: Clock;
  /** When the request was made (by its clock): timestamps, the hold's start, the discount code's window. */
  now: Date;
  expiresAt: Date;
  accessToken: string;
  paidProvider: PaymentProvider | null;
  /** The request's Idempotency-Key: its answer is stored with the order. */
  idempotency: IdempotencyRequest | null;
}

/** A placed order, as committed. */
interface PlacedOrder {
  code: string;
  total: number;
  provider: ProviderName;
  confirmedFree: boolean;
  localSession?: CheckoutSession;
  /** The order's lines with their discounts, as charged. */
  lines: PricedLine[];
  created: { id: string; raceSlug: string }[];
  bibs: Map<string, string | null>;
}

/** What became of a plan: its order placed, or the answer an earlier request with its Idempotency-Key got. */
type Placement = PlacedOrder | { replay: StoredAnswer };

/** An order the transaction admitted, to be written (persistOrders). */
interface AdmittedOrder {
  plan: OrderPlan;
  discountCodeId: string | null;
  result: PlacedOrder;
  /** The answer a later request in the batch with the same Idempotency-Key gets (filled in once written). */
  answer: StoredAnswer | null;
}

/**
 * Registration opening is a burst: thousands of runners press the button within a minute. Each order needs the same
 * fixed work in the write transaction (lock the races, expire lapsed holds, read their counters, look up documents,
 * commit), so orders that arrive while a transaction runs wait and then go through the next one together
 * (core/batcher.ts). A quiet system places each order alone and at once. At most this many orders share a
 * transaction.
 */
export const MAX_ORDERS_PER_TRANSACTION = 64;

// On SQLite a transaction never gives the event loop a turn (better-sqlite3 is synchronous), so requests that came
// in meanwhile could never join: the first order of a batch waits for the I/O at hand (setImmediate, no timer).
const orderBatcher = createBatcher<OrderPlan, Placement>(placeOrders, { maxBatch: MAX_ORDERS_PER_TRANSACTION, start: setImmediate });

/**
 * Places one order: through the batcher, with the other orders of its event that arrive meanwhile (one batch per
 * event at a time); alone in the caller's transaction when there is one.
 */
function placeOrder(plan: OrderPlan): Promise<Placement> {
  return getConnection().inTransaction() ? placeAlone(plan) : orderBatcher.submit(plan.event.id, plan);
}

/** One order in its own transaction (or in the caller's, when there is one). */
async function placeAlone(plan: OrderPlan): Promise<Placement> {
  const result = first(await placeOrders([plan]));
  if (!result.ok) throw result.error;
  return result.value;
}

/**
 * Places the orders of one event in one write transaction, in arrival order, each decided on its own as if alone:
 * a family gets all its places or none, one live entry per document, then the discount code. A refused order writes
 * nothing and gets its own error. If the transaction itself fails (say two processes on PostgreSQL inserted the
 * same document at once), nothing of the batch was written and each order goes again in its own transaction, so one
 * order's trouble is never another's.
 */
async function placeOrders(plans: OrderPlan[]): Promise<Settled<Placement>[]> {
  try {
    return await withTransaction(async (tx) => {
      const { results, admitted } = await admitOrders(tx, plans);
      await persistOrders(tx, admitted);
      return results;
    });
  } catch (error) {
    if (plans.length > 1) {
      const alone: Settled<Placement>[] = [];
      for (const plan of plans) alone.push(...(await placeOrders([plan])));
      return alone;
    }
    if (isUniqueViolation(error)) {
      // Another request with the same Idempotency-Key stored its answer first (on PostgreSQL, from another process):
      // its answer, or 422 when the key came with another request.
      const { idempotency: key, now } = only(plans, "order"); // a batch of several went again one by one above
      const other = key && (await findAnswers(getConnection().db, [key.keyHash], now)).get(key.keyHash);
      if (key && other) return [other.requestHash === key.requestHash ? { ok: true, value: { replay: other } } : { ok: false, error: keyReusedError() }];
      // Two requests with the same document raced past the check: the unique index decided.
      return [{ ok: false, error: new DomainError("duplicate_entry", "A participant already has an entry in this event.", [{ path: "participants", key: "duplicateEntry" }]) }];
    }
    return [{ ok: false, error }];
  }
}

const REFUSALS = {
  sold_out: "Sold out: not enough places left for this order.",
  duplicate_entry: "A participant already has an entry in this event.",
} as const;

/**
 * Step two, in the write transaction: the orders of one event decided in arrival order (core/admission.ts). The
 * event's races are locked and its lapsed holds expired (their places come back to the counters), then the
 * counters, capacities, live documents and answered Idempotency-Keys are read once for the whole batch. The places
 * are counted as of the latest of the batch's clocks (the system clock, unless a request brought its own moment).
 */
async function admitOrders(tx: Database, plans: OrderPlan[]): Promise<{ results: Settled<Placement>[]; admitted: AdmittedOrder[] }> {
  const event = first(plans).event;
  const at = new Date(Math.max(...plans.map((p) => p.clock.now().getTime())));
  await lockEventRaces(tx, event.id);
  await expireStaleOrders(tx, at, event.id);

  const lineOf = (l: PlannedLine): AdmissionLine => ({ index: l.index, raceId: l.participant.raceId, idKey: l.participant.idKey });
  const places = await readPlaceBook(tx, [...new Set(plans.flatMap((p) => p.lines.map((l) => l.participant.raceId)))]);
  const live = await liveDocumentKeys(tx, event.id, plans.flatMap((p) => p.lines.map((l) => l.participant.idKey)));
  const admissions = new Admissions(places, live);
  // Idempotency keys with an answer: committed before this transaction took the races' locks, or made by an order
  // earlier in this batch (added below). A request whose key has one places nothing and gets that answer.
  const answered = await findAnswers(tx, plans.flatMap((p) => (p.idempotency ? [p.idempotency.keyHash] : [])), first(plans).now);

  const results: Settled<Placement>[] = [];
  const admitted: AdmittedOrder[] = [];
  for (const plan of plans) {
    const key = plan.idempotency;
    const earlier = key && answered.get(key.keyHash);
    if (key && earlier) {
      results.push(earlier.requestHash === key.requestHash ? { ok: true, value: { replay: earlier } } : { ok: false, error: keyReusedError() });
      continue;
    }
    const lines = plan.lines.map(lineOf);
    const refusal = admissions.refusal(lines);
    if (refusal) {
      results.push({ ok: false, error: new DomainError(refusal.code, REFUSALS[refusal.code], refusal.issues) });
      continue;
    }
    let discount: RedeemedDiscount | null = null;
    if (plan.discountCode) {
      try {
        discount = await redeemDiscount(tx, event, plan.discountCode, plan.lines, plan.now);
      } catch (error) {
        if (!isDomainError(error)) throw error;
        results.push({ ok: false, error });
        continue;
      }
    }
    admissions.admit(lines);
    const priced: PricedLine[] = plan.lines.map((l, i) => ({ ...l, discountCents: discount?.discounts[i] ?? 0 }));
    const total = priced.reduce((sum, l) => sum + l.priceCents - l.discountCents, 0);
    const result: PlacedOrder = {
      code: "",
      total,
      provider: total === 0 ? "free" : paidProviderName(),
      confirmedFree: false,
      lines: priced,
      created: priced.map((l) => ({ id: timeOrderedId(), raceSlug: l.raceSlug })),
      bibs: new Map(),
    };
    results.push({ ok: true, value: result });
    // Filled in once the order is written (persistOrders); a later request in this batch with the same key gets it.
    const answer: StoredAnswer | null = key ? { requestHash: key.requestHash, status: 201, body: null, resourceId: plan.orderId, lockedUntil: null } : null;
    if (key && answer) answered.set(key.keyHash, answer);
    admitted.push({ plan, discountCodeId: discount?.codeId ?? null, result, answer });
  }
  return { results, admitted };
}

/**
 * Step three, in the same transaction: the admitted orders written, with one statement per table for the whole
 * batch (db/bulk.ts); their held entries take their places in the races' seat counters; free orders are confirmed;
 * each keyed order's answer is stored (a crash leaves both or neither).
 */
async function persistOrders(tx: Database, admitted: AdmittedOrder[]): Promise<void> {
  const [leader] = admitted;
  if (leader === undefined) return;
  const { schema } = getConnection();
  const event = leader.plan.event;
  const codes = await freeOrderCodes(tx, admitted.length);
  const orderRows: RowOf<typeof schema.orders>[] = [];
  const entryRows: RowOf<typeof schema.registrations>[] = [];
  const audits: (AuditEntry & { at: Date })[] = [];
  admitted.forEach(({ plan, discountCodeId, result }, i) => {
    const { now } = plan;
    const lines = result.lines;
    result.code = nth(codes, i, "order code"); // one free code per admitted order
    // A provider that needs no network call (simulated) gives its payment link now, in this same write.
    const local = result.total > 0 ? plan.paidProvider?.localCheckout?.(checkoutOrder(plan, result.code, result.total, lines)) : undefined;
    if (local) result.localSession = local;
    orderRows.push({
      id: plan.orderId,
      code: result.code,
      eventId: event.id,
      email: plan.email,
      locale: plan.locale,
      status: "pending",
      totalCents: result.total,
      currency: plan.currency,
      discountCodeId,
      discountCents: lines.reduce((s, l) => s + l.discountCents, 0),
      provider: result.provider,
      providerSessionId: local?.sessionId ?? null,
      paymentUrl: local?.url ?? null,
      expiresAt: plan.expiresAt,
      createdAt: now,
      updatedAt: now,
    });
    lines.forEach((l, j) => {
      const p = l.participant;
      entryRows.push({
        id: nth(result.created, j).id,
        orderId: plan.orderId,
        eventId: event.id,
        raceId: p.raceId,
        status: "held",
        holdExpiresAt: plan.expiresAt,
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
        email: plan.email,
        emergencyName: p.emergencyContact.name,
        emergencyPhone: p.emergencyContact.phone,
        tshirtSize: p.tshirtSize ?? null,
        predictedFinishSeconds: p.predictedFinishSeconds ?? null,
        guardianName: p.guardian?.name ?? null,
        guardianPhone: p.guardian?.phone ?? null,
        guardianIdNumber: p.guardian?.idNumber ?? null,
        guardianConsent: p.guardian?.consent ?? false,
        bibLocked: false,
        pickupToken: pooledRandomBytes(18).toString("base64url"),
        createdAt: now,
        updatedAt: now,
      });
    });
    audits.push({
      action: "order.create",
      entityType: "order",
      entityId: plan.orderId,
      data: { code: result.code, eventId: event.id, entries: lines.length, totalCents: result.total, currency: plan.currency, provider: result.provider, discountCodeId },
      at: now,
    });
  });
  await insertRows(tx, schema.orders, orderRows);
  await insertRows(tx, schema.registrations, entryRows);
  await countNewEntries(tx, entryRows.map((e) => e.raceId), "held");
  await recordAuditMany(tx, REGISTRANT, audits, leader.plan.now);

  for (const { plan, result } of admitted) {
    if (result.total !== 0) continue;
    // Free races and 100% codes confirm without payment.
    const confirmed = await confirmOrderInTx(tx, { orderId: plan.orderId, provider: "free", providerPaymentId: `free_${plan.orderId}`, amountCents: 0, currency: plan.currency, now: plan.now });
    for (const p of confirmed.placements ?? []) result.bibs.set(p.registrationId, p.bib);
    result.confirmedFree = true;
  }

  const answers: AnswerToStore[] = [];
  for (const { plan, result, answer } of admitted) {
    if (!plan.idempotency || !answer) continue;
    answer.body = storedAnswerOf(plan, result);
    // A provider called after commit (Stripe) gives the payment link later: until then a repeated request waits.
    answer.lockedUntil = result.total > 0 && !result.localSession ? new Date(plan.now.getTime() + CHECKOUT_LEASE_MS) : null;
    answers.push({ idempotency: plan.idempotency, status: 201, body: answer.body, resourceId: plan.orderId, lockedUntil: answer.lockedUntil });
  }
  await saveAnswers(tx, answers, leader.plan.now);
}

function checkoutOrder(plan: OrderPlan, code: string, total: number, lines: PricedLine[]): CheckoutOrder {
  return {
    id: plan.orderId,
    code,
    email: plan.email,
    locale: plan.locale,
    totalCents: total,
    currency: plan.currency,
    accessToken: plan.accessToken,
    expiresAt: plan.expiresAt,
    lines: lines.map((l) => ({ name: `${l.raceName} · ${nativeName(l.participant)}`, amountCents: l.priceCents - l.discountCents })),
  };
}

/**
 * Calls the provider after commit; if it fails, the order is cancelled so its seats come free at once. With an
 * Idempotency-Key, the key's answer becomes whole with the payment link, or is forgotten with the cancelled order
 * (a 5xx is never kept), in the same transactions.
 */
async function startCheckout(order: CheckoutOrder, provider: ProviderName, idempotency: IdempotencyRequest | null): Promise<string> {
  const { schema } = getConnection();
  try {
    const session = await (await getProvider(provider)).createCheckout(order);
    await withTransaction(async (tx) => {
      await tx.update(schema.orders).set({ providerSessionId: session.sessionId, paymentUrl: session.url, updatedAt: new Date() }).where(eq(schema.orders.id, order.id));
      if (idempotency) await completeAnswer(tx, idempotency, order.id);
    });
    return session.url;
  } catch (error) {
    console.error(`[payments] checkout for order ${order.code} failed: ${errorKind(error)}`);
    await withTransaction(async (tx) => {
      const now = new Date();
      // The order's lock, then its races' (its places come free): the lock order of docs/architecture.md "Locks".
      await getConnection().lockKeys(tx, [`order:${order.id}`]);
      await lockOrderRaces(tx, order.id);
      const row = first(await tx.select({ id: schema.orders.id, discountCodeId: schema.orders.discountCodeId }).from(schema.orders).where(eq(schema.orders.id, order.id)), "order");
      await releasePendingOrder(tx, row, "cancelled", now);
      if (idempotency) await forgetAnswer(tx, idempotency, order.id);
      await recordAudit(tx, REGISTRANT, { action: "order.checkout_failed", entityType: "order", entityId: order.id, data: { provider } }, now);
    });
    throw new DomainError("payment_unavailable", "The payment service is not available right now; nothing was charged. Please try again.");
  }
}

/** `n` order codes that no order has yet (random; a clash, however unlikely, is drawn again). */
async function freeOrderCodes(tx: Database, n: number): Promise<string[]> {
  const { schema } = getConnection();
  const codes = new Set<string>();
  for (let round = 0; round < 5 && codes.size < n; round++) {
    const drawn = new Set<string>();
    while (drawn.size < n - codes.size) {
      const code = orderCodeFrom(pooledRandomBytes(8));
      if (!codes.has(code)) drawn.add(code);
    }
    const clashes = await tx.select({ code: schema.orders.code }).from(schema.orders).where(inArray(schema.orders.code, [...drawn]));
    for (const c of clashes) drawn.delete(c.code);
    for (const c of drawn) codes.add(c);
  }
  if (codes.size < n) throw new Error("Could not find free order codes");
  return [...codes];
}

/** A discount code's use taken by an order: the code, and what it takes off each of the order's lines. */
interface RedeemedDiscount {
  codeId: string;
  discounts: number[];
}

/**
 * Checks a discount code and takes one use with a conditional update (used_count < max_uses), under the code's
 * lock: under concurrency a code with N uses is used N times. Returns the code and each line's discount.
 */
async function redeemDiscount(tx: Database, event: EventWithRaces, codeText: string, lines: readonly PlannedLine[], now: Date): Promise<RedeemedDiscount> {
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
  return { codeId: code.id, discounts };
}
