import { handle, optionalTokenActor, pathParams, readJson, requireTokenActor } from "@/server/api/http";
import { eventAccessOf } from "@/server/auth/policy";
import { DomainError } from "@/server/errors";
import { updateEvent } from "@/server/events/manage-events";
import { getEventWithRaces, PUBLIC_STATUSES } from "@/server/events/queries";
import { presentEvent } from "@/server/events/present";
import { readyResponse } from "@/server/api/ready-body";
import { publicEventBody } from "@/server/events/public-cache";
import { present } from "../../../../../core/lists";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ event: string }> };

/**
 * One event with its races. Public events come from a short-lived cache (server/events/public-cache.ts) as ready
 * bytes with an ETag (304 for a matching If-None-Match; places left at most 2 s old); drafts are visible only with
 * a token of someone who may see the event, and are never cached.
 */
export const GET = handle(async (request: Request, { params }: Params) => {
  const { event: slug } = await pathParams(params, { event: "slug" });
  const cached = await publicEventBody(slug);
  if (cached) return readyResponse(request, cached);
  const event = await getEventWithRaces(slug);
  if (!event) throw new DomainError("not_found", `No event "${slug}".`);
  if (!(PUBLIC_STATUSES as readonly string[]).includes(event.status)) {
    const actor = await optionalTokenActor(request);
    if (!actor || !(await eventAccessOf(actor, event.id))) throw new DomainError("not_found", `No event "${slug}".`);
  }
  return Response.json({ event: presentEvent(event) });
});

/** Changes the event's own fields (status included); races change through …/races/{race}. */
export const PATCH = handle(async (request: Request, { params }: Params) => {
  const { event: slug } = await pathParams(params, { event: "slug" });
  const actor = await requireTokenActor(request);
  const body = await readJson(request);
  const updated = await updateEvent(actor, slug, body);
  const event = await getEventWithRaces(updated.slug);
  return Response.json({ event: presentEvent(present(event, "the event just updated")) });
});
