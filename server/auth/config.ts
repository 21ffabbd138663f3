/**
 * Staff sign-in (next-auth v5, credentials only). The config is lazy so the signing secret can come from the
 * database (getAuthSecret): sessions are JWTs signed with it, so they survive a restart and every app process
 * on the same database accepts them. The session callback re-reads the user on every request, so a disabled or
 * deleted account loses access at once, and a role change applies without signing in again.
 * @see https://authjs.dev/reference/nextjs#lazy-initialization
 */
import "server-only";
import { CredentialsSignin, type DefaultSession, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import type { UserRole } from "../../db/types";
import { getAuthSecret } from "./secret";
import { findUserById, verifyCredentials } from "./users";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; role: UserRole } & Omit<DefaultSession["user"], "id" | "email">;
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    userId?: string;
  }
}

/** Shown to the user as "too many attempts"; the code travels to the sign-in action. */
export class RateLimitedSignIn extends CredentialsSignin {
  code = "rate_limited";
}

import { clientIpOf } from "../api/client-ip";

export { clientIpOf };

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;


export async function authConfig(): Promise<NextAuthConfig> {
  return {
    secret: await getAuthSecret(),
    trustHost: true,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/admin/sign-in", error: "/admin/sign-in" },
    providers: [
      Credentials({
        credentials: { email: { type: "email" }, password: { type: "password" } },
        async authorize(credentials, request) {
          const email = typeof credentials?.email === "string" ? credentials.email : "";
          const password = typeof credentials?.password === "string" ? credentials.password : "";
          if (!email || !password) return null;
          const result = await verifyCredentials(email, password, clientIpOf(request?.headers));
          if (result.ok) return { id: result.user.id, email: result.user.email, name: result.user.name };
          if (result.reason === "rate_limited") throw new RateLimitedSignIn();
          return null;
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user?.id) token.userId = user.id;
        return token;
      },
      async session({ session, token }) {
        const user = token.userId ? await findUserById(token.userId) : null;
        // Returning null makes auth() return null: the account is gone or disabled.
        if (!user || user.disabled) return null as unknown as typeof session;
        return {
          ...session,
          user: { ...session.user, id: user.id, email: user.email, name: user.name, role: user.role },
        };
      },
    },
    logger: {
      // A wrong password is an expected outcome, not a server error worth a stack trace.
      error(error) {
        if ((error as { type?: string }).type === "CredentialsSignin") return;
        console.error(error);
      },
    },
  };
}
