/**
 * What the results upload's two routes share (…/results/preview and …/results/import, posted to by
 * components/admin/results-upload.tsx): the signed-in staff member must organize the event or be an admin, the post
 * must come from the admin's own pages, and the file goes through the one intake of results files
 * (server/results/intake.ts: one size limit, UTF-8, errors as `{ line, column, code, message }`). Every refusal is
 * a JSON error with its status, as the API words it (server/api/http.ts handle): 401, 403, 404, 413
 * `payload_too_large`, 422 `invalid_results_file`.
 */
import "server-only";
import { isCrossSitePost } from "@/core/security-headers";
import type { Actor } from "@/server/actor";
import { getActor } from "@/server/auth/session";
import { DomainError } from "@/server/errors";
import { eventForEditor } from "@/server/events/queries";
import { raceOfEvent } from "@/server/results/import-results";
import { readResultsFile } from "@/server/results/intake";

export type UploadParams = { params: Promise<{ slug: string; race: string }> };

export interface Upload {
  actor: Actor;
  eventSlug: string;
  raceSlug: string;
  /** The file's text. */
  csv: string;
}

export async function readUpload(request: Request, { params }: UploadParams): Promise<Upload> {
  const { slug, race } = await params;
  const actor = await getActor();
  if (!actor) throw new DomainError("unauthorized", "Sign in to the admin to import results.");
  // Like a server action (proxy.ts), refuse a post from another site (the staff cookie is SameSite=Lax; this says it twice).
  const { headers } = request;
  if (isCrossSitePost({ method: request.method, origin: headers.get("origin"), host: headers.get("host"), forwardedHost: headers.get("x-forwarded-host") })) {
    throw new DomainError("forbidden", "The upload must come from the admin's own pages.");
  }
  const event = await eventForEditor(actor, slug);
  await raceOfEvent(event, race);
  return { actor, eventSlug: slug, raceSlug: race, csv: await readResultsFile(request, { anyContentType: true }) };
}
