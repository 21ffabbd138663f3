import { handle, pathParams, requireTokenActor } from "@/server/api/http";
import { DomainError } from "@/server/errors";
import { importResultsFile } from "@/server/results/import-results";
import { readyResponse } from "@/server/api/ready-body";
import { listRaceResultsBody, parseResultsQuery } from "@/server/results/queries";
import { readResultsFile } from "@/server/results/intake";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ event: string; race: string }> };

/**
 * Public: the race's results in leaderboard order, `?gender=&ageGroup=&q=&page=&pageSize=` (pageSize up to 1000).
 * Served from the per-process cache of the race's current results version as ready bytes with an ETag (304 for a
 * matching If-None-Match; server/results/queries.ts).
 */
export const GET = handle(async (request: Request, { params }: Params) => {
  const { event, race } = await pathParams(params, { event: "slug", race: "slug" });
  const query = parseResultsQuery(new URL(request.url).searchParams);
  return readyResponse(request, await listRaceResultsBody(event, race, query), "public, max-age=1");
});

/**
 * Organizers of the event and admins: import a results file (`Content-Type: text/csv`). All or nothing: 422
 * `invalid_results_file` with `error.details.errors` = [{ line, column, code, message }] for any bad row; the same file
 * again changes nothing; an updated file replaces results by bib.
 */
export const POST = handle(async (request: Request, { params }: Params) => {
  const { event, race } = await pathParams(params, { event: "slug", race: "slug" });
  const actor = await requireTokenActor(request);
  const csv = await readResultsFile(request);
  if (csv.trim() === "") throw new DomainError("invalid_results_file", "The file is empty.", [], { errors: [{ line: 1, column: null, code: "empty", message: "The file is empty." }], errorCount: 1 });
  return Response.json(await importResultsFile(actor, event, race, csv));
});
