import { handle, pathParams, requireTokenActor } from "@/server/api/http";
import { firstValues } from "@/server/registration/list-registrations";
import { registrationsCsvResponse } from "@/server/registration/registrations-csv";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ event: string }> };

/**
 * Organizers of the event and admins: every entry matching `race`, `status` and `q` (as the JSON list; `page` and
 * `pageSize` are ignored), newest first, as CSV (server/registration/registrations-csv.ts). Authorized and
 * validated before the first byte (401/403/404/422 as JSON), then streamed in batches.
 */
export const GET = handle(async (request: Request, { params }: Params) => {
  const { event } = await pathParams(params, { event: "slug" });
  const actor = await requireTokenActor(request);
  return registrationsCsvResponse(actor, event, firstValues(new URL(request.url).searchParams));
});
