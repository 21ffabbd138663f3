"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { orderPath } from "../../../../components/public/registration/order-link";
import { isLocale, type Locale } from "../../../../i18n/routing";
import { cancelOwnEntry } from "../../../../server/payments/refunds";
import { fieldsOf, publicAction } from "../../../_lib/actions";

const cancelForm = z.object({
  locale: z
    .string()
    .optional()
    .transform((value): Locale => (isLocale(value) ? value : "zh")),
  code: z.string().default(""),
  token: z.string().default(""),
  registrationId: z.string().default(""),
});

/**
 * A runner cancels one confirmed entry from the order page; the event's refund policy sets what comes back.
 * The page then says what happened (`cancelled=1` or `error=cancel`); amounts come from the database, not the URL.
 */
export const cancelEntry = publicAction(cancelForm, async ({ input }) => cancelOwnEntry(input.code, input.token, input.registrationId), {
  call: true,
  read: fieldsOf("locale", "code", "token", "registrationId"),
  refused: (error, { input: { locale, code, token } }) => redirect(orderPath(locale, code, token, error.code === "not_found" ? {} : { error: "cancel" })),
  success: (_result, { input: { locale, code, token } }) => redirect(orderPath(locale, code, token, { cancelled: "1" })),
});
