/**
 * What staff may do with one entry from its page (issue 14; docs/architecture.md "Rules and where they live"):
 * cancel it, refund it or its whole order, resend the order's confirmation. Written once: the service that loads the
 * entry (server/registration/list-registrations.ts getRegistrationDetail) returns `entryActions(…)`, the admin entry
 * page renders it, and the services that do the work (server/registration/manage-entries.ts cancelEntry and
 * resendConfirmation, server/payments/refunds.ts refundOrder and cancelOwnEntry) refuse with the same checks
 * (`cancelRefusal`, `refundRefusal`, `resendRefusal`), each with the error code it has always answered. Pure.
 */
import type { RegistrationStatus } from "./domain";

/** Why an action is not allowed now. */
export type EntryActionRefusal =
  /** The staff member may only read the entry (a volunteer). */
  | "not_manager"
  /** The entry is not confirmed (held, expired, cancelled, refunded, transferred). */
  | "entry_not_confirmed"
  /** The order is not paid (pending, expired, cancelled, refunded). */
  | "order_not_paid"
  /** Everything paid has already been refunded (or is being). */
  | "nothing_refundable";

export type EntryAction = "cancel" | "refundEntry" | "refundOrder" | "resend";

export type ActionState = { allowed: true } | { allowed: false; why: EntryActionRefusal };

export type EntryActions = Record<EntryAction, ActionState>;

export interface EntryActionFacts {
  /** Admins and the event's organizers. */
  canManage: boolean;
  /** The entry's status as read now (a hold that ran out is expired: core/places.ts). */
  entryStatus: RegistrationStatus;
  orderStatus: string;
  /** Paid and not yet refunded. */
  refundableCents: number;
}

/** Only a confirmed entry can be cancelled (by staff, or by its runner from the private link). */
export function cancelRefusal(entry: { status: RegistrationStatus }): EntryActionRefusal | null {
  return entry.status === "confirmed" ? null : "entry_not_confirmed";
}

/** Only a paid order is refunded; a refund of one entry wants that entry confirmed. */
export function refundRefusal(order: { status: string }, entry: { status: RegistrationStatus } | null): EntryActionRefusal | null {
  if (order.status !== "paid") return "order_not_paid";
  if (entry && entry.status !== "confirmed") return "entry_not_confirmed";
  return null;
}

/** Only a confirmed entry of a paid order has a confirmation to resend. */
export function resendRefusal(order: { status: string }, entry: { status: RegistrationStatus }): EntryActionRefusal | null {
  if (order.status !== "paid") return "order_not_paid";
  if (entry.status !== "confirmed") return "entry_not_confirmed";
  return null;
}

function state(why: EntryActionRefusal | null): ActionState {
  return why === null ? { allowed: true } : { allowed: false, why };
}

/** Every action of the entry page, allowed or with the reason it is not. */
export function entryActions(facts: EntryActionFacts): EntryActions {
  const entry = { status: facts.entryStatus };
  const order = { status: facts.orderStatus };
  const gate = (why: EntryActionRefusal | null): ActionState => state(!facts.canManage ? "not_manager" : why);
  const refundable = (why: EntryActionRefusal | null) => why ?? (facts.refundableCents > 0 ? null : "nothing_refundable");
  return {
    cancel: gate(cancelRefusal(entry)),
    refundEntry: gate(refundable(refundRefusal(order, entry))),
    refundOrder: gate(refundable(refundRefusal(order, null))),
    resend: gate(resendRefusal(order, entry)),
  };
}
