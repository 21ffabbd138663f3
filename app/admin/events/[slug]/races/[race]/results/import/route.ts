import type { Actor } from "@/server/actor";
import { handle } from "@/server/api/http";
import { getActor } from "@/server/auth/session";
import { DomainError, isDomainError } from "@/server/errors";
import { eventForEditor } from "@/server/events/queries";
import { errorTrace } from "@/server/log-safe";
import { importResultsFile, raceOfEvent } from "@/server/results/import-results";
import type { ImportErrorLine, ImportStreamLine } from "@/components/admin/results-upload-types";
import { decodeResultsFile, RESULTS_FILE_MAX_BYTES } from "../read-file";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ slug: string; race: string }> };

/** Like a server action, refuse a post from another site (the staff cookie is SameSite=Lax; this says it twice). */
function fromThisSite(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (!origin) return true;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

function refusal(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}

/**
 * The admin upload's import (components/admin/results-upload.tsx): the file is the body (UTF-8 CSV), the signed-in
 * staff member must organize the event or be an admin. Refusals before anything is read come as JSON errors with
 * their status (401, 403, 404, 413, 415); after that the answer is 200 and NDJSON: `progress` lines as rows are
 * written, then one `done` line with the summary or one `error` line (a bad file is `invalid_results_file` with
 * its problems in `details`, and nothing was changed). The import runs to its end even if the page goes away.
 */
export const POST = handle(async (request: Request, { params }: Params): Promise<Response> => {
  const { slug, race } = await params;
  const actor = await getActor();
  if (!actor) throw new DomainError("unauthorized", "Sign in to the admin to import results.");
  if (!fromThisSite(request)) throw new DomainError("forbidden", "The upload must come from the admin's own pages.");
  const event = await eventForEditor(actor, slug);
  await raceOfEvent(event, race);
  if (Number(request.headers.get("content-length") ?? 0) > RESULTS_FILE_MAX_BYTES) return refusal(413, "file_too_large", `The file is larger than ${RESULTS_FILE_MAX_BYTES / 1024 / 1024} MB.`);
  const decoded = decodeResultsFile(await request.arrayBuffer());
  if (!decoded.ok) {
    return decoded.reason === "tooLarge"
      ? refusal(413, "file_too_large", `The file is larger than ${RESULTS_FILE_MAX_BYTES / 1024 / 1024} MB.`)
      : refusal(415, "not_utf8", "The file is not UTF-8 text: save it as CSV UTF-8 and upload it again.");
  }
  return new Response(importStream(actor, slug, race, decoded.text), {
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
