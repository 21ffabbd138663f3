/** Shapes stored in JSON columns and the status unions shared by both schema files. */
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
