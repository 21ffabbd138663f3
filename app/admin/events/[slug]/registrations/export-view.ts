import { forbidden, notFound } from "next/navigation";
import type { Actor } from "@/server/actor";
import { requireStaff } from "@/server/auth/session";
import { isDomainError } from "@/server/errors";
import { firstValues } from "@/server/registration/list-registrations";

/**
 * A download of the admin's entry list as the page shows it: for the signed-in organizer of the event or an admin
 * (volunteers and other organizers: 403). A filter the list ignored as invalid is ignored here too, so the file
 * matches what the page showed.
 */
export async function exportEntryListView(
  request: Request,
  slug: string,
  respond: (actor: Actor, slug: string, filters: Record<string, string | undefined>) => Promise<Response>,
): Promise<Response> {
  const actor = await requireStaff(`/admin/events/${slug}/registrations`);
  let filters = firstValues(new URL(request.url).searchParams);
  for (let pass = 0; ; pass++) {
    try {
      return await respond(actor, slug, filters);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      if (error.code === "forbidden") forbidden();
      if (error.code === "not_found") notFound();
      if (error.code !== "validation_failed" || pass >= 3) throw error;
      const bad = new Set(error.issues.map((i) => i.path));
      filters = Object.fromEntries(Object.entries(filters).filter(([k]) => !bad.has(k)));
    }
  }
}
