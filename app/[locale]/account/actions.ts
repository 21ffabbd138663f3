"use server";
import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { LinkRequestState } from "@/components/public/account/request-link-form";
import { isLocale, type Locale } from "@/i18n/routing";
import { signIn, signOut } from "@/server/auth";
import { RUNNER_EMAIL_PROVIDER, SignInLinkRateLimited } from "@/server/auth/email-link";

const emailSchema = z.email().max(320);

function localeFrom(formData: FormData): Locale {
  const value = formData.get("locale");
  return isLocale(value) ? value : "zh";
}

/**
 * Emails a sign-in link (next-auth's email provider: rate-limited per address and per client address, the message
 * through the outbox). The answer is the same whether or not the address has entries.
 */
export async function requestSignInLinkAction(_prev: LinkRequestState, formData: FormData): Promise<LinkRequestState> {
  const locale = localeFrom(formData);
  const typed = String(formData.get("email") ?? "").trim().slice(0, 320);
  const parsed = emailSchema.safeParse(typed);
  if (!parsed.success) return { error: "invalidEmail", email: typed };
  try {
    const next = await signIn(RUNNER_EMAIL_PROVIDER, { email: parsed.data, redirectTo: `/${locale}/account/entries`, redirect: false });
    // next-auth answers an unexpected failure with a redirect to its error page rather than a throw.
    if (typeof next === "string" && new URL(next, "http://localhost").searchParams.has("error")) return { error: "unavailable", email: typed };
  } catch (error) {
    if (error instanceof SignInLinkRateLimited) return { error: "rateLimited", email: typed };
    if (error instanceof AuthError) {
      console.error(`[account] sign-in link request failed: ${error.type}`);
      return { error: "unavailable", email: typed };
    }
    throw error;
  }
  redirect(`/${locale}/account/check-email`);
}

/** Ends the runner's session and returns to the request page. */
export async function signOutRunnerAction(formData: FormData): Promise<void> {
  await signOut({ redirectTo: `/${localeFrom(formData)}/account` });
}
