import { handle } from "@/server/api/http";
import { previewResultsFile } from "@/server/results/import-results";
import { readUpload, type UploadParams } from "../upload";

export const dynamic = "force-dynamic";

/**
 * The admin upload's preview (components/admin/results-upload.tsx): the file is the body, refused as the import
 * refuses it (../upload.ts), and nothing is written. 200 with what the file would import (the column mapping, the
 * first rows, the row count, the bibs that match entries), or `{ ok: false, errors, errorCount }`: the problems of
 * its rows by line and column, the same ones the import would refuse it for.
 */
export const POST = handle(async (request: Request, context: UploadParams): Promise<Response> => {
  const { actor, eventSlug, raceSlug, csv } = await readUpload(request, context);
  return Response.json(await previewResultsFile(actor, eventSlug, raceSlug, csv), { headers: { "Cache-Control": "no-store" } });
});
