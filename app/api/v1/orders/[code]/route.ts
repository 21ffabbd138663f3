import { handle, optionalTokenActor, pathParams, queryText } from "@/server/api/http";
import { getOrderForApi } from "@/server/registration/orders";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ code: string }> };

/**
 * One order with its entries: for its owner (the private token of the manage link, `?token=` or
 * `X-Order-Token`), or for an organizer of its event (Bearer token). Anyone else gets 404, as if it did not exist.
 */
export const GET = handle(async (request: Request, { params }: Params) => {
  const { code } = await pathParams(params, { code: "orderCode" });
  const url = new URL(request.url);
  const orderToken = queryText(url.searchParams, "token") ?? request.headers.get("x-order-token");
  const actor = await optionalTokenActor(request);
  const order = await getOrderForApi(code, { orderToken, actor });
  return Response.json({ order }, { headers: { "cache-control": "private, no-store" } });
});
