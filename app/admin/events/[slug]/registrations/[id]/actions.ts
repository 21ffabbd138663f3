"use server";
import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { domainErrorState } from "@/components/admin/action-errors";
import { parseDurationSeconds } from "@/components/admin/form-data";
import type { FormState } from "@/components/admin/form-state";
import { runnerName } from "@/components/admin/registrations/format";
import { normalizeBib } from "@/core/bibs";
import { eventTag } from "@/core/cache-tags";
import type { Locale } from "@/i18n/routing";
import type { Actor } from "@/server/actor";
import { setBib, setWave, swapBibs } from "@/server/bibs";
import { DomainError } from "@/server/errors";
import { getRegistrationDetail, listRegistrations } from "@/server/registration/list-registrations";
import { cancelEntry, refundEntry, resendConfirmation } from "@/server/registration/manage-entries";
import { updateEntry, type EntryPatch } from "@/server/registration/update-entry";
import { answer, staffAction } from "../../../../../_lib/actions";

const entrySchema = z.object({ eventSlug: z.string().trim().min(1).max(100), registrationId: z.string().trim().min(1).max(100) });
type EntryKeys = z.output<typeof entrySchema>;

function entryPath({ eventSlug, registrationId }: EntryKeys): string {
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

/** A cancellation or a refund frees a place: the event's tag (its cached pages). */
const entryOptions = {
  page: entryPath,
  refused: refusal,
  revalidate: ({ input }: { input: EntryKeys }) => [eventTag(input.eventSlug)],
};

const cancelSchema = entrySchema.extend({ notify: z.string().optional().transform((v) => v === "on") });

/** Cancels a confirmed entry without refund. Allowed: admins and the event's organizers (cancelEntry enforces it). */
export const cancelEntryAction = staffAction(cancelSchema, async ({ input: { eventSlug, registrationId, notify }, actor }) => cancelEntry(actor, eventSlug, registrationId, { notify }), {
  ...entryOptions,
  success: (_result, { input }) => redirect(`${entryPath(input)}?notice=${input.notify ? "cancelledNotified" : "cancelled"}`),
});

const refundSchema = entrySchema.extend({
  scope: z.enum(["entry", "order"]),
  /** Minor units, from the review step; empty for "in full". */
  amountCents: z.union([z.literal(""), z.string().regex(/^\d{1,12}$/)]).optional(),
});

/** Refunds this entry or its whole order, in full or in part. Allowed: admins and the event's organizers. */
export const refundEntryAction = staffAction(
  refundSchema,
  async ({ input: { eventSlug, registrationId, scope, amountCents }, actor }) =>
    (await refundEntry(actor, eventSlug, registrationId, { scope, amountCents: amountCents ? Number(amountCents) : undefined })).amountCents,
  { ...entryOptions, success: (refunded, { input }) => redirect(`${entryPath(input)}?notice=refunded&amount=${refunded}`) },
);

/** Queues the order's confirmation email again (nothing cached shows it). Allowed: admins and the event's organizers. */
export const resendConfirmationAction = staffAction(entrySchema, async ({ input: { eventSlug, registrationId }, actor }) => resendConfirmation(actor, eventSlug, registrationId), {
  ...entryOptions,
  revalidate: () => [],
  success: (_result, { input }) => redirect(`${entryPath(input)}?notice=resent`),
});

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

/** Bibs, waves and a runner's details are shown in the admin (and on the runner's order page, never cached). */
const adminOnly = () => [];

const setBibSchema = entrySchema.extend({
  bib: z.string().trim().max(100),
  /** A ticked checkbox sends "on"; an unticked one nothing (or, from some clients, an empty value). */
  locked: z.union([z.literal("on"), z.literal("")]).optional(),
  /** "unlock": the page's unlock button (same bib, lock off), for its notice. */
  intent: z.union([z.literal("unlock"), z.literal("")]).optional(),
});

/**
 * Gives the entry a bib by hand (locked unless the box is unticked), takes it away (empty), or unlocks it (the
 * unlock button sends the same bib without the lock). Allowed: admins and the event's organizers (setBib enforces it).
 */
export const setBibAction = staffAction(
  setBibSchema,
  async ({ input, actor }) => {
    const bib = input.bib === "" ? null : input.bib;
    const locked = bib !== null && input.locked === "on";
    await setBib(actor, input.eventSlug, input.registrationId, { bib, locked });
    return bib === null ? "bibRemoved" : input.intent === "unlock" ? "bibUnlocked" : locked ? "bibLocked" : "bibSet";
  },
  {
    page: entryPath,
    refused: (error, { input, values, actor }) => bibRefusal(actor, input.eventSlug, error, "bib", values),
    revalidate: adminOnly,
    success: (notice, { input }) => redirect(`${entryPath(input)}?notice=${notice}`),
  },
);

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
export const swapBibsAction = staffAction(
  swapSchema,
  async ({ input: { eventSlug, registrationId, other }, values, actor }) => {
    const t = await getTranslations("admin.bibs.entry.errors");
    if (other === "") return answer(fieldRefusal("other", t("otherRequired"), values));
    const otherId = await otherEntryId(actor, eventSlug, other);
    if (!otherId) return answer(fieldRefusal("other", t("otherUnknown", { other }), values));
    await swapBibs(actor, eventSlug, registrationId, otherId);
  },
  {
    page: entryPath,
    refused: async (error, { input, values, actor }) => {
      if (error.code !== "not_found") return bibRefusal(actor, input.eventSlug, error, "other", values);
      const t = await getTranslations("admin.bibs.entry.errors");
      return fieldRefusal("other", t("otherUnknown", { other: input.other }), values);
    },
    revalidate: adminOnly,
    success: (_none, { input }) => redirect(`${entryPath(input)}?notice=bibsSwapped`),
  },
);

const waveSchema = entrySchema.extend({ waveId: z.string().trim().max(100) });

/** Moves the entry to another wave of its race, or to none. Allowed: admins and the event's organizers. */
export const setWaveAction = staffAction(waveSchema, async ({ input: { eventSlug, registrationId, waveId }, actor }) => setWave(actor, eventSlug, registrationId, waveId === "" ? null : waveId), {
  page: entryPath,
  refused: (error, { input, values, actor }) => bibRefusal(actor, input.eventSlug, error, "waveId", values),
  revalidate: adminOnly,
  success: (_result, { input }) => redirect(`${entryPath(input)}?notice=${input.waveId === "" ? "waveCleared" : "waveSet"}`),
});

const TEXT_FIELDS = ["familyName", "givenName", "gender", "birthDate", "nationality", "phone", "email", "emergencyName", "emergencyPhone"] as const;

/**
 * Corrects the runner's details of an entry (the entry page's form). Empty Latin name, shirt size or predicted
 * time clears it; the predicted time is typed as h:mm or h:mm:ss. Allowed: admins and the event's organizers
 * (updateEntry enforces it, and checks the registration rules).
 */
export const updateEntryAction = staffAction(
  entrySchema,
  async ({ input: { eventSlug, registrationId }, values, actor }) => {
    const patch: EntryPatch = {};
    for (const field of TEXT_FIELDS) if (values[field] !== undefined) (patch as Record<string, string>)[field] = values[field];
    if (values.latinName !== undefined) patch.latinName = values.latinName.trim() || null;
    if (values.tshirtSize !== undefined) patch.tshirtSize = values.tshirtSize || null;
    if (values.predicted !== undefined) {
      const text = values.predicted.trim();
      const seconds = text === "" ? null : parseDurationSeconds(text);
      if (text !== "" && seconds === null) {
        const t = await getTranslations("admin.participants.edit");
        return answer(fieldRefusal("predicted", t("predictedFormat"), values));
      }
      patch.predictedFinishSeconds = seconds;
    }
    return (await updateEntry(actor, eventSlug, registrationId, patch)).changed;
  },
  {
    page: entryPath,
    refused: (error, { values }) => {
      // The domain names the stored field; the form's input for the predicted time is "predicted".
      const issues = error.issues.map((i) => (i.path === "predictedFinishSeconds" ? { ...i, path: "predicted" } : i));
      return domainErrorState(new DomainError(error.code, error.message, issues), values);
    },
    revalidate: adminOnly,
    success: (changed, { input }) => redirect(`${entryPath(input)}?notice=${changed.length > 0 ? "entryUpdated" : "entryUnchanged"}`),
  },
);
