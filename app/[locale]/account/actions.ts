"use server";
import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { LinkRequestState } from "@/components/public/account/request-link-form";
import { isLocale, type Locale } from "@/i18n/routing";
import { signIn, signOut } from "@/server/auth";
import { RUNNER_EMAIL_PROVIDER, SignInLinkRateLimited } from "@/server/auth/email-link";
import { answer, fieldsOf, publicAction, type FormAction } from "../../_lib/actions";

/** The page's language, sent with the form; Chinese when it is missing or not one of ours. */
const localeField = z
  .string()
  .optional()
  .transform((value): Locale => (isLocale(value) ? value : "zh"));

/** The address as typed (trimmed, at most 320 characters), for the form to show again. */
const typedEmail = (value: string | undefined) => (value ?? "").trim().slice(0, 320);

const requestSchema = z.object({ locale: localeField, email: z.string().optional().transform(typedEmail).pipe(z.email().max(320)) });

/**
 * Emails a sign-in link (next-auth's email provider: rate-limited per address and per client address, the message
 * through the outbox). The answer is the same whether or not the address has entries.
 */
export const requestSignInLinkAction: FormAction<LinkRequestState> = publicAction(
  requestSchema,
  async ({ input: { locale, email } }) => {
    const next = await signIn(RUNNER_EMAIL_PROVIDER, { email, redirectTo: `/${locale}/account/entries`, redirect: false });
    // next-auth answers an unexpected failure with a redirect to its error page rather than a throw.
    if (typeof next === "string" && new URL(next, "http://localhost").searchParams.has("error")) return answer<LinkRequestState>({ error: "unavailable", email });
  },
  {
    read: fieldsOf("locale", "email"),
    unreadable: ({ values }) => ({ error: "invalidEmail", email: typedEmail(values?.email) }),
    failed: (error, { input: { email } }) => {
      if (error instanceof SignInLinkRateLimited) return { error: "rateLimited", email };
      if (error instanceof AuthError) {
        console.error(`[account] sign-in link request failed: ${error.type}`);
        return { error: "unavailable", email };
      }
      return undefined;
    },
    log: "account",
    success: (_none, { input }) => redirect(`/${input.locale}/account/check-email`),
  },
);

/** Ends the runner's session and returns to the request page. */
export const signOutRunnerAction = publicAction(z.object({ locale: localeField }), async ({ input }) => signOut({ redirectTo: `/${input.locale}/account` }), {
  call: true,
  read: fieldsOf("locale"),
  success: () => undefined,
});
