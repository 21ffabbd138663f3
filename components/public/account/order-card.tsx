import { getTranslations } from "next-intl/server";
import { formatEventDate } from "@/components/public/format";
import { nativeName } from "@/core/names";
import type { Locale } from "@/i18n/routing";
import type { RunnerOrder } from "@/server/auth/email-link";

/** One order made with the signed-in address: its event, its entries, and the way to manage it. */
export async function OrderCard({ order, locale }: { order: RunnerOrder; locale: Locale }) {
  const t = await getTranslations("account.entries");
  const headingId = `order-${order.code}`;
  const manageHref = `/${locale}/orders/${encodeURIComponent(order.code)}?token=${encodeURIComponent(order.accessToken)}`;
  return (
    <article className="pub-card acct-order" aria-labelledby={headingId}>
      <h2 id={headingId} className="acct-order-title">
        {order.event.name[locale]}
      </h2>
      <dl className="acct-facts">
        <div>
          <dt>{t("eventDate")}</dt>
          <dd>{formatEventDate(order.event.date, locale, "long")}</dd>
        </div>
        <div>
          <dt>{t("orderStatus")}</dt>
          <dd>
            <span className={`acct-badge acct-badge--${order.status}`}>{t(`orderStatuses.${order.status}`)}</span>
          </dd>
        </div>
      </dl>
      <h3 className="visually-hidden">{t("entriesOf", { code: order.code })}</h3>
      <ul className="acct-entries">
        {order.entries.map((entry) => {
          const native = nativeName(entry);
          return (
            <li key={entry.id} className="acct-entry">
              <p className="acct-runner">
                <span className="visually-hidden">{t("runner")}: </span>
                {native}
                {entry.latinName && entry.latinName !== native ? (
                  <span className="acct-latin" lang="en">
                    {" "}
                    {entry.latinName}
                  </span>
                ) : null}
              </p>
              <dl className="acct-facts acct-facts--compact">
                <div>
                  <dt>{t("race")}</dt>
                  <dd>{entry.race.name[locale]}</dd>
                </div>
                <div>
                  <dt>{t("entryStatus")}</dt>
                  <dd>{t(`entryStatuses.${entry.status}`)}</dd>
                </div>
                <div>
                  <dt>{t("bib")}</dt>
                  <dd>{entry.bib ?? t("toBeAssigned")}</dd>
                </div>
                <div>
                  <dt>{t("wave")}</dt>
                  <dd>{entry.wave ?? t("toBeAssigned")}</dd>
                </div>
              </dl>
            </li>
          );
        })}
      </ul>
      <p className="acct-manage">
        <a href={manageHref}>{t("manage", { code: order.code })}</a>
      </p>
    </article>
  );
}
