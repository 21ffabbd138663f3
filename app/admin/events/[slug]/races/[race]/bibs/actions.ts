"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { domainErrorState, unreadableFormState } from "@/components/admin/action-errors";
import { proposalCounts } from "@/components/admin/bibs/proposal-counts";
import type { FormState } from "@/components/admin/form-state";
import { requireStaff } from "@/server/auth/session";
import { applyBibs } from "@/server/bibs";
import { isDomainError } from "@/server/errors";

const keysSchema = z.object({ eventSlug: z.string().trim().min(1).max(100), raceSlug: z.string().trim().min(1).max(100) });

/**
 * Applies the race's batch bib assignment (after the page's preview and confirmation step): worked out again now
 * and written in one transaction; runners whose bib changed are emailed. Allowed: admins and the event's
 * organizers (applyBibs enforces it).
 */
export async function applyBibsAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const parsed = keysSchema.safeParse({ eventSlug: formData.get("eventSlug"), raceSlug: formData.get("raceSlug") });
  if (!parsed.success) return unreadableFormState();
  const { eventSlug, raceSlug } = parsed.data;
  const path = `/admin/events/${eventSlug}/races/${raceSlug}/bibs`;
  const actor = await requireStaff(path);
  let counts: ReturnType<typeof proposalCounts>;
  try {
    counts = proposalCounts(await applyBibs(actor, eventSlug, raceSlug));
  } catch (error) {
    if (isDomainError(error)) return domainErrorState(error, {});
    throw error;
  }
  revalidatePath(`/admin/events/${eventSlug}`, "layout");
  redirect(`${path}?notice=applied&changed=${counts.changed}&same=${counts.same}&kept=${counts.kept}&without=${counts.without}`);
}
