import { DomainError } from "@/server/errors";
import { handle } from "@/server/api/http";

export const dynamic = "force-dynamic";

/**
 * Any path under /api that no route serves: the API's JSON 404 (docs/api.md, "Errors") rather than the HTML error
 * page. Real routes are more specific than this optional catch-all, so they always win; a known path with a method
 * it does not serve keeps Next's 405.
 */
const notFound = handle(async () => {
  throw new DomainError("not_found", "There is no such API path.");
});

export const GET = notFound;
export const HEAD = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
export const OPTIONS = notFound;
