"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { proposalCounts } from "@/components/admin/bibs/proposal-counts";
import { applyBibs } from "@/server/bibs";
import { staffAction } from "../../../../../../_lib/actions";

const keysSchema = z.object({ eventSlug: z.string().trim().min(1).max(100), raceSlug: z.string().trim().min(1).max(100) });
const bibsPath = ({ eventSlug, raceSlug }: z.output<typeof keysSchema>) => `/admin/events/${eventSlug}/races/${raceSlug}/bibs`;

/**
 * Applies the race's batch bib assignment (after the page's preview and confirmation step): worked out again now
 * and written in one transaction; runners whose bib changed are emailed. Allowed: admins and the event's
 * organizers (applyBibs enforces it).
 */
export const applyBibsAction = staffAction(keysSchema, async ({ input: { eventSlug, raceSlug }, actor }) => proposalCounts(await applyBibs(actor, eventSlug, raceSlug)), {
  page: bibsPath,
  // Bibs are shown in the admin (and on each runner's own order page, which is never cached).
  revalidate: () => [],
  success: (counts, { input }) => redirect(`${bibsPath(input)}?notice=applied&changed=${counts.changed}&same=${counts.same}&kept=${counts.kept}&without=${counts.without}`),
});
