"use server";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { domainErrorState, errorState, mergeIssues } from "@/components/admin/action-errors";
import { discountCodeFromForm } from "@/components/admin/discount-codes/form-data";
import type { FormState } from "@/components/admin/form-state";
import { normalizeDiscountCode, parseDiscountCodeInput } from "@/core/discount-input";
import { DEFAULT_CURRENCY } from "@/core/event-input";
import { createDiscountCode, updateDiscountCode } from "@/server/events/discount-codes";
import { getEventWithRaces } from "@/server/events/queries";
import { answer, staffAction } from "../../../../_lib/actions";

const eventSlugSchema = z.string().trim().min(1).max(100);

function codesPath(eventSlug: string): string {
  return `/admin/events/${eventSlug}/discount-codes`;
}

/** Creates a discount code. Allowed: admins and the event's organizers (createDiscountCode enforces it). */
export const createDiscountCodeAction = staffAction(
  z.object({ eventSlug: eventSlugSchema }),
  async ({ input: { eventSlug }, values, actor }) => {
    // The currency a fixed amount is typed in; the event itself is authorized and validated by createDiscountCode.
    const event = await getEventWithRaces(eventSlug);
    const races = event?.races ?? [];
    const currencyOf = (race: string | null) => races.find((r) => r.slug === race)?.currency ?? races[0]?.currency ?? DEFAULT_CURRENCY;
    const form = discountCodeFromForm(values, currencyOf);
    if (form.issues.length > 0 && event) {
      const core = parseDiscountCodeInput(form.input, { timezone: event.timezone, races });
      return answer(await errorState(values, mergeIssues(form.issues, core.ok ? [] : core.issues)));
    }
    return (await createDiscountCode(actor, eventSlug, form.input)).code;
  },
  {
    page: ({ eventSlug }) => codesPath(eventSlug),
    refused: (error, { values }) => domainErrorState(error, values),
    // Codes are shown in the admin only; registration reads them afresh.
    revalidate: () => [],
    success: (code, { input }) => redirect(`${codesPath(input.eventSlug)}?notice=created&code=${encodeURIComponent(code)}`),
  },
);

const endSchema = z.object({ eventSlug: eventSlugSchema, code: z.string().trim().min(1).max(100).transform(normalizeDiscountCode) });

/** Ends a discount code now (after the page's confirmation step). Allowed: admins and the event's organizers. */
export const endDiscountCodeAction = staffAction(endSchema, async ({ input: { eventSlug, code }, actor }) => updateDiscountCode(actor, eventSlug, code, { endNow: true }), {
  page: ({ eventSlug }) => codesPath(eventSlug),
  refused: async (error): Promise<FormState> => {
    if (error.code !== "not_found") return domainErrorState(error, {});
    const t = await getTranslations("admin.discountCodes");
    return { status: "error", message: t("notFound"), fieldErrors: {}, values: {} };
  },
  revalidate: () => [],
  success: (_code, { input: { eventSlug, code } }) => redirect(`${codesPath(eventSlug)}?notice=ended&code=${encodeURIComponent(code)}`),
});
