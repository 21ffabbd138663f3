"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { domainErrorState, errorState, mergeIssues, unreadableFormState } from "@/components/admin/action-errors";
import { eventWithRacesFromForm, formValues } from "@/components/admin/form-data";
import type { FormState } from "@/components/admin/form-state";
import { parseEventInput } from "@/core/event-input";
import { requireStaff } from "@/server/auth/session";
import { isDomainError } from "@/server/errors";
import { createEvent } from "@/server/events/manage-events";

/** Creates an event with its races. Allowed: admins and organizers (createEvent enforces it). */
export async function createEventAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  if (!values) return unreadableFormState();
  const actor = await requireStaff("/admin/events/new");
  const form = eventWithRacesFromForm(values);
  if (form.issues.length > 0) {
    // Report the rest too (pure check, nothing is written), so the user fixes everything in one pass.
    const core = parseEventInput(form.input);
    return errorState(values, mergeIssues(form.issues, core.ok ? [] : core.issues), form.items);
  }
  let slug: string;
  try {
    slug = (await createEvent(actor, form.input)).slug;
  } catch (error) {
    if (isDomainError(error)) return domainErrorState(error, values, form.items);
    throw error;
  }
  revalidatePath("/", "layout");
  redirect(`/admin/events/${slug}?notice=created`);
}
