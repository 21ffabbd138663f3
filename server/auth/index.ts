/**
 * The next-auth instance (create-t3-app's split: config.ts holds the options, this file wraps them).
 * `auth` is cached per request, so a layout and its page share one session read.
 */
import "server-only";
import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { cache } from "react";
import { env } from "../env";
import { authConfig } from "./config";

const { auth: uncachedAuth, handlers: nextAuthHandlers, signIn, signOut } = NextAuth(authConfig);

const auth = cache(uncachedAuth);

/**
 * Next gives route handlers a request URL on the server's own host (http://localhost:<port>), and next-auth builds
 * its redirects from it (a used sign-in link → the error page, a good one → the entries page). They go to
 * PUBLIC_URL instead, where browsers reach us and where every emailed link points (what AUTH_URL would do).
 */
function atPublicOrigin(handler: (request: NextRequest) => Promise<Response>) {
  return (request: NextRequest) => handler(new NextRequest(new URL(`${request.nextUrl.pathname}${request.nextUrl.search}`, env().PUBLIC_URL), request));
}

const handlers = { GET: atPublicOrigin(nextAuthHandlers.GET), POST: atPublicOrigin(nextAuthHandlers.POST) };

export { auth, handlers, signIn, signOut };
