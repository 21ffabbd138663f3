"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { domainErrorState, unreadableFormState } from "@/components/admin/action-errors";
import { formValues } from "@/components/admin/form-data";
import type { FormState } from "@/components/admin/form-state";
import { requireStaff } from "@/server/auth/session";
import { isDomainError, type DomainError } from "@/server/errors";
import { inviteStaff, removeStaff, revokeInvitation } from "@/server/staff/invitations";

const eventSlugSchema = z.string().trim().min(1).max(100);

function staffPath(eventSlug: string): string {
  return `/admin/events/${eventSlug}/staff`;
}

const REASONS = ["unknown", "expired", "accepted", "revoked", "already_staff", "not_staff"] as const;

/** A refusal with a reason of its own (already on the staff, invitation used) in words; the rest as usual. */
async function refusalState(error: DomainError, values: Record<string, string>): Promise<FormState> {
  const reason = (error.details as { reason?: string } | undefined)?.reason;
  if (reason && (REASONS as readonly string[]).includes(reason) && error.code !== "forbidden") {
    const t = await getTranslations("admin.staff.errors");
    return { status: "error", message: t(reason as (typeof REASONS)[number]), fieldErrors: {}, values };
  }
  return domainErrorState(error, values);
}

/**
 * Invites someone to the event's staff by email, in the inviter's language. Admins invite organizers and
 * volunteers; the event's organizers invite volunteers (inviteStaff enforces it).
 */
export async function inviteStaffAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const eventSlug = eventSlugSchema.safeParse(values?.eventSlug);
  if (!values || !eventSlug.success) return unreadableFormState();
  const actor = await requireStaff(staffPath(eventSlug.data));
  try {
    await inviteStaff(actor, eventSlug.data, { email: values.email ?? "", role: values.role ?? "", locale: await getLocale() });
  } catch (error) {
    if (isDomainError(error)) return refusalState(error, values);
    throw error;
  }
  revalidatePath(staffPath(eventSlug.data));
  redirect(`${staffPath(eventSlug.data)}?notice=invited`);
}

const revokeSchema = z.object({ eventSlug: eventSlugSchema, invitationId: z.string().trim().min(1).max(100) });

/** Withdraws a pending invitation (after the page's confirmation step). Same rights as inviting that role. */
export async function revokeInvitationAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const parsed = revokeSchema.safeParse({ eventSlug: formData.get("eventSlug"), invitationId: formData.get("invitationId") });
  if (!parsed.success) return unreadableFormState();
  const { eventSlug, invitationId } = parsed.data;
  const actor = await requireStaff(staffPath(eventSlug));
  try {
    await revokeInvitation(actor, eventSlug, invitationId);
  } catch (error) {
    if (isDomainError(error)) return refusalState(error, {});
    throw error;
  }
  revalidatePath(staffPath(eventSlug));
  redirect(`${staffPath(eventSlug)}?notice=revoked`);
}

const removeSchema = z.object({ eventSlug: eventSlugSchema, userId: z.string().trim().min(1).max(100) });

/** Takes someone off the event's staff (after the confirmation step). Admins: anyone; organizers: volunteers. */
export async function removeStaffAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const parsed = removeSchema.safeParse({ eventSlug: formData.get("eventSlug"), userId: formData.get("userId") });
  if (!parsed.success) return unreadableFormState();
  const { eventSlug, userId } = parsed.data;
  const actor = await requireStaff(staffPath(eventSlug));
  try {
    await removeStaff(actor, eventSlug, userId);
  } catch (error) {
    if (isDomainError(error)) return refusalState(error, {});
    throw error;
  }
  revalidatePath(staffPath(eventSlug));
  redirect(`${staffPath(eventSlug)}?notice=removed`);
}
