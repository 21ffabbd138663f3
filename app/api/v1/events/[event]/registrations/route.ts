import { clientIpOf } from "@/server/api/client-ip";
import { handle, pathParams, readJson, requireTokenActor } from "@/server/api/http";
import { idempotencyFor, idempotencyKeyOf, jsonAnswer } from "@/server/api/idempotency";
import { firstValues, listRegistrations } from "@/server/registration/list-registrations";
import { registerEntriesOnce } from "@/server/registration/register";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ event: string }> };

/**
 * Public: a runner (or a parent for the family) registers one or more participants in one order. 201 with the
 * order and its held (or, when free, confirmed) entries; 409 sold_out / duplicate_entry / registration_closed,
 * 422 with field paths, 429 when the client address is over RATE_LIMIT_REGISTRATIONS_PER_MINUTE. With an
 * `Idempotency-Key` header, the same request again gets the first answer (docs/api.md "Idempotency-Key").
 */
export const POST = handle(async (request: Request, { params }: Params) => {
  const { event } = await pathParams(params, { event: "slug" });
  const key = idempotencyKeyOf(request);
  const body = await readJson(request);
  const { result, replayed } = await registerEntriesOnce(event, body, { clientIp: clientIpOf(request.headers), idempotency: idempotencyFor(request, "registrations", null, key, body) });
  return jsonAnswer(result, 201, replayed);
});

/**
 * Organizers of the event and admins: one page of its entries, newest first. Filters `race` (slug), `status`,
 * `q` (name, ID number or its last four, email, bib, order code); `page` (from 1), `pageSize` (default 50, at
 * most 200). `200 { total, registrations }`; ID numbers are masked to their last four characters. 422 for a bad
 * filter, with the parameter as the field.
 */
export const GET = handle(async (request: Request, { params }: Params) => {
  const { event } = await pathParams(params, { event: "slug" });
  const actor = await requireTokenActor(request);
  const page = await listRegistrations(actor, event, firstValues(new URL(request.url).searchParams));
  return Response.json({ total: page.total, registrations: page.registrations }, { headers: { "cache-control": "private, no-store" } });
});
