"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { domainErrorState, errorState, mergeIssues } from "@/components/admin/action-errors";
import { raceFromForm } from "@/components/admin/form-data";
import { raceTag } from "@/core/cache-tags";
import { DEFAULT_TIMEZONE, parseRaceInput } from "@/core/event-input";
import { isValidTimezone } from "@/core/time";
import { updateRace } from "@/server/events/manage-events";
import { answer, staffAction } from "../../../../../_lib/actions";

const keysSchema = z.object({ eventSlug: z.string().trim().min(1).max(100), raceSlug: z.string().trim().min(1).max(100) });

/**
 * Changes a race. Allowed: admins and the event's organizers (updateRace enforces it). An empty price keeps the
 * stored price tiers; a price replaces them with that one price.
 */
export const updateRaceAction = staffAction(
  keysSchema,
  async ({ input: { eventSlug, raceSlug }, values, actor }) => {
    const form = raceFromForm(values);
    if (form.issues.length > 0) {
      const zone = values.timezone && isValidTimezone(values.timezone) ? values.timezone : DEFAULT_TIMEZONE;
      const core = parseRaceInput({ ...form.input, priceCents: form.input.priceCents ?? 0 }, zone);
      return answer(await errorState(values, mergeIssues(form.issues, core.ok ? [] : core.issues), form.items));
    }
    const { priceCents, ...rest } = form.input;
    return (await updateRace(actor, eventSlug, raceSlug, priceCents === undefined ? rest : form.input)).slug;
  },
  {
    page: ({ eventSlug, raceSlug }) => `/admin/events/${eventSlug}/races/${raceSlug}`,
    refused: (error, { values }) => domainErrorState(error, values, raceFromForm(values).items),
    // The race's pages and the event's page of races (which carries every race's tag); the slug may have changed.
    revalidate: ({ input: { eventSlug, raceSlug } }, slug) => [raceTag(eventSlug, raceSlug), raceTag(eventSlug, slug)],
    success: (_slug, { input }) => redirect(`/admin/events/${input.eventSlug}?notice=raceSaved`),
  },
);
