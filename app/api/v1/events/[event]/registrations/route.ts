import { clientIpOf } from "@/server/api/client-ip";
import { handle, readJson } from "@/server/api/http";
import { registerEntries } from "@/server/registration/register";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ event: string }> };

/**
 * Public: a runner (or a parent for the family) registers one or more participants in one order. 201 with the
 * order and its held (or, when free, confirmed) entries; 409 sold_out / duplicate_entry / registration_closed,
 * 422 with field paths, 429 when the client address is over RATE_LIMIT_REGISTRATIONS_PER_MINUTE.
 */
export const POST = handle(async (request: Request, { params }: Params) => {
  const { event } = await params;
  const body = await readJson(request);
  const result = await registerEntries(event, body, { clientIp: clientIpOf(request.headers) });
  return Response.json(result, { status: 201 });
});
