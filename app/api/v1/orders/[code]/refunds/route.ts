import { handle, pathParams, readJson, requireTokenActor } from "@/server/api/http";
import { idempotencyFor, idempotencyKeyOf, jsonAnswer } from "@/server/api/idempotency";
import { DomainError } from "@/server/errors";
import { refundOrderOnce } from "@/server/payments/refunds";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ code: string }> };

/**
 * Organizer: refund the whole order or one entry (`registrationId`), in full or in part (`amountCents`). With an
 * `Idempotency-Key` header, the same request again gets the first answer and refunds nothing more.
 */
export const POST = handle(async (request: Request, { params }: Params) => {
  const { code } = await pathParams(params, { code: "orderCode" });
  const actor = await requireTokenActor(request);
  const key = idempotencyKeyOf(request);
  const body = await readJson(request);
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new DomainError("validation_failed", "Send a JSON object.", [{ path: "", key: "invalid" }]);
  const { registrationId, amountCents } = body as Record<string, unknown>;
  const issues = [];
  if (registrationId !== undefined && typeof registrationId !== "string") issues.push({ path: "registrationId", key: "invalid" });
  if (amountCents !== undefined && typeof amountCents !== "number") issues.push({ path: "amountCents", key: "invalid" });
  if (issues.length) throw new DomainError("validation_failed", "The refund request is not valid; see the fields.", issues);
  const input = { registrationId: registrationId as string | undefined, amountCents: amountCents as number | undefined };
  const { refund, replayed } = await refundOrderOnce(actor, code, input, idempotencyFor(request, "refunds", actor, key, body));
  return jsonAnswer({ refund }, 201, replayed);
});
