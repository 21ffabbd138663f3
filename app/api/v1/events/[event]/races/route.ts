import { handle, pathParams, readJson, requireTokenActor } from "@/server/api/http";
import { addRace } from "@/server/events/manage-events";
import { getEventWithRaces } from "@/server/events/queries";
import { presentRace } from "@/server/events/present";
import { present } from "../../../../../../core/lists";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ event: string }> };

/** Adds a race to an event. */
export const POST = handle(async (request: Request, { params }: Params) => {
  const { event: slug } = await pathParams(params, { event: "slug" });
  const actor = await requireTokenActor(request);
  const body = await readJson(request);
  const race = await addRace(actor, slug, body);
  const event = present(await getEventWithRaces(slug), "the event");
  const stored = present(event.races.find((r) => r.id === race.id), "the race just added");
  return Response.json({ race: presentRace(stored, event.timezone, new Date()) }, { status: 201 });
});
