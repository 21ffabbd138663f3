import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { hasLocale } from "next-intl";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { formatDateTime, formatEventDate, formatMoney } from "../../../../components/public/format";
import { displayName } from "../../../../core/names";
import { orderPath, single } from "../../../../components/public/registration/order-link";
import { SubmitButton } from "../../../../components/public/registration/submit-button";
import "../../../../components/public/registration/registration.css";
import { Link } from "../../../../i18n/navigation";
import { routing } from "../../../../i18n/routing";
import { findOrderForOwner } from "../../../../server/registration/orders";
import { cancelOrder, payOrder } from "./actions";

type Props = { params: Promise<{ locale: string; code: string }>; searchParams: Promise<{ token?: string | string[] }> };

/** Rendered on every request (live data, the session or the query); the results pages are cached instead. */
export const dynamic = "force-dynamic";

/** A private page: not for search engines, and its token must not leak to other sites. */
export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, code } = await params;
  if (!hasLocale(routing.locales, locale)) return {};
  const t = await getTranslations({ locale, namespace: "registration.checkout" });
  return { title: t("title", { code }), robots: { index: false, follow: false }, referrer: "no-referrer" };
}

/**
 * The simulated provider's checkout (server/payments/simulated.ts): clearly a test, the order and its amount,
 * Pay and Cancel. Only orders of the simulated provider have one.
 */
export default async function CheckoutPage({ params, searchParams }: Props) {
  const { locale, code } = await params;
  if (!hasLocale(routing.locales, locale)) notFound();
  setRequestLocale(locale);
  const token = single((await searchParams).token);
  const order = await findOrderForOwner(code, token);
  if (!order || !token || order.provider !== "simulated") notFound();

  const t = await getTranslations("registration.checkout");
  const tz = order.event.timezone;
  const money = (cents: number) => formatMoney(cents, order.currency, locale);
  const discount = order.entries.reduce((s, e) => s + e.discountCents, 0);
  const registerPath = `/events/${order.event.slug}/register`;

  return (
    <article className="reg-page">
      <div className="reg-test-banner" role="note">
        <strong>{t("testBannerTitle")}</strong>
        <p>{t("testBannerBody")}</p>
      </div>

      <header className="reg-header">
        <h1>{t("heading")}</h1>
        <p className="reg-event-line">
          {t("order", { code: order.code })} · {order.event.name[locale]} ·{" "}
          <time dateTime={order.event.date}>{formatEventDate(order.event.date, locale, "long")}</time>
        </p>
      </header>

      {order.status === "expired" ? (
        <div className="reg-notice reg-notice-danger" role="status">
          <p>{t("expired", { time: formatDateTime(order.expiresAt, locale, tz) })}</p>
          <Link className="reg-button" href={registerPath}>
            {t("registerAgain")}
          </Link>
        </div>
      ) : null}
      {order.status === "paid" || order.status === "refunded" ? (
        <div className="reg-notice reg-notice-ok" role="status">
          <p>{t(order.status)}</p>
          <a className="reg-button" href={orderPath(locale, order.code, token)}>
            {t("viewOrder")}
          </a>
        </div>
      ) : null}
      {order.status === "cancelled" ? (
        <div className="reg-notice reg-notice-neutral" role="status">
          <p>{t("cancelled")}</p>
          <Link className="reg-button" href={registerPath}>
            {t("registerAgain")}
          </Link>
        </div>
      ) : null}

      <section className="reg-card" aria-labelledby="checkout-summary">
        <h2 id="checkout-summary">{t("summary")}</h2>
        <ul className="reg-lines">
          {order.entries.map((e) => (
            <li key={e.id}>
              <span>
                {displayName(e, locale)}
                <span className="reg-line-race"> · {e.race.name[locale]}</span>
              </span>
              <span className="reg-line-price">{money(e.priceCents)}</span>
            </li>
          ))}
          {discount > 0 ? (
            <li>
              <span>{t("discount")}</span>
              <span className="reg-line-price">−{money(discount)}</span>
            </li>
          ) : null}
        </ul>
        <p className="reg-amount">
          <span>{t("total")}</span>
          <strong>{money(order.totalCents)}</strong>
        </p>
      </section>

      {order.status === "pending" ? (
        <section className="reg-section">
          <p className="reg-notice reg-notice-warn">{t("payBy", { time: formatDateTime(order.expiresAt, locale, tz) })}</p>
          <div className="reg-actions">
            <form action={payOrder}>
              <input type="hidden" name="locale" value={locale} />
              <input type="hidden" name="code" value={order.code} />
              <input type="hidden" name="token" value={token} />
              <SubmitButton pendingLabel={t("paying")}>{t("pay", { amount: money(order.totalCents) })}</SubmitButton>
            </form>
            <form action={cancelOrder}>
              <input type="hidden" name="locale" value={locale} />
              <input type="hidden" name="code" value={order.code} />
              <input type="hidden" name="token" value={token} />
              <SubmitButton pendingLabel={t("cancelling")} className="reg-button reg-button-secondary">
                {t("cancel")}
              </SubmitButton>
              <p className="reg-note">{t("cancelHint")}</p>
            </form>
          </div>
        </section>
      ) : null}
    </article>
  );
}
