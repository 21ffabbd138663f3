"use server";
import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { domainErrorState } from "@/components/admin/action-errors";
import type { FormState } from "@/components/admin/form-state";
import type { DomainError } from "@/server/errors";
import { inviteStaff, removeStaff, revokeInvitation } from "@/server/staff/invitations";
import { staffAction } from "../../../../_lib/actions";

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

/** The staff page is the admin's own: nothing cached shows who is on an event's staff. */
const onStaffPage = {
  page: ({ eventSlug }: { eventSlug: string }) => staffPath(eventSlug),
  revalidate: () => [],
};

/**
 * Invites someone to the event's staff by email, in the inviter's language. Admins invite organizers and
 * volunteers; the event's organizers invite volunteers (inviteStaff enforces it).
 */
export const inviteStaffAction = staffAction(
  z.object({ eventSlug: eventSlugSchema }),
  async ({ input: { eventSlug }, values, actor }) => inviteStaff(actor, eventSlug, { email: values.email ?? "", role: values.role ?? "", locale: await getLocale() }),
  {
    ...onStaffPage,
    refused: (error, { values }) => refusalState(error, values),
    success: (_invitation, { input }) => redirect(`${staffPath(input.eventSlug)}?notice=invited`),
  },
);

const revokeSchema = z.object({ eventSlug: eventSlugSchema, invitationId: z.string().trim().min(1).max(100) });

/** Withdraws a pending invitation (after the page's confirmation step). Same rights as inviting that role. */
export const revokeInvitationAction = staffAction(revokeSchema, async ({ input: { eventSlug, invitationId }, actor }) => revokeInvitation(actor, eventSlug, invitationId), {
  ...onStaffPage,
  refused: (error) => refusalState(error, {}),
  success: (_none, { input }) => redirect(`${staffPath(input.eventSlug)}?notice=revoked`),
});

const removeSchema = z.object({ eventSlug: eventSlugSchema, userId: z.string().trim().min(1).max(100) });

/** Takes someone off the event's staff (after the confirmation step). Admins: anyone; organizers: volunteers. */
export const removeStaffAction = staffAction(removeSchema, async ({ input: { eventSlug, userId }, actor }) => removeStaff(actor, eventSlug, userId), {
  ...onStaffPage,
  refused: (error) => refusalState(error, {}),
  success: (_removed, { input }) => redirect(`${staffPath(input.eventSlug)}?notice=removed`),
});
