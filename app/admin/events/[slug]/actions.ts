"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { domainErrorState, errorState, mergeIssues, unreadableFormState } from "@/components/admin/action-errors";
import { eventFieldsFromForm, formValues, raceFromForm } from "@/components/admin/form-data";
import type { FormState } from "@/components/admin/form-state";
import { DEFAULT_TIMEZONE, parseEventFields, parseRaceInput } from "@/core/event-input";
import { isValidTimezone } from "@/core/time";
import { requireStaff } from "@/server/auth/session";
import { isDomainError } from "@/server/errors";
import { addRace, setEventStatus, updateEvent } from "@/server/events/manage-events";

const eventSlugSchema = z.string().trim().min(1).max(100);

/** Changes the event's own fields. Allowed: admins and the event's organizers (updateEvent enforces it). */
export async function updateEventAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const eventSlug = eventSlugSchema.safeParse(values?.eventSlug);
  if (!values || !eventSlug.success) return unreadableFormState();
  const actor = await requireStaff(`/admin/events/${eventSlug.data}`);
  const form = eventFieldsFromForm(values);
  if (form.issues.length > 0) {
    const core = parseEventFields(form.input);
    return errorState(values, mergeIssues(form.issues, core.ok ? [] : core.issues), form.items);
  }
  let slug: string;
  try {
    slug = (await updateEvent(actor, eventSlug.data, form.input)).slug;
  } catch (error) {
    if (isDomainError(error)) return domainErrorState(error, values, form.items);
    throw error;
  }
  revalidatePath("/", "layout");
  redirect(`/admin/events/${slug}?notice=saved`);
}

const statusSchema = z.object({ eventSlug: eventSlugSchema, status: z.enum(["published", "draft"]) });

/** Publishes or unpublishes an event. Allowed: admins and the event's organizers. */
export async function setEventStatusAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const parsed = statusSchema.safeParse({ eventSlug: formData.get("eventSlug"), status: formData.get("status") });
  if (!parsed.success) return unreadableFormState();
  const { eventSlug, status } = parsed.data;
  const actor = await requireStaff(`/admin/events/${eventSlug}`);
  try {
    await setEventStatus(actor, eventSlug, status);
  } catch (error) {
    if (isDomainError(error)) return domainErrorState(error, {});
    throw error;
  }
  revalidatePath("/", "layout");
  redirect(`/admin/events/${eventSlug}?notice=${status === "published" ? "published" : "unpublished"}`);
}

/** Adds a race. Allowed: admins and the event's organizers (addRace enforces it). */
export async function addRaceAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const eventSlug = eventSlugSchema.safeParse(values?.eventSlug);
  if (!values || !eventSlug.success) return unreadableFormState();
  const actor = await requireStaff(`/admin/events/${eventSlug.data}`);
  const form = raceFromForm(values);
  if (form.issues.length > 0) {
    const zone = values.timezone && isValidTimezone(values.timezone) ? values.timezone : DEFAULT_TIMEZONE;
    const core = parseRaceInput(form.input, zone);
    return errorState(values, mergeIssues(form.issues, core.ok ? [] : core.issues), form.items);
  }
  try {
    await addRace(actor, eventSlug.data, form.input);
  } catch (error) {
    if (isDomainError(error)) return domainErrorState(error, values, form.items);
    throw error;
  }
  revalidatePath("/", "layout");
  redirect(`/admin/events/${eventSlug.data}?notice=raceAdded`);
}
