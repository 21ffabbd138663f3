"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { domainErrorState, errorState, mergeIssues } from "@/components/admin/action-errors";
import { eventWithRacesFromForm } from "@/components/admin/form-data";
import { eventTag } from "@/core/cache-tags";
import { parseEventInput } from "@/core/event-input";
import { createEvent } from "@/server/events/manage-events";
import { answer, staffAction } from "../../../_lib/actions";

/** Creates an event with its races. Allowed: admins and organizers (createEvent enforces it). */
export const createEventAction = staffAction(
  z.object({}),
  async ({ values, actor }) => {
    const form = eventWithRacesFromForm(values);
    if (form.issues.length > 0) {
      // Report the rest too (pure check, nothing is written), so the user fixes everything in one pass.
      const core = parseEventInput(form.input);
      return answer(await errorState(values, mergeIssues(form.issues, core.ok ? [] : core.issues), form.items));
    }
    return (await createEvent(actor, form.input)).slug;
  },
  {
    page: () => "/admin/events/new",
    refused: (error, { values }) => domainErrorState(error, values, eventWithRacesFromForm(values).items),
    // A page of this address may have been cached as "not found".
    revalidate: (_context, slug) => [eventTag(slug)],
    success: (slug) => redirect(`/admin/events/${slug}?notice=created`),
  },
);
