"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { registrationErrorState } from "../../../../../components/public/registration/action-errors";
import { formValues, registrationBodyFromForm } from "../../../../../components/public/registration/form-body";
import type { RegistrationFormState } from "../../../../../components/public/registration/form-state";
import { parseRegistrationInput } from "../../../../../core/registration-input";
import { isLocale, type Locale } from "../../../../../i18n/routing";
import { clientIpOf } from "../../../../../server/api/client-ip";
import { env } from "../../../../../server/env";
import { registerEntries } from "../../../../../server/registration/register";
import { errorTrace } from "@/server/log-safe";
import { answer, publicAction, type FormAction } from "../../../../_lib/actions";

/** Our own pages (the simulated checkout, the order page) by path, so a redirect stays on the host the runner used. */
function sameSiteTarget(url: string): string {
  const target = new URL(url);
  return target.origin === new URL(env().PUBLIC_URL).origin ? `${target.pathname}${target.search}` : url;
}

const localeOf = (value: unknown): Locale => (isLocale(value) ? value : "zh");
const attemptAfter = (previous: RegistrationFormState | undefined) => (previous?.attempt ?? 0) + 1;

/** The event's registration form: the page binds the event (below), the form sends everything else. */
function registration(eventSlug: string): FormAction<RegistrationFormState> {
  return publicAction(
    z.object({ locale: z.string().optional().transform(localeOf) }),
    async ({ input: { locale }, values, previous }) => {
      const { body, issues, blocks } = registrationBodyFromForm(values, locale);
      if (issues.length > 0) {
        // Show the other fields' problems in the same round, from the same schema the domain uses.
        const parsed = parseRegistrationInput(body);
        return answer(await registrationErrorState(locale, values, blocks, attemptAfter(previous), { conversion: issues, domain: parsed.ok ? [] : parsed.issues }));
      }
      const result = await registerEntries(eventSlug, body, { clientIp: clientIpOf(await headers()) });
      return result.order.paymentUrl || result.order.manageUrl;
    },
    {
      read: formValues,
      unreadable: ({ previous, formData }) => registrationErrorState(localeOf(formData.get("locale")), {}, [], attemptAfter(previous), {}, "unreadable"),
      refused: (error, { input: { locale }, values, previous }) => {
        // Places or the registration window changed since the page loaded: show the races as they are now.
        if (error.code === "sold_out" || error.code === "registration_closed") revalidatePath(`/${locale}/events/${eventSlug}/register`);
        return registrationErrorState(locale, values, registrationBodyFromForm(values, locale).blocks, attemptAfter(previous), { domain: error.issues }, error.code);
      },
      failed: (error, { input: { locale }, values, previous }) => {
        // Logged without the form (personal data); the runner keeps what they typed and can try again.
        console.error(`[registration] unexpected error: ${errorTrace(error)}`);
        return registrationErrorState(locale, values, registrationBodyFromForm(values, locale).blocks, attemptAfter(previous), {}, "internal");
      },
      success: (target) => redirect(sameSiteTarget(target)),
    },
  );
}

/**
 * The registration form: FormData → the API body → registerEntries(), then on to the checkout (or, for a free
 * order, straight to the order page). Failures come back as field errors in the runner's language.
 */
export async function submitRegistration(eventSlug: string, previous: RegistrationFormState, formData: FormData): Promise<RegistrationFormState> {
  return registration(eventSlug)(previous, formData);
}
