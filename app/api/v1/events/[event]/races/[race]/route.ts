import { handle, pathParams, readJson, requireTokenActor } from "@/server/api/http";
import { DomainError } from "@/server/errors";
import { updateRace } from "@/server/events/manage-events";
import { getEventWithRaces } from "@/server/events/queries";
import { presentRace } from "@/server/events/present";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ event: string; race: string }> };

/** Changes a race; array fields (priceTiers, bibRanges, waves, ageGroupBounds) are replaced whole. */
export const PATCH = handle(async (request: Request, { params }: Params) => {
  const { event: eventSlug, race: raceSlug } = await pathParams(params, { event: "slug", race: "slug" });
  const actor = await requireTokenActor(request);
  const body = await readJson(request);
  const race = await updateRace(actor, eventSlug, raceSlug, body);
  const event = await getEventWithRaces(eventSlug);
  const stored = event?.races.find((r) => r.id === race.id);
  if (!event || !stored) throw new DomainError("not_found", "The race is gone.");
  return Response.json({ race: presentRace(stored, event.timezone, new Date()) });
});
