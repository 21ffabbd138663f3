"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { domainErrorState, errorState, mergeIssues } from "@/components/admin/action-errors";
import { eventFieldsFromForm, raceFromForm } from "@/components/admin/form-data";
import { eventTag } from "@/core/cache-tags";
import { DEFAULT_TIMEZONE, parseEventFields, parseRaceInput } from "@/core/event-input";
import { isValidTimezone } from "@/core/time";
import { addRace, setEventStatus, updateEvent } from "@/server/events/manage-events";
import { answer, staffAction } from "../../../_lib/actions";

const eventSlugSchema = z.string().trim().min(1).max(100);
const eventForm = z.object({ eventSlug: eventSlugSchema });
const eventPage = ({ eventSlug }: { eventSlug: string }) => `/admin/events/${eventSlug}`;

/** Changes the event's own fields. Allowed: admins and the event's organizers (updateEvent enforces it). */
export const updateEventAction = staffAction(
  eventForm,
  async ({ input, values, actor }) => {
    const form = eventFieldsFromForm(values);
    if (form.issues.length > 0) {
      const core = parseEventFields(form.input);
      return answer(await errorState(values, mergeIssues(form.issues, core.ok ? [] : core.issues), form.items));
    }
    return (await updateEvent(actor, input.eventSlug, form.input)).slug;
  },
  {
    page: eventPage,
    refused: (error, { values }) => domainErrorState(error, values, eventFieldsFromForm(values).items),
    // The slug may have changed: the old address's pages and the new one's.
    revalidate: ({ input }, slug) => [eventTag(input.eventSlug), eventTag(slug)],
    success: (slug) => redirect(`/admin/events/${slug}?notice=saved`),
  },
);

const statusSchema = z.object({ eventSlug: eventSlugSchema, status: z.enum(["published", "draft"]) });

/** Publishes or unpublishes an event. Allowed: admins and the event's organizers. */
export const setEventStatusAction = staffAction(statusSchema, async ({ input, actor }) => setEventStatus(actor, input.eventSlug, input.status), {
  page: eventPage,
  revalidate: ({ input }) => [eventTag(input.eventSlug)],
  success: (_event, { input }) => redirect(`/admin/events/${input.eventSlug}?notice=${input.status === "published" ? "published" : "unpublished"}`),
});

/** Adds a race. Allowed: admins and the event's organizers (addRace enforces it). */
export const addRaceAction = staffAction(
  eventForm,
  async ({ input, values, actor }) => {
    const form = raceFromForm(values);
    if (form.issues.length > 0) {
      const zone = values.timezone && isValidTimezone(values.timezone) ? values.timezone : DEFAULT_TIMEZONE;
      const core = parseRaceInput(form.input, zone);
      return answer(await errorState(values, mergeIssues(form.issues, core.ok ? [] : core.issues), form.items));
    }
    return addRace(actor, input.eventSlug, form.input);
  },
  {
    page: eventPage,
    refused: (error, { values }) => domainErrorState(error, values, raceFromForm(values).items),
    // The event's page of races lists the new one.
    revalidate: ({ input }) => [eventTag(input.eventSlug)],
    success: (_race, { input }) => redirect(`/admin/events/${input.eventSlug}?notice=raceAdded`),
  },
);
