"use server";
import { AuthError, CredentialsSignin } from "next-auth";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { SignInState } from "@/components/admin/sign-in-form";
import { signIn } from "@/server/auth";
import { safeAdminPath } from "@/server/auth/session";
import { errorTrace } from "@/server/log-safe";

const signInSchema = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(200),
  callbackUrl: z.string().max(2000).optional(),
});

/** Signs a staff member in (verifyCredentials inside next-auth's authorize: rate-limited per address and IP). */
export async function signInAction(_prev: SignInState, formData: FormData): Promise<SignInState> {
  const raw = {
    email: String(formData.get("email") ?? ""),
    password: String(formData.get("password") ?? ""),
    callbackUrl: String(formData.get("callbackUrl") ?? "") || undefined,
  };
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) return { error: "missingFields", email: raw.email.slice(0, 320) };
  const { email, password, callbackUrl } = parsed.data;
  try {
    await signIn("credentials", { email, password, redirect: false });
  } catch (error) {
    if (error instanceof CredentialsSignin) {
      return { error: error.code === "rate_limited" ? "rateLimited" : "invalidCredentials", email };
    }
    if (error instanceof AuthError) {
      console.error(`[auth] staff sign-in failed: ${errorTrace(error)}`);
      return { error: "unavailable", email };
    }
    throw error;
  }
  redirect(safeAdminPath(callbackUrl));
}
