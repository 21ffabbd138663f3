import { handle, pathParams, requireTokenActor } from "@/server/api/http";
import { startListCsvResponse } from "@/server/exports/start-list";
import { firstValues } from "@/server/registration/list-registrations";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ event: string }> };

/**
 * Organizers of the event and admins: the start list (as GET …/entries, same filters and order) as CSV, UTF-8 with
 * a byte-order mark. Authorized and validated first, so 401/403/404/422 come as JSON.
 */
export const GET = handle(async (request: Request, { params }: Params) => {
  const { event } = await pathParams(params, { event: "slug" });
  const actor = await requireTokenActor(request);
  return startListCsvResponse(actor, event, firstValues(new URL(request.url).searchParams));
});
