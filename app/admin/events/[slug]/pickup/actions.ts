"use server";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { requireStaff } from "@/server/auth/session";
import { isDomainError, type DomainError } from "@/server/errors";
import { lookupForPickup } from "@/server/pickup/lookup";
import { pickupProgress } from "@/server/pickup/progress";
import { findForPickup, recordPickup } from "@/server/pickup/record-pickup";
import type { DeskError, DeskRefusal, FindResult, LookupResult, ProgressResult, RecordResult } from "./desk-types";

/**
 * The pickup desk's calls (app/admin/events/[slug]/pickup): look an entry up, search, hand a packet over, read the
 * progress. Each checks who asks (requireStaff, then the server function: the event's volunteers and organizers,
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

function read(formData: FormData) {
  const value = (name: string) => {
    const v = formData.get(name);
    return typeof v === "string" ? v : undefined;
  };
  return formSchema.safeParse({ eventSlug: value("eventSlug"), code: value("code"), bib: value("bib"), registrationId: value("registrationId"), desk: value("desk"), q: value("q") });
}

const deskPath = (eventSlug: string) => `/admin/events/${eventSlug}/pickup`;

async function errorOf(key: string): Promise<DeskError> {
  const t = await getTranslations("admin");
  return { status: "error", message: t(key) };
}

/** A refusal the desk shows on the card, or null for errors that are not about the entry. */
function refusalOf(error: DomainError): DeskRefusal | null {
  const details = error.details as Record<string, string> | undefined;
  if (error.code === "already_collected" && details) return { code: "already_collected", details: { at: details.at, desk: details.desk } };
  if (error.code === "not_confirmed" && details) return { code: "not_confirmed", details: { status: details.status } };
  if (error.code === "not_found" && details?.by) return { code: "not_found", details: { by: details.by } };
  return null;
}

function otherError(error: DomainError): Promise<DeskError> {
  if (error.code === "validation_failed") return errorOf("pickup.errors.invalid");
  const known = ["forbidden", "not_found", "unauthorized", "rate_limited"];
  return errorOf(`errorCodes.${known.includes(error.code) ? error.code : "other"}`);
}

/** The runner card for a scanned code, a bib or an entry from the search; a refused scan is logged (desk given). */
export async function findForPickupAction(formData: FormData): Promise<FindResult> {
  const parsed = read(formData);
  if (!parsed.success) return errorOf("errorCodes.unreadable");
  const { eventSlug, code, bib, registrationId, desk } = parsed.data;
  const actor = await requireStaff(deskPath(eventSlug));
  try {
    const check = await findForPickup(actor, eventSlug, { code, bib, registrationId, desk: desk || null });
    return { status: "ok", runner: check.runner, refusal: check.refusal ? (check.refusal as DeskRefusal) : null };
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const refusal = refusalOf(error);
    return refusal ? { status: "refused", refusal } : otherError(error);
  }
}

/** Hands the packet over (one per entry, whichever desk is first). */
export async function recordPickupAction(formData: FormData): Promise<RecordResult> {
  const parsed = read(formData);
  if (!parsed.success) return errorOf("errorCodes.unreadable");
  const { eventSlug, code, bib, registrationId, desk } = parsed.data;
  const actor = await requireStaff(deskPath(eventSlug));
  try {
    const result = await recordPickup(actor, eventSlug, { code, bib, registrationId, desk: desk ?? "" });
    return { status: "ok", runner: result.runner, pickup: { at: result.pickup.at, desk: result.pickup.desk } };
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const refusal = refusalOf(error);
    if (!refusal) return otherError(error);
    // The card as it is now (who collected it, the entry's status), read only.
    const now = refusal.code === "not_found" ? null : await findForPickup(actor, eventSlug, { code, bib, registrationId }).catch(() => null);
    return { status: "refused", refusal, runner: now?.runner ?? null };
  }
}

/** Search by bib, name or the last 4 characters of the ID number (a short list). */
export async function lookupForPickupAction(formData: FormData): Promise<LookupResult> {
  const parsed = read(formData);
  if (!parsed.success) return errorOf("errorCodes.unreadable");
  const { eventSlug, q } = parsed.data;
  const actor = await requireStaff(deskPath(eventSlug));
  try {
    return { status: "ok", ...(await lookupForPickup(actor, eventSlug, q ?? "")) };
  } catch (error) {
    if (!isDomainError(error)) throw error;
    if (error.code === "validation_failed") return errorOf("pickup.search.empty");
    return otherError(error);
  }
}

/** Collected / confirmed per race, for the progress page's polling. */
export async function pickupProgressAction(formData: FormData): Promise<ProgressResult> {
  const parsed = read(formData);
  if (!parsed.success) return errorOf("errorCodes.unreadable");
  const { eventSlug } = parsed.data;
  const actor = await requireStaff(`${deskPath(eventSlug)}/progress`);
  try {
    return { status: "ok", progress: await pickupProgress(actor, eventSlug) };
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return otherError(error);
  }
}
