import { handle } from "@/server/api/http";
import { certificateResponse } from "@/server/results/certificate";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ event: string; race: string; bib: string }> };

/**
 * A finisher's certificate (PDF), public like the results: `?locale=zh|en` (default zh) picks the labels.
 * 404 not_found for an unknown event, race or bib, and for a runner who did not finish.
 */
export const GET = handle(async (request: Request, { params }: Params) => {
  const { event, race, bib } = await params;
  return certificateResponse(event, race, bib, new URL(request.url).searchParams.get("locale"));
});
