"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { domainErrorState, unreadableFormState } from "@/components/admin/action-errors";
import { formValues, parseDurationSeconds } from "@/components/admin/form-data";
import type { FormState } from "@/components/admin/form-state";
import { runnerName } from "@/components/admin/registrations/format";
import { normalizeBib } from "@/core/bib-assignment";
import type { Locale } from "@/i18n/routing";
import type { Actor } from "@/server/actor";
import { requireStaff } from "@/server/auth/session";
import { setBib, setWave, swapBibs } from "@/server/bibs";
import { DomainError, isDomainError } from "@/server/errors";
import { getRegistrationDetail, listRegistrations } from "@/server/registration/list-registrations";
import { cancelEntry, refundEntry, resendConfirmation } from "@/server/registration/manage-entries";
import { updateEntry, type EntryPatch } from "@/server/registration/update-entry";

const entrySchema = z.object({ eventSlug: z.string().trim().min(1).max(100), registrationId: z.string().trim().min(1).max(100) });

function entryPath(eventSlug: string, registrationId: string): string {
  return `/admin/events/${eventSlug}/registrations/${registrationId}`;
}

/**
 * A refusal in words. Not allowed reads as everywhere in the admin; an entry that changed under the reader (cancelled
 * or refunded in another tab) says so, rather than "someone changed this at the same time".
 */
async function refusal(error: DomainError): Promise<FormState> {
  const t = await getTranslations("admin.entryActions.errors");
  if (error.code === "validation_failed") {
    // The only field here is the amount (too large now that another refund went through, or not positive).
    const state = await domainErrorState(error, {});
    const tForm = await getTranslations("admin.form");
    const label = t("amountLabel");
    return { ...state, fieldErrors: {}, message: Object.values(state.fieldErrors).map((message) => tForm("fieldError", { label, message })).join(" ") };
  }
  if (error.code === "conflict") return { status: "error", message: t("notConfirmed"), fieldErrors: {}, values: {} };
  if (error.code === "refund_not_allowed") return { status: "error", message: t("notRefundable"), fieldErrors: {}, values: {} };
  if (error.code === "not_found") return { status: "error", message: t("notFound"), fieldErrors: {}, values: {} };
  return domainErrorState(error, {});
}

/** Cancels a confirmed entry without refund. Allowed: admins and the event's organizers (cancelEntry enforces it). */
export async function cancelEntryAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const parsed = entrySchema.safeParse({ eventSlug: formData.get("eventSlug"), registrationId: formData.get("registrationId") });
  if (!parsed.success) return unreadableFormState();
  const { eventSlug, registrationId } = parsed.data;
  const actor = await requireStaff(entryPath(eventSlug, registrationId));
  const notify = formData.get("notify") === "on";
  try {
    await cancelEntry(actor, eventSlug, registrationId, { notify });
  } catch (error) {
    if (isDomainError(error)) return refusal(error);
    throw error;
  }
  revalidatePath("/", "layout");
  redirect(`${entryPath(eventSlug, registrationId)}?notice=${notify ? "cancelledNotified" : "cancelled"}`);
}

const refundSchema = entrySchema.extend({
  scope: z.enum(["entry", "order"]),
  /** Minor units, from the review step; empty for "in full". */
  amountCents: z.union([z.literal(""), z.string().regex(/^\d{1,12}$/)]).optional(),
});

/** Refunds this entry or its whole order, in full or in part. Allowed: admins and the event's organizers. */
export async function refundEntryAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const parsed = refundSchema.safeParse({
    eventSlug: formData.get("eventSlug"),
    registrationId: formData.get("registrationId"),
    scope: formData.get("scope"),
    amountCents: formData.get("amountCents") ?? undefined,
  });
  if (!parsed.success) return unreadableFormState();
  const { eventSlug, registrationId, scope, amountCents } = parsed.data;
  const actor = await requireStaff(entryPath(eventSlug, registrationId));
  let refunded: number;
  try {
    refunded = (await refundEntry(actor, eventSlug, registrationId, { scope, amountCents: amountCents ? Number(amountCents) : undefined })).amountCents;
  } catch (error) {
    if (isDomainError(error)) return refusal(error);
    throw error;
  }
  revalidatePath("/", "layout");
  redirect(`${entryPath(eventSlug, registrationId)}?notice=refunded&amount=${refunded}`);
}

/** Queues the order's confirmation email again. Allowed: admins and the event's organizers. */
export async function resendConfirmationAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const parsed = entrySchema.safeParse({ eventSlug: formData.get("eventSlug"), registrationId: formData.get("registrationId") });
  if (!parsed.success) return unreadableFormState();
  const { eventSlug, registrationId } = parsed.data;
  const actor = await requireStaff(entryPath(eventSlug, registrationId));
  try {
    await resendConfirmation(actor, eventSlug, registrationId);
  } catch (error) {
    if (isDomainError(error)) return refusal(error);
    throw error;
  }
  revalidatePath("/", "layout");
  redirect(`${entryPath(eventSlug, registrationId)}?notice=resent`);
}

/** A form's refusal on one field: the message next to the field (and in the summary), what was typed kept. */
function fieldRefusal(field: string, message: string, values: Record<string, string>): FormState {
  return { status: "error", message: null, fieldErrors: { [field]: message }, values };
}

/** The name of the entry holding a bib, for "already given to …"; null when it cannot be read. */
async function holderName(actor: Actor, eventSlug: string, registrationId: unknown): Promise<string | null> {
  if (typeof registrationId !== "string") return null;
  try {
    const { entry } = await getRegistrationDetail(actor, eventSlug, registrationId);
    return runnerName(entry, (await getLocale()) as Locale).main;
  } catch {
    return null;
  }
}

/** A refusal of a bib or wave change in words, on the form's field when it is about one. */
async function bibRefusal(actor: Actor, eventSlug: string, error: DomainError, field: string, values: Record<string, string>): Promise<FormState> {
  const t = await getTranslations("admin.bibs.entry.errors");
  if (error.code === "bib_taken") {
    const name = await holderName(actor, eventSlug, error.details?.registrationId);
    return fieldRefusal(field, name ? t("takenBy", { name }) : t("taken"), values);
  }
  if (error.code === "validation_failed") {
    const key = error.issues[0]?.key;
    if (key === "bibFormat") return fieldRefusal(field, t("bibFormat"), values);
    if (key === "sameEntry") return fieldRefusal(field, t("sameEntry"), values);
    if (key === "waveNotInRace") return fieldRefusal(field, t("waveNotInRace"), values);
  }
  if (error.code === "not_found") return { status: "error", message: t("notFound"), fieldErrors: {}, values };
  return domainErrorState(error, values);
}

const setBibSchema = entrySchema.extend({
  bib: z.string().trim().max(100),
  /** A ticked checkbox sends "on"; an unticked one nothing. */
  locked: z.literal("on").optional(),
  /** "unlock": the page's unlock button (same bib, lock off), for its notice. */
  intent: z.literal("unlock").optional(),
});

/**
 * Gives the entry a bib by hand (locked unless the box is unticked), takes it away (empty), or unlocks it (the
 * unlock button sends the same bib without the lock). Allowed: admins and the event's organizers (setBib enforces it).
 */
export async function setBibAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const parsed = setBibSchema.safeParse({ ...values, locked: values?.locked || undefined, intent: values?.intent || undefined });
  if (!values || !parsed.success) return unreadableFormState();
  const { eventSlug, registrationId, intent } = parsed.data;
  const bib = parsed.data.bib === "" ? null : parsed.data.bib;
  const locked = bib !== null && parsed.data.locked === "on";
  const actor = await requireStaff(entryPath(eventSlug, registrationId));
  try {
    await setBib(actor, eventSlug, registrationId, { bib, locked });
  } catch (error) {
    if (isDomainError(error)) return bibRefusal(actor, eventSlug, error, "bib", values);
    throw error;
  }
  revalidatePath("/admin", "layout");
  const notice = bib === null ? "bibRemoved" : intent === "unlock" ? "bibUnlocked" : locked ? "bibLocked" : "bibSet";
  redirect(`${entryPath(eventSlug, registrationId)}?notice=${notice}`);
}

const swapSchema = entrySchema.extend({ other: z.string().trim().max(100) });

/**
 * The entry another one names: its registration id, or the bib it holds (the entry list's search finds bibs
 * exactly). Null when no entry of the event matches.
 */
async function otherEntryId(actor: Actor, eventSlug: string, text: string): Promise<string | null> {
  const bib = normalizeBib(text);
  const page = await listRegistrations(actor, eventSlug, { q: bib ?? text, pageSize: "50" }, { audience: "staff" });
  const match = page.registrations.find((r) => r.id === text) ?? page.registrations.find((r) => bib !== null && r.bib?.toUpperCase() === bib.toUpperCase());
  if (match) return match.id;
  // An id the search does not find as such (ids are not searched): the domain says whether it exists.
  return /^[0-9a-f-]{36}$/i.test(text) ? text : null;
}

/** Swaps this entry's bib with another entry's (named by bib or entry ID); both end locked. Admins and organizers. */
export async function swapBibsAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const parsed = swapSchema.safeParse(values ?? {});
  if (!values || !parsed.success) return unreadableFormState();
  const { eventSlug, registrationId, other } = parsed.data;
  const actor = await requireStaff(entryPath(eventSlug, registrationId));
  const t = await getTranslations("admin.bibs.entry.errors");
  if (other === "") return fieldRefusal("other", t("otherRequired"), values);
  try {
    const otherId = await otherEntryId(actor, eventSlug, other);
    if (!otherId) return fieldRefusal("other", t("otherUnknown", { other }), values);
    await swapBibs(actor, eventSlug, registrationId, otherId);
  } catch (error) {
    if (isDomainError(error) && error.code === "not_found") return fieldRefusal("other", t("otherUnknown", { other }), values);
    if (isDomainError(error)) return bibRefusal(actor, eventSlug, error, "other", values);
    throw error;
  }
  revalidatePath("/admin", "layout");
  redirect(`${entryPath(eventSlug, registrationId)}?notice=bibsSwapped`);
}

const waveSchema = entrySchema.extend({ waveId: z.string().trim().max(100) });

/** Moves the entry to another wave of its race, or to none. Allowed: admins and the event's organizers. */
export async function setWaveAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const parsed = waveSchema.safeParse(values ?? {});
  if (!values || !parsed.success) return unreadableFormState();
  const { eventSlug, registrationId, waveId } = parsed.data;
  const actor = await requireStaff(entryPath(eventSlug, registrationId));
  try {
    await setWave(actor, eventSlug, registrationId, waveId === "" ? null : waveId);
  } catch (error) {
    if (isDomainError(error)) return bibRefusal(actor, eventSlug, error, "waveId", values);
    throw error;
  }
  revalidatePath("/admin", "layout");
  redirect(`${entryPath(eventSlug, registrationId)}?notice=${waveId === "" ? "waveCleared" : "waveSet"}`);
}

const TEXT_FIELDS = ["familyName", "givenName", "gender", "birthDate", "nationality", "phone", "email", "emergencyName", "emergencyPhone"] as const;

/**
 * Corrects the runner's details of an entry (the entry page's form). Empty Latin name, shirt size or predicted
 * time clears it; the predicted time is typed as h:mm or h:mm:ss. Allowed: admins and the event's organizers
 * (updateEntry enforces it, and checks the registration rules).
 */
export async function updateEntryAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const parsed = entrySchema.safeParse(values ?? {});
  if (!values || !parsed.success) return unreadableFormState();
  const { eventSlug, registrationId } = parsed.data;
  const actor = await requireStaff(entryPath(eventSlug, registrationId));
  const patch: EntryPatch = {};
  for (const field of TEXT_FIELDS) if (values[field] !== undefined) (patch as Record<string, string>)[field] = values[field];
  if (values.latinName !== undefined) patch.latinName = values.latinName.trim() || null;
  if (values.tshirtSize !== undefined) patch.tshirtSize = values.tshirtSize || null;
  if (values.predicted !== undefined) {
    const text = values.predicted.trim();
    const seconds = text === "" ? null : parseDurationSeconds(text);
    if (text !== "" && seconds === null) {
      const t = await getTranslations("admin.participants.edit");
      return fieldRefusal("predicted", t("predictedFormat"), values);
    }
    patch.predictedFinishSeconds = seconds;
  }
  let changed: string[];
  try {
    changed = (await updateEntry(actor, eventSlug, registrationId, patch)).changed;
  } catch (error) {
    if (isDomainError(error)) {
      // The domain names the stored field; the form's input for the predicted time is "predicted".
      const issues = error.issues.map((i) => (i.path === "predictedFinishSeconds" ? { ...i, path: "predicted" } : i));
      return domainErrorState(new DomainError(error.code, error.message, issues), values);
    }
    throw error;
  }
  revalidatePath("/admin", "layout");
  redirect(`${entryPath(eventSlug, registrationId)}?notice=${changed.length > 0 ? "entryUpdated" : "entryUnchanged"}`);
}
