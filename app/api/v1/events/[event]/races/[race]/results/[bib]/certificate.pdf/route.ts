import { handle, pathParams, queryText } from "@/server/api/http";
import { certificateResponse } from "@/server/results/certificate";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ event: string; race: string; bib: string }> };

/**
 * A finisher's certificate (PDF), public like the results: `?locale=zh|en` (default zh) picks the labels.
 * 404 not_found for an unknown event, race or bib, and for a runner who did not finish.
 */
export const GET = handle(async (request: Request, { params }: Params) => {
  const { event, race, bib } = await pathParams(params, { event: "slug", race: "slug", bib: "bib" });
  return certificateResponse(event, race, bib, queryText(new URL(request.url).searchParams, "locale"));
});
