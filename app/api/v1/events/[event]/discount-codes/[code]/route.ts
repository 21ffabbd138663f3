import { handle, pathParams, readJson, requireTokenActor } from "@/server/api/http";
import { discountCodeZone, presentDiscountCode, updateDiscountCode } from "@/server/events/discount-codes";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ event: string; code: string }> };

/** Changes a discount code's window or use limit (and, while unused, its kind, value and race); `endNow` ends it. */
export const PATCH = handle(async (request: Request, { params }: Params) => {
  const { event, code } = await pathParams(params, { event: "slug", code: "discountCode" });
  const actor = await requireTokenActor(request);
  const body = await readJson(request);
  const updated = await updateDiscountCode(actor, event, code, body);
  return Response.json({ discountCode: presentDiscountCode(updated, await discountCodeZone(event)) });
});
