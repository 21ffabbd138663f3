import { handle } from "@/server/api/http";
import { DomainError } from "@/server/errors";

export const dynamic = "force-dynamic";

/**
 * Where next.config.ts sends an address that cannot be decoded (a broken percent escape, bytes that are not UTF-8):
 * 400, as the API's JSON error under /api and as a short page elsewhere (docs/decisions/010).
 */
const PAGE = `<!doctype html><html lang="zh"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>400</title></head>
<body><main><h1>400 · 地址无效 · Bad request</h1><p>无法识别该地址。The address could not be read: it has a broken % escape.</p><p><a href="/">Finishline</a></p></main></body></html>`;

/** Whether the refused address was a page's: the route sees the address as sent (or, by the rewrite, `?page=1`). */
function forPage(request: Request): boolean {
  const url = new URL(request.url);
  return url.searchParams.has("page") || !url.pathname.startsWith("/api/");
}

const badAddress = handle(async (request: Request) => {
  if (forPage(request)) {
    return new Response(PAGE, { status: 400, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
  }
  throw new DomainError("bad_request", "The address could not be decoded: it has a broken percent escape or bytes that are not UTF-8.");
});

export const GET = badAddress;
export const HEAD = badAddress;
export const POST = badAddress;
export const PUT = badAddress;
export const PATCH = badAddress;
export const DELETE = badAddress;
export const OPTIONS = badAddress;
