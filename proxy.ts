import createMiddleware from "next-intl/middleware";
import { routing } from "./i18n/routing";

/**
 * Locale negotiation for the public pages only (not the API, the admin, auth or static files). Results pages are left
 * out too: their address already names the language, and they are cached HTML served to crowds on race day, which
 * the proxy would slow down and mark with a cookie (a shared cache does not keep a response that sets one).
 */
export default createMiddleware(routing);

export const config = {
  matcher: ["/((?!api|admin|_next|_vercel|(?:zh|en)/events/[^/]+/results|.*\\..*).*)"],
};
