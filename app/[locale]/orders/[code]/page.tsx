import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { hasLocale } from "next-intl";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { formatDateTime, formatEventDate, formatMoney, formatTime } from "../../../../components/public/format";
import { displayName } from "../../../../core/names";
import { checkoutPath, single } from "../../../../components/public/registration/order-link";
import { PaymentRefresh } from "../../../../components/public/registration/payment-refresh";
import { qrDataUrl } from "../../../../components/public/registration/qr-code";
import { SubmitButton } from "../../../../components/public/registration/submit-button";
import "../../../../components/public/registration/registration.css";
import { Link } from "../../../../i18n/navigation";
import { routing, type Locale } from "../../../../i18n/routing";
import { findOrderForOwner, type OwnerOrderView } from "../../../../server/registration/orders";
import { cancelEntry } from "./actions";

type Props = {
  params: Promise<{ locale: string; code: string }>;
  searchParams: Promise<{ token?: string | string[]; paid?: string | string[]; cancelled?: string | string[]; error?: string | string[] }>;
};

/** Rendered on every request (live data, the session or the query); the results pages are cached instead. */
export const dynamic = "force-dynamic";

/** A private page: not for search engines, and its token must not leak to other sites. */
export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, code } = await params;
  if (!hasLocale(routing.locales, locale)) return {};
  const t = await getTranslations({ locale, namespace: "registration.order" });
  return { title: t("title", { code }), robots: { index: false, follow: false }, referrer: "no-referrer" };
}

/**
 * The order behind its private link: status (a provider's success redirect with `paid=1` only shows it, the
 * webhook confirms), each entry with masked ID, bib and wave, its pickup QR code once confirmed, and a cancel
 * button per confirmed entry that says what the event's refund policy gives back now.
 */
export default async function OrderPage({ params, searchParams }: Props) {
  const { locale, code } = await params;
  if (!hasLocale(routing.locales, locale)) notFound();
  setRequestLocale(locale);
  const query = await searchParams;
  const token = single(query.token);
  const order = await findOrderForOwner(code, token);
  if (!order || !token) notFound();

  const t = await getTranslations("registration.order");
  const tz = order.event.timezone;
  const money = (cents: number) => formatMoney(cents, order.currency, locale);
  const returnedFromProvider = single(query.paid) === "1";
  const registerPath = `/events/${order.event.slug}/register`;
  const qr = new Map(
    await Promise.all(
      order.entries.flatMap(({ id, pickupToken }) => (pickupToken ? [{ id, pickupToken }] : [])).map(async ({ id, pickupToken }) => [id, await qrDataUrl(pickupToken)] as const),
    ),
  );

  return (
    <article className="reg-page">
      <header className="reg-header">
        <h1>{t("heading")}</h1>
        <p className="reg-event-line">
          <Link href={`/events/${order.event.slug}`}>{order.event.name[locale]}</Link> ·{" "}
          <time dateTime={order.event.date}>{formatEventDate(order.event.date, locale, "long")}</time>
        </p>
      </header>

      {single(query.cancelled) === "1" ? (
        <div className="reg-notice reg-notice-neutral" role="status">
          <p>{t("cancel.done")}</p>
        </div>
      ) : null}
      {single(query.error) === "cancel" ? (
        <div className="reg-notice reg-notice-danger" role="alert">
          <p>{t("cancel.failed")}</p>
        </div>
      ) : null}

      <StatusNotice
        order={order}
        locale={locale}
        waitingForProvider={returnedFromProvider}
        registerPath={registerPath}
        // The simulated checkout is ours: link it on this host, in this page's language.
        payHref={order.provider === "simulated" ? checkoutPath(locale, order.code, token) : order.paymentUrl}
      />

      <section className="reg-card reg-section" aria-labelledby="order-facts">
        <h2 id="order-facts">
          {t("code")} {order.code}{" "}
          <span className={`reg-badge reg-badge-${order.status}`}>{t(`status.${order.status}`)}</span>
        </h2>
        <dl className="reg-facts">
          <div>
            <dt>{t("event")}</dt>
            <dd>{order.event.name[locale]}</dd>
          </div>
          <div>
            <dt>{t("email")}</dt>
            <dd>{order.email}</dd>
          </div>
          <div>
            <dt>{t("total")}</dt>
            <dd>{money(order.totalCents)}</dd>
          </div>
          {order.paidAt ? (
            <div>
              <dt>{t("paidAt")}</dt>
              <dd>
                <time dateTime={order.paidAt}>{formatDateTime(order.paidAt, locale, tz)}</time>
              </dd>
            </div>
          ) : null}
          {order.refundedCents > 0 ? (
            <div>
              <dt>{t("refunded")}</dt>
              <dd>{money(order.refundedCents)}</dd>
            </div>
          ) : null}
        </dl>
      </section>

      <section className="reg-section" aria-labelledby="order-entries">
        <h2 id="order-entries">{t("entries")}</h2>
        <ul className="reg-entries">
          {order.entries.map((entry) => {
            const name = displayName(entry, locale);
            const paid = entry.priceCents - entry.discountCents;
            const headingId = `entry-${entry.id}`;
            return (
              <li key={entry.id}>
                <article className="reg-card reg-entry" aria-labelledby={headingId}>
                  <h3 id={headingId}>
                    {name} <span className={`reg-badge reg-badge-${entry.status}`}>{t(`entryStatus.${entry.status as "held"}`)}</span>
                  </h3>
                  {entry.latinName ? (
                    <p className="reg-entry-sub" lang="en">
                      {entry.latinName}
                    </p>
                  ) : null}
                  <dl className="reg-facts">
                    <div>
                      <dt>{t("race")}</dt>
                      <dd>{entry.race.name[locale]}</dd>
                    </div>
                    <div>
                      <dt>{t("idNumber")}</dt>
                      <dd className="reg-masked">{entry.idNumber}</dd>
                    </div>
                    {/* Bib and wave matter for an entry that runs (or is about to): not for one expired or cancelled. */}
                    {entry.bib || entry.wave || entry.status === "confirmed" || entry.status === "held" ? (
                      <>
                        <div>
                          <dt>{t("bib")}</dt>
                          <dd>{entry.bib ?? t("toBeAssigned")}</dd>
                        </div>
                        <div>
                          <dt>{t("wave")}</dt>
                          <dd>
                            {entry.wave && entry.waveStartTime ? (
                              t("waveStarts", { wave: entry.wave, time: formatTime(entry.waveStartTime, locale, tz) })
                            ) : (entry.wave ?? t("toBeAssigned"))}
                          </dd>
                        </div>
                      </>
                    ) : null}
                    <div>
                      <dt>{t("price")}</dt>
                      <dd>{money(paid)}</dd>
                    </div>
                  </dl>

                  {qr.has(entry.id) ? (
                    <figure className="reg-qr">
                      {/* A data URL made on the server: next/image has nothing to optimize here. */}
                      {/* eslint-disable-next-line @next/next/no-img-element */}
                      <img src={qr.get(entry.id)} alt={t("qrAlt", { name })} width={200} height={200} />
                      <figcaption>{t("qrCaption")}</figcaption>
                    </figure>
                  ) : null}

                  {entry.cancelRefundCents !== null ? (
                    <details className="reg-cancel">
                      <summary>{t("cancel.open")}</summary>
                      <p>{entry.cancelRefundCents > 0 ? t("cancel.refund", { amount: money(entry.cancelRefundCents), percent: order.refundPercentNow }) : t("cancel.noRefund")}</p>
                      <p>{t("cancel.warning")}</p>
                      <form action={cancelEntry}>
                        <input type="hidden" name="locale" value={locale} />
                        <input type="hidden" name="code" value={order.code} />
                        <input type="hidden" name="token" value={token} />
                        <input type="hidden" name="registrationId" value={entry.id} />
                        <SubmitButton pendingLabel={t("cancel.cancelling")} className="reg-button reg-button-danger-solid reg-button-small">
                          {t("cancel.confirm", { name })}
                        </SubmitButton>
                      </form>
                    </details>
                  ) : null}
                </article>
              </li>
            );
          })}
        </ul>
      </section>

      <p className="reg-note">{t("privateLink")}</p>
    </article>
  );
}

async function StatusNotice({
  order,
  locale,
  waitingForProvider,
  registerPath,
  payHref,
}: {
  order: OwnerOrderView;
  locale: Locale;
  waitingForProvider: boolean;
  registerPath: string;
  payHref: string | null;
}) {
  const t = await getTranslations("registration.order");
  const time = formatDateTime(order.expiresAt, locale, order.event.timezone);
  switch (order.status) {
    case "pending":
      if (waitingForProvider) {
        return (
          <div className="reg-notice reg-notice-warn">
            <PaymentRefresh waiting={t("confirming")} stillWaiting={t("confirmingStill")} />
          </div>
        );
      }
      return (
        <div className="reg-notice reg-notice-warn" role="status">
          <p>{t("statusText.pending", { time })}</p>
          {payHref ? (
            <a className="reg-button" href={payHref}>
              {t("payNow")}
            </a>
          ) : null}
        </div>
      );
    case "paid":
      return (
        <div className="reg-notice reg-notice-ok" role="status">
          <p>{t("statusText.paid", { email: order.email })}</p>
        </div>
      );
    case "expired":
      return (
        <div className="reg-notice reg-notice-danger" role="status">
          <p>{t("statusText.expired")}</p>
          <Link className="reg-button" href={registerPath}>
            {t("registerAgain")}
          </Link>
        </div>
      );
    case "cancelled":
    case "refunded":
      return (
        <div className="reg-notice reg-notice-neutral" role="status">
          <p>{t(`statusText.${order.status}`)}</p>
        </div>
      );
  }
}
