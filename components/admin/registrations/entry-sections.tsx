import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { Locale } from "@/i18n/routing";
import type { RegistrationDetail } from "@/server/registration/list-registrations";
import { formatMoney } from "../format";
import { Badge } from "./badge";
import { formatWhen } from "./format";

type Payments = NonNullable<RegistrationDetail["payments"]>;
type Refunds = NonNullable<RegistrationDetail["refunds"]>;
type Emails = NonNullable<RegistrationDetail["emails"]>;

/** Payments received for the order and refunds made from it (whole order, this entry, or another entry). */
export async function EntryMoney({ payments, refunds, entryId, zone, locale }: { payments: Payments; refunds: Refunds; entryId: string; zone: string; locale: Locale }) {
  const t = await getTranslations("admin");
  const when = (iso: string) => formatWhen(iso, zone, locale);
  return (
    <>
      <section className="adm-section" aria-labelledby="payments-title">
        <h2 id="payments-title" className="adm-h2">
          {t("entry.payments")}
        </h2>
        {payments.length === 0 ? (
          <p className="adm-empty">{t("entry.noPayments")}</p>
        ) : (
          <div className="adm-table-wrap adm-reg-table-wrap" role="region" aria-labelledby="payments-title" tabIndex={0}>
            <table className="adm-table adm-reg-table">
              <thead>
                <tr>
                  <th scope="col">{t("entry.when")}</th>
                  <th scope="col">{t("entry.amount")}</th>
                  <th scope="col">{t("entry.status")}</th>
                  <th scope="col">{t("entry.provider")}</th>
                </tr>
              </thead>
              <tbody>
                {payments.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">{when(p.createdAt)}</th>
                    <td data-label={t("entry.amount")}>{formatMoney(p.amountCents, p.currency, locale)}</td>
                    <td data-label={t("entry.status")}>
                      <Badge kind="paymentStatus" status={p.status} />
                    </td>
                    <td data-label={t("entry.provider")}>{t.has(`provider.${p.provider}`) ? t(`provider.${p.provider}`) : p.provider}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="adm-section" aria-labelledby="refunds-title">
        <h2 id="refunds-title" className="adm-h2">
          {t("entry.refunds")}
        </h2>
        {refunds.length === 0 ? (
          <p className="adm-empty">{t("entry.noRefunds")}</p>
        ) : (
          <div className="adm-table-wrap adm-reg-table-wrap" role="region" aria-labelledby="refunds-title" tabIndex={0}>
            <table className="adm-table adm-reg-table">
              <thead>
                <tr>
                  <th scope="col">{t("entry.when")}</th>
                  <th scope="col">{t("entry.amount")}</th>
                  <th scope="col">{t("entry.status")}</th>
                  <th scope="col">{t("entry.refundFor")}</th>
                  <th scope="col">{t("entry.reason")}</th>
                </tr>
              </thead>
              <tbody>
                {refunds.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">{when(r.createdAt)}</th>
                    <td data-label={t("entry.amount")}>{formatMoney(r.amountCents, r.currency, locale)}</td>
                    <td data-label={t("entry.status")}>
                      <Badge kind="refundStatus" status={r.status} />
                    </td>
                    <td data-label={t("entry.refundFor")}>
                      {r.registrationId === null ? t("entry.wholeOrder") : r.registrationId === entryId ? t("entry.thisEntryShort") : t("entry.otherEntry")}
                    </td>
                    <td data-label={t("entry.reason")}>{t.has(`refundReason.${r.reason}`) ? t(`refundReason.${r.reason}`) : r.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

/** Every email of the order, with its delivery status; each opens in the outbox. */
export async function EntryEmails({ emails, zone, locale }: { emails: Emails; zone: string; locale: Locale }) {
  const t = await getTranslations("admin");
  return (
    <section className="adm-section" aria-labelledby="emails-title">
      <h2 id="emails-title" className="adm-h2">
        {t("entry.emails")}
      </h2>
      {emails.length === 0 ? (
        <p className="adm-empty">{t("entry.noEmails")}</p>
      ) : (
        <div className="adm-table-wrap adm-reg-table-wrap" role="region" aria-labelledby="emails-title" tabIndex={0}>
          <table className="adm-table adm-reg-table">
            <thead>
              <tr>
                <th scope="col">{t("entry.subject")}</th>
                <th scope="col">{t("entry.kind")}</th>
                <th scope="col">{t("entry.to")}</th>
                <th scope="col">{t("entry.status")}</th>
                <th scope="col">{t("entry.when")}</th>
              </tr>
            </thead>
            <tbody>
              {emails.map((m) => (
                <tr key={m.id}>
                  <th scope="row">
                    <Link href={`/admin/outbox/${m.id}`} lang={m.locale === "en" ? "en" : "zh-CN"}>
                      {m.subject}
                    </Link>
                  </th>
                  <td data-label={t("entry.kind")}>{t.has(`emailTemplate.${m.template}`) ? t(`emailTemplate.${m.template}`) : m.template}</td>
                  <td data-label={t("entry.to")} className="adm-reg-break">
                    {m.toAddress}
                  </td>
                  <td data-label={t("entry.status")}>
                    <Badge kind="outboxStatus" status={m.status} />
                  </td>
                  <td data-label={t("entry.when")}>{formatWhen(m.sentAt ?? m.createdAt, zone, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
