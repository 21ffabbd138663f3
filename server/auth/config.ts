/**
 * Staff sign-in (next-auth v5, credentials only). The config is lazy so the signing secret can come from the
 * database (getAuthSecret): sessions are JWTs signed with it, so they survive a restart and every app process
 * on the same database accepts them. The session callback re-reads the user on every request, so a disabled or
 * deleted account loses access at once, and a role change applies without signing in again.
 * Runners sign in by email link (email-link.ts, docs/decisions/004): their session names an address only, never a
 * staff user, so getActor() and every admin check refuse it.
 * @see https://authjs.dev/reference/nextjs#lazy-initialization
 */
import "server-only";
import { CredentialsSignin, type DefaultSession, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import type { UserRole } from "../../core/domain";
import { RUNNER_EMAIL_PROVIDER, runnerAuthPages, runnerEmailAdapter, runnerEmailProvider, SignInLinkRateLimited } from "./email-link";
import { getAuthSecret } from "./secret";
import { findUserById, verifyCredentials } from "./users";

declare module "next-auth" {
  interface Session {
    /** Staff only; absent in a runner's session. */
    user?: { id: string; email: string; role: UserRole } & Omit<DefaultSession["user"], "id" | "email">;
    /** A runner signed in by email link: the address, nothing else. */
    runner?: { email: string };
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    userId?: string;
    runnerEmail?: string;
  }
}

/** Shown to the user as "too many attempts"; the code travels to the sign-in action. */
export class RateLimitedSignIn extends CredentialsSignin {
  code = "rate_limited";
}

import { clientIpOf } from "../api/client-ip";
import { env } from "../env";
import { errorTrace } from "../log-safe";

export { clientIpOf };

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;


export async function authConfig(request?: Request): Promise<NextAuthConfig> {
  return {
    secret: await getAuthSecret(),
    trustHost: true,
    // Served over https (PUBLIC_URL is where browsers reach us): Secure cookies with the __Secure-/__Host- names,
    // whatever protocol a request seems to arrive by (a TLS-ending proxy may not say; a client may claim either).
    useSecureCookies: env().PUBLIC_URL.startsWith("https:"),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/admin/sign-in", error: "/admin/sign-in", ...runnerAuthPages(request) },
    adapter: runnerEmailAdapter(),
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
      runnerEmailProvider(),
    ],
    callbacks: {
      jwt({ token, user, account }) {
        // A runner's token names the address only: never a staff user id, whatever the address (docs/decisions/004).
        if (account?.provider === RUNNER_EMAIL_PROVIDER) return { runnerEmail: user.email ?? undefined };
        if (user?.id) token.userId = user.id;
        return token;
      },
      async session({ session, token }) {
        if (token.runnerEmail) return { expires: session.expires, runner: { email: token.runnerEmail } };
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
        // Nor is a used or expired sign-in link, or a runner asking for too many links.
        if ((error as { type?: string }).type === "CredentialsSignin") return;
        if ((error as { type?: string }).type === "Verification" || error instanceof SignInLinkRateLimited) return;
        console.error(`[auth] ${errorTrace(error)}`);
      },
    },
  };
}
