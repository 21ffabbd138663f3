"use server";

import { redirect } from "next/navigation";
import { orderPath } from "../../../../components/public/registration/order-link";
import { isLocale } from "../../../../i18n/routing";
import { isDomainError } from "../../../../server/errors";
import { cancelOwnEntry } from "../../../../server/payments/refunds";

/**
 * A runner cancels one confirmed entry from the order page; the event's refund policy sets what comes back.
 * The page then says what happened (`cancelled=1` or `error=cancel`); amounts come from the database, not the URL.
 */
export async function cancelEntry(formData: FormData): Promise<void> {
  const locale = String(formData.get("locale") ?? "");
  const lang = isLocale(locale) ? locale : "zh";
  const code = String(formData.get("code") ?? "");
  const token = String(formData.get("token") ?? "");
  const registrationId = String(formData.get("registrationId") ?? "");
  let outcome: Record<string, string>;
  try {
    await cancelOwnEntry(code, token, registrationId);
    outcome = { cancelled: "1" };
  } catch (error) {
    if (!isDomainError(error)) throw error;
    outcome = error.code === "not_found" ? {} : { error: "cancel" };
  }
  redirect(orderPath(lang, code, token, outcome));
}
