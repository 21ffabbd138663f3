import { handle, pathParams } from "@/server/api/http";
import { getRunnerResult } from "@/server/results/queries";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ event: string; race: string; bib: string }> };

/** Public: one runner's result `{ result, race }` (404 not_found for a bib without a result in this race). */
export const GET = handle(async (_request: Request, { params }: Params) => {
  const { event, race, bib } = await pathParams(params, { event: "slug", race: "slug", bib: "bib" });
  const answer = await getRunnerResult(event, race, bib);
  return Response.json(answer, { headers: { "cache-control": "public, max-age=1" } });
});
