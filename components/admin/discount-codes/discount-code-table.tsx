import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { LANGUAGE_TAG, type Locale } from "@/i18n/routing";
import type { DiscountCodeItem } from "@/server/events/discount-codes";
import { formatInstant, formatMoney } from "../format";

/**
 * An event's discount codes. On a phone each row is a card (registrations.css, adm-reg-table); codes that can still
 * be used link to the page's "end now" confirmation step.
 */
export async function DiscountCodeTable({
  codes,
  raceNames,
  timezone,
  locale,
  path,
}: {
  codes: DiscountCodeItem[];
  raceNames: Map<string, string>;
  timezone: string;
  locale: Locale;
  path: string;
}) {
  const t = await getTranslations("admin");
  if (codes.length === 0) return <p className="adm-empty">{t("discountCodes.none")}</p>;
  const number = new Intl.NumberFormat(LANGUAGE_TAG[locale]);
  const when = (d: Date) => formatInstant(d, timezone, locale);
  const window = (c: DiscountCodeItem) => {
    if (c.validFrom && c.validUntil) return t("discountCodes.between", { from: when(c.validFrom), until: when(c.validUntil) });
    if (c.validFrom) return t("discountCodes.from", { from: when(c.validFrom) });
    if (c.validUntil) return t("discountCodes.until", { until: when(c.validUntil) });
    return t("discountCodes.always");
  };
  return (
    <div className="adm-table-wrap adm-reg-table-wrap" role="region" aria-labelledby="codes-title" tabIndex={0}>
      <table className="adm-table adm-reg-table adm-dc-table">
        <caption className="visually-hidden">{t("discountCodes.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("discountCodes.code")}</th>
            <th scope="col">{t("discountCodes.discount")}</th>
            <th scope="col">{t("discountCodes.race")}</th>
            <th scope="col">{t("discountCodes.valid")}</th>
            <th scope="col">{t("discountCodes.uses")}</th>
            <th scope="col">{t("discountCodes.status")}</th>
            <th scope="col">
              <span className="visually-hidden">{t("discountCodes.actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {codes.map((c) => (
            <tr key={c.id}>
              <th scope="row">
                <span className="adm-reg-mono">{c.code}</span>
              </th>
              <td data-label={t("discountCodes.discount")}>
                {c.kind === "percent"
                  ? t("discountCodes.percentOff", { value: c.value })
                  : t("discountCodes.amountOff", { amount: formatMoney(c.value, c.currency ?? "CNY", locale) })}
              </td>
              <td data-label={t("discountCodes.race")}>{c.race ? (raceNames.get(c.race) ?? c.race) : t("discountCodes.allRaces")}</td>
              <td data-label={t("discountCodes.valid")}>{window(c)}</td>
              <td data-label={t("discountCodes.uses")}>
                <span>
                  {c.maxUses === null
                    ? t("discountCodes.usesUnlimited", { used: number.format(c.usedCount) })
                    : t("discountCodes.usesOf", { used: number.format(c.usedCount), max: number.format(c.maxUses) })}
                  {c.usesLeft !== null ? <span className="adm-reg-sub">{t("discountCodes.usesLeft", { left: c.usesLeft })}</span> : null}
                </span>
              </td>
              <td data-label={t("discountCodes.status")}>
                <span className={`adm-reg-badge adm-dc-badge--${c.status}`}>{t(`discountStatus.${c.status}`)}</span>
              </td>
              <td data-label={c.status === "ended" ? undefined : t("discountCodes.actions")}>
                {c.status === "ended" ? null : (
                  <Link href={`${path}?end=${encodeURIComponent(c.code)}`}>
                    {t("discountCodes.end")}
                    <span className="visually-hidden"> ({c.code})</span>
                  </Link>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
