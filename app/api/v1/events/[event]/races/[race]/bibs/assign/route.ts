import { z } from "zod";
import { fromZodIssues } from "@/core/validation";
import { handle, pathParams, readJson, requireTokenActor } from "@/server/api/http";
import { applyBibs, proposeBibs } from "@/server/bibs";
import { DomainError } from "@/server/errors";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ event: string; race: string }> };

const bodySchema = z.object({ dryRun: z.boolean().default(false) }).strict();

/**
 * Organizers of the event and admins: the race's batch bib assignment. `{ "dryRun": true }` answers the proposal
 * and changes nothing; without it (or `false`, or no body) the proposal is applied in one transaction and the
 * answer is the applied view with `"applied": true`. 404 unknown event or race, 422 a bad body.
 */
export const POST = handle(async (request: Request, { params }: Params) => {
  const { event, race } = await pathParams(params, { event: "slug", race: "slug" });
  const actor = await requireTokenActor(request);
  // No body at all means apply (the same as `{}`).
  const raw = request.body === null || request.headers.get("content-length") === "0" ? {} : await readJson(request);
  const parsed = bodySchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw new DomainError("validation_failed", "The input is not valid; see the fields.", fromZodIssues(parsed.error.issues));
  if (parsed.data.dryRun) return Response.json({ ...(await proposeBibs(actor, event, race)), applied: false }, { headers: { "cache-control": "private, no-store" } });
  return Response.json({ ...(await applyBibs(actor, event, race)), applied: true });
});
