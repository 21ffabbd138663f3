import createMiddleware from "next-intl/middleware";
import { NextResponse, type NextRequest } from "next/server";
import { isCrossSitePost } from "./core/security-headers";
import { routing } from "./i18n/routing";

const negotiateLocale = createMiddleware(routing);

/**
 * 1. A POST to a page from another site (a server action, with or without JavaScript) answers 403. Next refuses it
 *    too, but as a 500 after logging an error (docs/decisions/011-csp-and-client-address.md).
 * 2. Locale negotiation for the public pages only (not the API, the admin, auth or static files). Results pages are
 *    left out too: their address already names the language, and they are cached HTML served to crowds on race day,
 *    which the proxy would slow down and mark with a cookie (a shared cache does not keep a response that sets one).
 *    They, and the admin, only come here for what could be a server action (the matchers below).
 * Security headers are set for every response before Next sees the request (server/http-edge.ts).
 */
export default function proxy(request: NextRequest) {
  const { headers } = request;
  if (isCrossSitePost({ method: request.method, origin: headers.get("origin"), host: headers.get("host"), forwardedHost: headers.get("x-forwarded-host") })) {
    return NextResponse.json({ error: { code: "forbidden", message: "A form of another site cannot post here." } }, { status: 403 });
  }
  const path = request.nextUrl.pathname;
  if (path === "/admin" || path.startsWith("/admin/") || /^\/(?:zh|en)\/events\/[^/]+\/results(?:\/|$)/.test(path)) return NextResponse.next();
  return negotiateLocale(request);
}

// Literal values only: Next reads the matchers from this file at build time. The admin and the results pages come
// here only for what could be a server action (one from JavaScript has `next-action`; a form posted without it is
// multipart or urlencoded), so their page views stay outside the proxy. A body the proxy sees is held in memory up
// to experimental.proxyClientMaxBodySize (next.config.ts).
export const config = {
  matcher: [
    "/((?!api|admin|_next|_vercel|(?:zh|en)/events/[^/]+/results|.*\\..*).*)",
    { source: "/admin/:path*", has: [{ type: "header", key: "next-action" }] },
    { source: "/admin/:path*", has: [{ type: "header", key: "content-type", value: "(?:multipart/form-data|application/x-www-form-urlencoded).*" }] },
    { source: "/:locale(zh|en)/events/:slug/results/:path*", has: [{ type: "header", key: "next-action" }] },
    { source: "/:locale(zh|en)/events/:slug/results/:path*", has: [{ type: "header", key: "content-type", value: "(?:multipart/form-data|application/x-www-form-urlencoded).*" }] },
  ],
};
