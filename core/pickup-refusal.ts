/**
 * Why a desk may not hand an entry's packet over (issue 4 "Packet pickup", issue 14; docs/architecture.md "Rules
 * and where they live"). One rule for the handover (server/pickup/record-pickup.ts, which answers it as its error)
 * and for the desk's card (app/admin/events/[slug]/pickup/pickup-desk.tsx, which shows it before anyone presses the
 * button). Pure.
 *
 * - A packet that has gone stays gone, whatever happened to the entry since: already_collected, with the first
 *   handover's time and desk.
 * - Otherwise only a confirmed entry is handed over; a hold that ran out reads expired (core/places.ts). A held or
 *   expired entry is `not_confirmed` in the scan log, a cancelled, refunded or transferred one `cancelled`.
 */
import type { PickupOutcome, RegistrationStatus } from "./domain";
import { effectiveStatus } from "./places";

/** What the rule reads of an entry. `holdExpiresAt` may be left out when `status` is already read at `now`. */
export interface PickupFacts {
  status: RegistrationStatus;
  holdExpiresAt?: Date | null;
  /** The handover, when it has happened: when (ISO) and at which desk. */
  pickup: { at: string; desk: string } | null;
}

export type PickupRefusal =
  | { code: "already_collected"; outcome: "already_collected"; details: { at: string; desk: string } }
  | { code: "not_confirmed"; outcome: Extract<PickupOutcome, "not_confirmed" | "cancelled">; details: { status: RegistrationStatus } };

/** The refusal at `now`, or null when the packet may be handed over. */
export function pickupRefusal(entry: PickupFacts, now: Date): PickupRefusal | null {
  if (entry.pickup) return { code: "already_collected", outcome: "already_collected", details: { at: entry.pickup.at, desk: entry.pickup.desk } };
  const status = effectiveStatus({ status: entry.status, holdExpiresAt: entry.holdExpiresAt ?? null }, now);
  if (status === "confirmed") return null;
  return { code: "not_confirmed", outcome: status === "held" || status === "expired" ? "not_confirmed" : "cancelled", details: { status } };
}

const NOT_CONFIRMED_WHY: Partial<Record<RegistrationStatus, string>> = {
  held: "it is awaiting payment",
  expired: "its hold ran out before payment",
  cancelled: "it was cancelled",
  refunded: "it was refunded",
  transferred: "it was transferred to another runner",
};

/** The refusal as the API's error message says it (English; pages phrase it from its code and details). */
export function pickupRefusalMessage(refusal: PickupRefusal): string {
  if (refusal.code === "already_collected") return `This packet was already collected at ${refusal.details.at} at "${refusal.details.desk}".`;
  const { status } = refusal.details;
  return `This entry is not confirmed: ${NOT_CONFIRMED_WHY[status] ?? status} (${status}).`;
}
