import { handle, pathParams, readJson, requireTokenActor } from "@/server/api/http";
import { parseSetBibInput, setBib } from "@/server/bibs";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ event: string; id: string }> };

/**
 * Organizers of the event and admins: give an entry a bib by hand (or take it away with `"bib": null`) and set its
 * lock; locked bibs survive a batch re-run. `200 { registrationId, bib, locked }` (numeric bibs without leading
 * zeros). 409 bib_taken naming the entry that holds the bib, 422 validation_failed, 404 unknown event or entry.
 */
export const PUT = handle(async (request: Request, { params }: Params) => {
  const { event, id } = await pathParams(params, { event: "slug", id: "id" });
  const actor = await requireTokenActor(request);
  const input = parseSetBibInput(await readJson(request));
  await setBib(actor, event, id, input);
  return Response.json({ registrationId: id, bib: input.bib, locked: input.locked });
});
