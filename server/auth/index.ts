/**
 * The next-auth instance (create-t3-app's split: config.ts holds the options, this file wraps them).
 * `auth` is cached per request, so a layout and its page share one session read.
 */
import "server-only";
import NextAuth from "next-auth";
import { cache } from "react";
import { authConfig } from "./config";

const { auth: uncachedAuth, handlers, signIn, signOut } = NextAuth(authConfig);

const auth = cache(uncachedAuth);

export { auth, handlers, signIn, signOut };
