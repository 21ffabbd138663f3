"use server";
import { AuthError, CredentialsSignin } from "next-auth";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { SignInState } from "@/components/admin/sign-in-form";
import { signIn } from "@/server/auth";
import { safeAdminPath } from "@/server/auth/session";
import { errorTrace } from "@/server/log-safe";
import { fieldsOf, publicAction, type FormAction } from "../../_lib/actions";

const signInSchema = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(200),
  callbackUrl: z.string().max(2000).optional(),
});

/** Signs a staff member in (verifyCredentials inside next-auth's authorize: rate-limited per address and IP). */
export const signInAction: FormAction<SignInState> = publicAction(
  signInSchema,
  async ({ input: { email, password } }) => {
    await signIn("credentials", { email, password, redirect: false });
  },
  {
    read: fieldsOf("email", "password", "callbackUrl"),
    unreadable: ({ values }) => ({ error: "missingFields", email: (values?.email ?? "").slice(0, 320) }),
    failed: (error, { input: { email } }) => {
      if (error instanceof CredentialsSignin) return { error: error.code === "rate_limited" ? "rateLimited" : "invalidCredentials", email };
      if (error instanceof AuthError) {
        console.error(`[auth] staff sign-in failed: ${errorTrace(error)}`);
        return { error: "unavailable", email };
      }
      return undefined;
    },
    log: "auth",
    success: (_none, { input }) => redirect(safeAdminPath(input.callbackUrl || undefined)),
  },
);
