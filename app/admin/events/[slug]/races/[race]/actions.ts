"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { domainErrorState, errorState, mergeIssues, unreadableFormState } from "@/components/admin/action-errors";
import { formValues, raceFromForm } from "@/components/admin/form-data";
import type { FormState } from "@/components/admin/form-state";
import { DEFAULT_TIMEZONE, parseRaceInput } from "@/core/event-input";
import { isValidTimezone } from "@/core/time";
import { requireStaff } from "@/server/auth/session";
import { isDomainError } from "@/server/errors";
import { updateRace } from "@/server/events/manage-events";

const keysSchema = z.object({ eventSlug: z.string().trim().min(1).max(100), raceSlug: z.string().trim().min(1).max(100) });

/**
 * Changes a race. Allowed: admins and the event's organizers (updateRace enforces it). An empty price keeps the
 * stored price tiers; a price replaces them with that one price.
 */
export async function updateRaceAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const keys = keysSchema.safeParse({ eventSlug: values?.eventSlug, raceSlug: values?.raceSlug });
  if (!values || !keys.success) return unreadableFormState();
  const { eventSlug, raceSlug } = keys.data;
  const actor = await requireStaff(`/admin/events/${eventSlug}/races/${raceSlug}`);
  const form = raceFromForm(values);
  if (form.issues.length > 0) {
    const zone = values.timezone && isValidTimezone(values.timezone) ? values.timezone : DEFAULT_TIMEZONE;
    const core = parseRaceInput({ ...form.input, priceCents: form.input.priceCents ?? 0 }, zone);
    return errorState(values, mergeIssues(form.issues, core.ok ? [] : core.issues), form.items);
  }
  const { priceCents, ...rest } = form.input;
  try {
    await updateRace(actor, eventSlug, raceSlug, priceCents === undefined ? rest : form.input);
  } catch (error) {
    if (isDomainError(error)) return domainErrorState(error, values, form.items);
    throw error;
  }
  revalidatePath("/", "layout");
  redirect(`/admin/events/${eventSlug}?notice=raceSaved`);
}
