/**
 * What the pickup desk's server actions answer (actions.ts) and the desk's client components read. Refusals carry
 * their code and facts, not words: the desk phrases them in the reader's language and the event's time zone.
 */
import type { PickupLookup } from "@/server/pickup/lookup";
import type { PickupProgress } from "@/server/pickup/progress";
import type { PickupRunner } from "@/server/pickup/runner";

export type DeskRefusal =
  | { code: "already_collected"; details: { at: string; desk: string } }
  | { code: "not_confirmed"; details: { status: string } }
  | { code: "not_found"; details: { by: string } };

/** Not allowed, signed out, or a request the desk should never send: one sentence, already translated. */
export type DeskError = { status: "error"; message: string };

export type FindResult = { status: "ok"; runner: PickupRunner; refusal: DeskRefusal | null } | { status: "refused"; refusal: DeskRefusal } | DeskError;

export type RecordResult = { status: "ok"; runner: PickupRunner; pickup: { at: string; desk: string } } | { status: "refused"; refusal: DeskRefusal; runner: PickupRunner | null } | DeskError;

export type LookupResult = ({ status: "ok" } & PickupLookup) | DeskError;

export type ProgressResult = { status: "ok"; progress: PickupProgress } | DeskError;

export type { PickupRunner, PickupProgress };
