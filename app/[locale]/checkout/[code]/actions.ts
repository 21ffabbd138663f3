"use server";

import { redirect } from "next/navigation";
import { checkoutPath, orderPath } from "../../../../components/public/registration/order-link";
import { isLocale } from "../../../../i18n/routing";
import { isDomainError } from "../../../../server/errors";
import { cancelPendingOrder, paySimulatedCheckout } from "../../../../server/registration/orders";

function readOrderForm(formData: FormData) {
  const locale = String(formData.get("locale") ?? "");
  return { locale: isLocale(locale) ? locale : "zh", code: String(formData.get("code") ?? ""), token: String(formData.get("token") ?? "") };
}

/** The simulated checkout's Pay: confirms through the same path as a provider's webhook, then shows the order. */
export async function payOrder(formData: FormData): Promise<void> {
  const { locale, code, token } = readOrderForm(formData);
  try {
    await paySimulatedCheckout(code, token);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    // A wrong link shows the not-found page; anything else, the order as it is now.
    if (error.code === "not_found") redirect(checkoutPath(locale, code, token));
  }
  redirect(orderPath(locale, code, token));
}

/** The simulated checkout's Cancel: the pending order is cancelled and its places are released at once. */
export async function cancelOrder(formData: FormData): Promise<void> {
  const { locale, code, token } = readOrderForm(formData);
  try {
    await cancelPendingOrder(code, token);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    // conflict: no longer pending (paid or expired meanwhile); the order page says which.
    if (error.code === "not_found") redirect(checkoutPath(locale, code, token));
  }
  redirect(orderPath(locale, code, token));
}
