import { handle, pathParams, requireTokenActor } from "@/server/api/http";
import { getStartList } from "@/server/exports/start-list";
import { firstValues } from "@/server/registration/list-registrations";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ event: string }> };

/**
 * Organizers of the event and admins: the start list a timing system imports (server/exports/start-list.ts),
 * confirmed entries by default, ordered by race, bib, name. Filters `race` (slug), `wave` (name), `status` (a
 * status or `all`). `200 { event, filters, total, entries }`; the same as CSV at `entries.csv`.
 */
export const GET = handle(async (request: Request, { params }: Params) => {
  const { event } = await pathParams(params, { event: "slug" });
  const actor = await requireTokenActor(request);
  const list = await getStartList(actor, event, firstValues(new URL(request.url).searchParams));
  return Response.json(list, { headers: { "cache-control": "private, no-store" } });
});
