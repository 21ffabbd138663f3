import "server-only";
import { forbidden, notFound } from "next/navigation";
import type { Actor } from "@/server/actor";
import { requireStaff } from "@/server/auth/session";
import { isDomainError } from "@/server/errors";
import { firstValues } from "@/server/registration/list-registrations";

type Params = { params: Promise<{ slug: string }> };
type Make = (actor: Actor, eventSlug: string, filters: Record<string, string | undefined>) => Promise<Response>;

/**
 * A download of the exports page, for the signed-in organizers of the event and admins: anonymous visitors go to
 * sign-in (and come back to the exports page), other staff get 403, an unknown event 404. A race, wave or layout
 * the event does not have is a 404 too (the page only links to real ones): better no file than every bib printed.
 */
export function adminDownload(make: Make) {
  return async function GET(request: Request, { params }: Params): Promise<Response> {
    const { slug } = await params;
    const actor = await requireStaff(`/admin/events/${slug}/exports`);
    try {
      return await make(actor, slug, firstValues(new URL(request.url).searchParams));
    } catch (error) {
      if (!isDomainError(error)) throw error;
      if (error.code === "forbidden") forbidden();
      if (error.code === "not_found" || error.code === "validation_failed") notFound();
      throw error;
    }
  };
}
