"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { domainErrorState, errorState, mergeIssues, unreadableFormState } from "@/components/admin/action-errors";
import { discountCodeFromForm } from "@/components/admin/discount-codes/form-data";
import { formValues } from "@/components/admin/form-data";
import type { FormState } from "@/components/admin/form-state";
import { normalizeDiscountCode, parseDiscountCodeInput } from "@/core/discount-input";
import { DEFAULT_CURRENCY } from "@/core/event-input";
import { requireStaff } from "@/server/auth/session";
import { isDomainError } from "@/server/errors";
import { createDiscountCode, updateDiscountCode } from "@/server/events/discount-codes";
import { getEventWithRaces } from "@/server/events/queries";

const eventSlugSchema = z.string().trim().min(1).max(100);

function codesPath(eventSlug: string): string {
  return `/admin/events/${eventSlug}/discount-codes`;
}

/** Creates a discount code. Allowed: admins and the event's organizers (createDiscountCode enforces it). */
export async function createDiscountCodeAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const eventSlug = eventSlugSchema.safeParse(values?.eventSlug);
  if (!values || !eventSlug.success) return unreadableFormState();
  const actor = await requireStaff(codesPath(eventSlug.data));
  // The currency a fixed amount is typed in; the event itself is authorized and validated by createDiscountCode.
  const event = await getEventWithRaces(eventSlug.data);
  const races = event?.races ?? [];
  const currencyOf = (race: string | null) => races.find((r) => r.slug === race)?.currency ?? races[0]?.currency ?? DEFAULT_CURRENCY;
  const form = discountCodeFromForm(values, currencyOf);
  if (form.issues.length > 0 && event) {
    const core = parseDiscountCodeInput(form.input, { timezone: event.timezone, races });
    return errorState(values, mergeIssues(form.issues, core.ok ? [] : core.issues));
  }
  let code: string;
  try {
    code = (await createDiscountCode(actor, eventSlug.data, form.input)).code;
  } catch (error) {
    if (isDomainError(error)) return domainErrorState(error, values);
    throw error;
  }
  revalidatePath(codesPath(eventSlug.data));
  redirect(`${codesPath(eventSlug.data)}?notice=created&code=${encodeURIComponent(code)}`);
}

const endSchema = z.object({ eventSlug: eventSlugSchema, code: z.string().trim().min(1).max(100) });

/** Ends a discount code now (after the page's confirmation step). Allowed: admins and the event's organizers. */
export async function endDiscountCodeAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const parsed = endSchema.safeParse({ eventSlug: formData.get("eventSlug"), code: formData.get("code") });
  if (!parsed.success) return unreadableFormState();
  const { eventSlug } = parsed.data;
  const code = normalizeDiscountCode(parsed.data.code);
  const actor = await requireStaff(codesPath(eventSlug));
  try {
    await updateDiscountCode(actor, eventSlug, code, { endNow: true });
  } catch (error) {
    if (isDomainError(error) && error.code === "not_found") {
      const t = await getTranslations("admin.discountCodes");
      return { status: "error", message: t("notFound"), fieldErrors: {}, values: {} };
    }
    if (isDomainError(error)) return domainErrorState(error, {});
    throw error;
  }
  revalidatePath(codesPath(eventSlug));
  redirect(`${codesPath(eventSlug)}?notice=ended&code=${encodeURIComponent(code)}`);
}
