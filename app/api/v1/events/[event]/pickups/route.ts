import { handle, pathParams, readJson, requireTokenActor } from "@/server/api/http";
import { idempotencyFor, idempotencyKeyOf, jsonAnswer } from "@/server/api/idempotency";
import { lookupForPickup } from "@/server/pickup/lookup";
import { findForPickup, recordPickupOnce, type PickupRequest } from "@/server/pickup/record-pickup";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ event: string }> };

const NO_STORE = { "cache-control": "private, no-store" };

/**
 * Packet pickup for scanners (docs/api.md, "Pickups"): the event's volunteers and organizers, and admins. Body
 * `{ "code": "<QR code>" | "bib": "1234" | "registrationId": "…", "desk": "Desk 2" }` → 201 `{ pickup, runner }`;
 * 409 already_collected (details: the first handover's at and desk), 409 not_confirmed (details.status), 404 for
 * an unknown code or bib, 422 for a bad body. Every attempt is logged, refusals included. With an `Idempotency-Key`
 * header, the same request again gets the first answer (201) instead of already_collected.
 */
export const POST = handle(async (request: Request, { params }: Params) => {
  const { event } = await pathParams(params, { event: "slug" });
  const actor = await requireTokenActor(request);
  const key = idempotencyKeyOf(request);
  // The body is checked by recordPickup (422 with the field paths), whatever its shape.
  const body = await readJson(request);
  const { result, replayed } = await recordPickupOnce(actor, event, body as PickupRequest, idempotencyFor(request, "pickups", actor, key, body));
  return jsonAnswer(result, 201, replayed, NO_STORE);
});

/**
 * Look-ups, read only: `?bib=1234` or `?code=…` (or `?registrationId=…`) → 200 `{ runner, ready, refusal }` (404
 * for an unknown code or bib); `?q=…` (bib, name, or the last 4 characters of an ID number) → 200 `{ runners, more }`.
 * With `desk=…`, a single look-up that ends in a refusal is logged like a refused scan.
 */
export const GET = handle(async (request: Request, { params }: Params) => {
  const { event } = await pathParams(params, { event: "slug" });
  const actor = await requireTokenActor(request);
  const search = new URL(request.url).searchParams;
  const q = search.get("q");
  if (q !== null) {
    const { runners, more } = await lookupForPickup(actor, event, q);
    return Response.json({ runners, more }, { headers: NO_STORE });
  }
  const check = await findForPickup(actor, event, {
    code: search.get("code") ?? undefined,
    bib: search.get("bib") ?? undefined,
    registrationId: search.get("registrationId") ?? undefined,
    desk: search.get("desk"),
  });
  return Response.json(check, { headers: NO_STORE });
});
