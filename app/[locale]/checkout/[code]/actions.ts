"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { checkoutPath, orderPath } from "../../../../components/public/registration/order-link";
import { isLocale, type Locale } from "../../../../i18n/routing";
import { cancelPendingOrder, paySimulatedCheckout } from "../../../../server/registration/orders";
import { fieldsOf, publicAction } from "../../../_lib/actions";

/** The order's link as the checkout page's forms send it; missing parts are empty (the order is then not found). */
const orderForm = z.object({
  locale: z
    .string()
    .optional()
    .transform((value): Locale => (isLocale(value) ? value : "zh")),
  code: z.string().default(""),
  token: z.string().default(""),
});
type OrderForm = z.output<typeof orderForm>;

const options = {
  call: true as const,
  read: fieldsOf("locale", "code", "token"),
  // A wrong link shows the not-found page; anything else (conflict: no longer pending, paid or expired meanwhile),
  // the order as it is now, whose page says which.
  refused: (error: { code: string }, { input: { locale, code, token } }: { input: OrderForm }) =>
    redirect(error.code === "not_found" ? checkoutPath(locale, code, token) : orderPath(locale, code, token)),
  success: (_result: unknown, { input: { locale, code, token } }: { input: OrderForm }) => redirect(orderPath(locale, code, token)),
};

/** The simulated checkout's Pay: confirms through the same path as a provider's webhook, then shows the order. */
export const payOrder = publicAction(orderForm, async ({ input }) => paySimulatedCheckout(input.code, input.token), options);

/** The simulated checkout's Cancel: the pending order is cancelled and its places are released at once. */
export const cancelOrder = publicAction(orderForm, async ({ input }) => cancelPendingOrder(input.code, input.token), options);
