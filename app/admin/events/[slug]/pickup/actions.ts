"use server";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import type { DomainError } from "@/server/errors";
import { lookupForPickup } from "@/server/pickup/lookup";
import { pickupProgress } from "@/server/pickup/progress";
import { findForPickup, recordPickup } from "@/server/pickup/record-pickup";
import { fieldsOf, staffAction, type StaffOptions } from "../../../../_lib/actions";
import type { DeskError, DeskRefusal, FindResult, LookupResult, ProgressResult, RecordResult } from "./desk-types";

/**
 * The pickup desk's calls (app/admin/events/[slug]/pickup): look an entry up, search, hand a packet over, read the
 * progress. Each checks who asks (a staff session, then the server function: the event's volunteers and organizers,
 * and admins) and answers data for the desk's client components; a refusal comes back as its code and facts.
 */

const field = z.string().max(200).optional();
const formSchema = z.object({
  eventSlug: z.string().trim().min(1).max(100),
  code: field,
  bib: field,
  registrationId: field,
  desk: field,
  q: field,
});
type DeskForm = z.output<typeof formSchema>;

/** The desk's own fields as text; anything else it might carry (a file, say) is not read. */
const read = fieldsOf("eventSlug", "code", "bib", "registrationId", "desk", "q");

const deskPath = (eventSlug: string) => `/admin/events/${eventSlug}/pickup`;

async function errorOf(key: string): Promise<DeskError> {
  const t = await getTranslations("admin");
  return { status: "error", message: t(key) };
}

/**
 * A handover's refusal (core/pickup-refusal.ts, answered as a DomainError) or an unknown entry, as the desk shows it
 * on the card; null for errors that are not about the entry.
 */
function deskRefusalOf(error: DomainError): DeskRefusal | null {
  const details = error.details as Partial<Record<string, string>> | undefined;
  if (error.code === "already_collected" && details?.at !== undefined && details.desk !== undefined) return { code: "already_collected", details: { at: details.at, desk: details.desk } };
  if (error.code === "not_confirmed" && details?.status !== undefined) return { code: "not_confirmed", details: { status: details.status } };
  if (error.code === "not_found" && details?.by) return { code: "not_found", details: { by: details.by } };
  return null;
}

function otherError(error: DomainError): Promise<DeskError> {
  if (error.code === "validation_failed") return errorOf("pickup.errors.invalid");
  const known = ["forbidden", "not_found", "unauthorized", "rate_limited"];
  return errorOf(`errorCodes.${known.includes(error.code) ? error.code : "other"}`);
}

/** What every desk call shares: called with the form alone, read as above, answered with data, nothing revalidated. */
function desk<R>(path: (eventSlug: string) => string): Pick<StaffOptions<DeskForm, R, R | DeskError>, "call" | "read" | "unreadable" | "page"> & { call: true } {
  return { call: true, read, unreadable: () => errorOf("errorCodes.unreadable"), page: ({ eventSlug }) => path(eventSlug) };
}

/** The runner card for a scanned code, a bib or an entry from the search; a refused scan is logged (desk given). */
export const findForPickupAction = staffAction<DeskForm, FindResult, FindResult>(
  formSchema,
  async ({ input: { eventSlug, code, bib, registrationId, desk }, actor }) => {
    const check = await findForPickup(actor, eventSlug, { code, bib, registrationId, desk: desk || null });
    return { status: "ok", runner: check.runner, refusal: check.refusal ? (check.refusal as DeskRefusal) : null };
  },
  {
    ...desk<FindResult>(deskPath),
    refused: (error) => {
      const refusal = deskRefusalOf(error);
      return refusal ? { status: "refused", refusal } : otherError(error);
    },
  },
);

/** Hands the packet over (one per entry, whichever desk is first). */
export const recordPickupAction = staffAction<DeskForm, RecordResult, RecordResult>(
  formSchema,
  async ({ input: { eventSlug, code, bib, registrationId, desk }, actor }) => {
    const result = await recordPickup(actor, eventSlug, { code, bib, registrationId, desk: desk ?? "" });
    return { status: "ok", runner: result.runner, pickup: { at: result.pickup.at, desk: result.pickup.desk } };
  },
  {
    ...desk<RecordResult>(deskPath),
    refused: async (error, { input: { eventSlug, code, bib, registrationId }, actor }) => {
      const refusal = deskRefusalOf(error);
      if (!refusal) return otherError(error);
      // The card as it is now (who collected it, the entry's status), read only.
      const now = refusal.code === "not_found" ? null : await findForPickup(actor, eventSlug, { code, bib, registrationId }).catch(() => null);
      return { status: "refused", refusal, runner: now?.runner ?? null };
    },
  },
);

/** Search by bib, name or the last 4 characters of the ID number (a short list). */
export const lookupForPickupAction = staffAction<DeskForm, LookupResult, LookupResult>(
  formSchema,
  async ({ input: { eventSlug, q }, actor }) => ({ status: "ok", ...(await lookupForPickup(actor, eventSlug, q ?? "")) }),
  {
    ...desk<LookupResult>(deskPath),
    refused: (error) => (error.code === "validation_failed" ? errorOf("pickup.search.empty") : otherError(error)),
  },
);

/** Collected / confirmed per race, for the progress page's polling. */
export const pickupProgressAction = staffAction<DeskForm, ProgressResult, ProgressResult>(
  formSchema,
  async ({ input: { eventSlug }, actor }) => ({ status: "ok", progress: await pickupProgress(actor, eventSlug) }),
  { ...desk<ProgressResult>((eventSlug) => `${deskPath(eventSlug)}/progress`), refused: otherError },
);
