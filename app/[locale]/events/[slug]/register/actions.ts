"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { registrationErrorState } from "../../../../../components/public/registration/action-errors";
import { formValues, registrationBodyFromForm } from "../../../../../components/public/registration/form-body";
import type { RegistrationFormState } from "../../../../../components/public/registration/form-state";
import { parseRegistrationInput } from "../../../../../core/registration-input";
import { isLocale } from "../../../../../i18n/routing";
import { clientIpOf } from "../../../../../server/api/client-ip";
import { env } from "../../../../../server/env";
import { isDomainError } from "../../../../../server/errors";
import { registerEntries } from "../../../../../server/registration/register";
import { errorTrace } from "@/server/log-safe";

/** Our own pages (the simulated checkout, the order page) by path, so a redirect stays on the host the runner used. */
function sameSiteTarget(url: string): string {
  const target = new URL(url);
  return target.origin === new URL(env().PUBLIC_URL).origin ? `${target.pathname}${target.search}` : url;
}

/**
 * The registration form: FormData → the API body → registerEntries(), then on to the checkout (or, for a free
 * order, straight to the order page). Failures come back as field errors in the runner's language.
 */
export async function submitRegistration(eventSlug: string, previous: RegistrationFormState, formData: FormData): Promise<RegistrationFormState> {
  const attempt = previous.attempt + 1;
  const locale = String(formData.get("locale") ?? "");
  const lang = isLocale(locale) ? locale : "zh";
  const values = formValues(formData);
  if (!values) return registrationErrorState(lang, {}, [], attempt, {}, "unreadable");

  const { body, issues, blocks } = registrationBodyFromForm(values, lang);
  if (issues.length > 0) {
    // Show the other fields' problems in the same round, from the same schema the domain uses.
    const parsed = parseRegistrationInput(body);
    return registrationErrorState(lang, values, blocks, attempt, { conversion: issues, domain: parsed.ok ? [] : parsed.issues });
  }

  let target: string;
  try {
    const result = await registerEntries(eventSlug, body, { clientIp: clientIpOf(await headers()) });
    target = result.order.paymentUrl || result.order.manageUrl;
  } catch (error) {
    if (isDomainError(error)) {
      // Places or the registration window changed since the page loaded: show the races as they are now.
      if (error.code === "sold_out" || error.code === "registration_closed") revalidatePath(`/${lang}/events/${eventSlug}/register`);
      return registrationErrorState(lang, values, blocks, attempt, { domain: error.issues }, error.code);
    }
    // Logged without the form (personal data); the runner keeps what they typed and can try again.
    console.error(`[registration] unexpected error: ${errorTrace(error)}`);
    return registrationErrorState(lang, values, blocks, attempt, {}, "internal");
  }
  redirect(sameSiteTarget(target));
}
