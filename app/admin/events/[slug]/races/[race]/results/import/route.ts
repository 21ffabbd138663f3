import type { Actor } from "@/server/actor";
import { handle } from "@/server/api/http";
import { isDomainError } from "@/server/errors";
import { errorTrace } from "@/server/log-safe";
import { importResultsFile } from "@/server/results/import-results";
import type { ImportErrorLine, ImportStreamLine } from "@/components/admin/results-upload-types";
import { readUpload, type UploadParams } from "../upload";

export const dynamic = "force-dynamic";

/**
 * The admin upload's import (components/admin/results-upload.tsx): the file is the body. Refusals before anything is
 * written come as JSON errors with their status (../upload.ts: 401, 403, 404, 413, 422 for a file that is not UTF-8);
 * after that the answer is 200 and NDJSON: `progress` lines as rows are written, then one `done` line with the
 * summary or one `error` line (a bad file is `invalid_results_file` with its problems in `details`, and nothing was
 * changed). The import runs to its end even if the page goes away.
 */
export const POST = handle(async (request: Request, context: UploadParams): Promise<Response> => {
  const { actor, eventSlug, raceSlug, csv } = await readUpload(request, context);
  return new Response(importStream(actor, eventSlug, raceSlug, csv), {
    headers: {
      "Content-Type": "application/x-ndjson; charset=utf-8",
      // no-transform: a compressing layer would hold the progress lines back until the end.
      "Cache-Control": "no-store, no-transform",
      "X-Accel-Buffering": "no",
    },
  });
});

function importStream(actor: Actor, eventSlug: string, raceSlug: string, csv: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const send = (line: ImportStreamLine) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
        } catch {
          open = false; // the page went away: the import goes on, nobody reads its progress
        }
      };
      const run = async () => {
        try {
          const summary = await importResultsFile(actor, eventSlug, raceSlug, csv, { onProgress: (done, total) => send({ type: "progress", done, total }) });
          send({ type: "done", ...summary });
        } catch (error) {
          if (isDomainError(error)) {
            // As the API words it: the code, the English message, and the facts (the file's problems).
            send({ type: "error", code: error.code, message: error.message, ...(error.details ? { details: error.details as ImportErrorLine["details"] } : {}) });
          } else {
            console.error(`[admin] results import failed: ${errorTrace(error)}`);
            send({ type: "error", code: "internal", message: "Something went wrong on our side." });
          }
        }
        if (open) controller.close();
      };
      void run();
    },
  });
}
