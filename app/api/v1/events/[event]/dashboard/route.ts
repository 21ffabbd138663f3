import { handle, pathParams, requireTokenActor } from "@/server/api/http";
import { dashboardFigures } from "@/server/dashboard/figures";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ event: string }> };

/**
 * The event's dashboard figures (docs/api.md, "Dashboard"): the same object the admin's dashboard page draws.
 * Organizers of the event and admins; 401 without a token, 403 for anyone else, 404 for an unknown event.
 */
export const GET = handle(async (request: Request, { params }: Params) => {
  const { event } = await pathParams(params, { event: "slug" });
  const actor = await requireTokenActor(request);
  return Response.json(await dashboardFigures(actor, event), { headers: { "cache-control": "private, no-store" } });
});
