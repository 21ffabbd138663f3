"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { domainErrorState, unreadableFormState } from "@/components/admin/action-errors";
import type { FormState } from "@/components/admin/form-state";
import { requireStaff } from "@/server/auth/session";
import { isDomainError, type DomainError } from "@/server/errors";
import { cancelEntry, refundEntry, resendConfirmation } from "@/server/registration/manage-entries";

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
