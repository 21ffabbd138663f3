import { handle, pathParams, readJson, requireTokenActor } from "@/server/api/http";
import { MAX_RESULTS_FILE_BYTES, readResultsFile } from "@/server/results/intake";
import { recordReads } from "@/server/results/record-reads";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ event: string }> };

/**
 * Organizers of the event and admins (a timer's token): raw chip reads as CSV (`bib,point,time[,source,device]`)
 * or JSON (`{ "reads": [{ bib, point, time, source?, device? }] }`). All or nothing (422 invalid_results_file with
 * `error.details.errors`); the reads are kept as they came and the results they touch are derived again.
 */
export const POST = handle(async (request: Request, { params }: Params) => {
  const { event } = await pathParams(params, { event: "slug" });
  const actor = await requireTokenActor(request);
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  const input = type.includes("application/json") ? { kind: "json" as const, body: await readJson(request, { maxBytes: MAX_RESULTS_FILE_BYTES }) } : { kind: "csv" as const, text: await readResultsFile(request) };
  return Response.json(await recordReads(actor, event, input));
});
