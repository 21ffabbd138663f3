/** The domain's status unions and the shapes stored in JSON columns: shared by core, both schema files (db/) and services. */
export type EventStatus = "draft" | "published" | "closed";
export const EVENT_STATUSES = ["draft", "published", "closed"] as const;
export type UserRole = "admin" | "organizer" | "volunteer";
export const USER_ROLES = ["admin", "organizer", "volunteer"] as const;
export type EventRole = "organizer" | "volunteer";
export const EVENT_ROLES = ["organizer", "volunteer"] as const;
export type RankBy = "gun" | "net";
export const RANK_BASES = ["gun", "net"] as const;

/** One price tier: the price applies from `startsAt` (inclusive) until `endsAt` (exclusive); open ends are null. */
export interface PriceTier {
  priceCents: number;
  startsAt: string | null;
  endsAt: string | null;
  label?: string | null;
}

/** An inclusive range of numeric bibs. Reserved ranges (elite, guests) are assigned by organizers only. */
export interface BibRange {
  from: number;
  to: number;
  reserved: boolean;
  label?: string | null;
}

/** on_confirmation: the next free number when an entry is confirmed; batch: assigned in one go by an organizer. */
export const BIB_STRATEGIES = ["on_confirmation", "batch"] as const;
export type BibStrategy = (typeof BIB_STRATEGIES)[number];

/** What a pickup scan or look-up came to. */
export const PICKUP_OUTCOMES = ["collected", "already_collected", "unknown", "not_confirmed", "cancelled"] as const;
export type PickupOutcome = (typeof PICKUP_OUTCOMES)[number];

export const ORDER_STATUSES = ["pending", "paid", "expired", "cancelled", "refunded"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
/** `expired`: a hold that ran out before payment; it no longer takes a seat. */
export const REGISTRATION_STATUSES = ["held", "confirmed", "cancelled", "refunded", "transferred", "expired"] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];
export const PAYMENT_PROVIDERS = ["stripe", "simulated", "free"] as const;
export type PaymentProvider = (typeof PAYMENT_PROVIDERS)[number];
export const PAYMENT_STATUSES = ["created", "pending", "confirmed", "failed", "cancelled"] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export const REFUND_STATUSES = ["pending", "done", "failed"] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];
export const GENDERS = ["M", "F", "X"] as const;
export type Gender = (typeof GENDERS)[number];
export type DiscountKind = "percent" | "fixed";
/** recorded: kept in the outbox only, because no SMTP server is configured. */
export type OutboxStatus = "queued" | "sending" | "sent" | "failed" | "recorded";

/** A message to runners (server/messages/broadcast.ts): queued → sending (part in the outbox) → done; or cancelled. */
export const BROADCAST_STATUSES = ["queued", "sending", "done", "cancelled"] as const;
export type BroadcastStatus = (typeof BROADCAST_STATUSES)[number];
/** Which confirmed entries a message goes to; null means any. */
export interface BroadcastFilter {
  /** A race's slug. */
  race: string | null;
  /** A wave's name within the race (waves are named per race). */
  wave: string | null;
  /** Packet collected (true), not yet (false), either (null). */
  pickedUp: boolean | null;
}

/** Refund share by date: until `until` (exclusive), `percent` of the entry price is refunded; after the last, none. */
export interface RefundPolicyStep {
  until: string;
  percent: number;
}

/** Results (issue 5): `finished` is the only placed status; the others are listed after the finishers. */
export const RESULT_STATUSES = ["finished", "dnf", "dns", "dq"] as const;
export type ResultStatus = (typeof RESULT_STATUSES)[number];
/** Where a result came from: a results file, or derived from raw chip reads. */
export type ResultSource = "file" | "reads";
/** One cumulative split: elapsed time at a timing point, from the runner's start (net clock). */
export interface ResultSplit {
  label: string;
  elapsedMs: number;
}
