import { handle, pathParams, readJson, requireTokenActor } from "@/server/api/http";
import { createDiscountCode, discountCodeZone, listDiscountCodes, presentDiscountCode } from "@/server/events/discount-codes";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ event: string }> };

/** Organizers of the event and admins: every discount code of the event, newest first, with its uses left. */
export const GET = handle(async (request: Request, { params }: Params) => {
  const { event } = await pathParams(params, { event: "slug" });
  const actor = await requireTokenActor(request);
  const codes = await listDiscountCodes(actor, event);
  const zone = await discountCodeZone(event);
  return Response.json({ discountCodes: codes.map((c) => presentDiscountCode(c, zone)) }, { headers: { "cache-control": "private, no-store" } });
});

/** Creates a discount code. 201; 409 duplicate_code when the event has the code already; 422 with field paths. */
export const POST = handle(async (request: Request, { params }: Params) => {
  const { event } = await pathParams(params, { event: "slug" });
  const actor = await requireTokenActor(request);
  const body = await readJson(request);
  const code = await createDiscountCode(actor, event, body);
  return Response.json({ discountCode: presentDiscountCode(code, await discountCodeZone(event)) }, { status: 201 });
});
