import { handle, readJson, requireTokenActor } from "@/server/api/http";
import { createEvent } from "@/server/events/manage-events";
import { getEventWithRaces, listPublicEvents } from "@/server/events/queries";
import { presentEvent } from "@/server/events/present";
import { present } from "../../../../core/lists";

export const dynamic = "force-dynamic";

/** Published events with their races. */
export const GET = handle(async () => {
  const now = new Date();
  const events = await listPublicEvents();
  return Response.json({ events: events.map((e) => presentEvent(e, now)) });
});

/** Creates an event with its races in one call (organizer or admin token). */
export const POST = handle(async (request: Request) => {
  const actor = await requireTokenActor(request);
  const body = await readJson(request);
  const created = await createEvent(actor, body);
  const event = await getEventWithRaces(created.slug);
  return Response.json({ event: presentEvent(present(event, "the event just created")) }, { status: 201 });
});
