/**
 * The next-auth instance (create-t3-app's split: config.ts holds the options, this file wraps them).
 * `auth` is cached per request, so a layout and its page share one session read.
 */
import "server-only";
import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { cache } from "react";
import { errorResponse, MAX_JSON_BYTES, readBodyBytes } from "../api/http";
import { env } from "../env";
import { isDomainError } from "../errors";
import { authConfig } from "./config";

const { auth: uncachedAuth, handlers: nextAuthHandlers, signIn, signOut } = NextAuth(authConfig);

const auth = cache(uncachedAuth);

/**
 * Next gives route handlers a request URL on the server's own host (http://localhost:<port>; a NextRequest even turns
 * 127.0.0.1 into "localhost"), and next-auth builds its redirects from it: a good sign-in link → the entries page,
 * a used one → the error page. They go to PUBLIC_URL instead, where browsers reach us and every emailed link points.
 * The request is handed on as a plain Request for that reason; `nextUrl` is all next-auth reads beyond it. Its body
 * is read up to MAX_JSON_BYTES (server/api/http.ts), as the API's are.
 */
function atPublicOrigin(handler: (request: NextRequest) => Promise<Response>) {
  return async (request: NextRequest) => {
    const { pathname, search } = new URL(request.url);
    const url = new URL(`${pathname}${search}`, env().PUBLIC_URL);
    let body: Uint8Array<ArrayBuffer> | undefined;
    try {
      // A form post of a few fields: the 1 MB limit of every JSON body is plenty (413 past it, the rest unread).
      body = request.method === "GET" || request.method === "HEAD" ? undefined : await readBodyBytes(request, MAX_JSON_BYTES);
    } catch (error) {
      if (isDomainError(error)) return errorResponse(error);
      throw error;
    }
    const forwarded = Object.assign(new Request(url, { method: request.method, headers: request.headers, body }), { nextUrl: url });
    return handler(forwarded as unknown as NextRequest);
  };
}

const handlers = { GET: atPublicOrigin(nextAuthHandlers.GET), POST: atPublicOrigin(nextAuthHandlers.POST) };

export { auth, handlers, signIn, signOut };
