import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { LANGUAGE_TAG, type Locale } from "@/i18n/routing";
import type { DiscountCodeItem } from "@/server/events/discount-codes";
import { DataTable } from "../data-table";
import { formatInstant, formatMoney } from "../format";

/**
 * An event's discount codes (DataTable: on a phone each row is a card); codes that can still be used link to the
 * page's "end now" confirmation step.
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
    <DataTable
      labelledBy="codes-title"
      caption={t("discountCodes.caption")}
      className="adm-dc-table"
      rows={codes}
      rowKey={(c) => c.id}
      columns={[
        { key: "code", header: t("discountCodes.code"), cell: (c) => <span className="adm-reg-mono">{c.code}</span> },
        {
          key: "discount",
          header: t("discountCodes.discount"),
          cell: (c) => (c.kind === "percent" ? t("discountCodes.percentOff", { value: c.value }) : t("discountCodes.amountOff", { amount: formatMoney(c.value, c.currency ?? "CNY", locale) })),
        },
        { key: "race", header: t("discountCodes.race"), cell: (c) => (c.race ? (raceNames.get(c.race) ?? c.race) : t("discountCodes.allRaces")) },
        { key: "valid", header: t("discountCodes.valid"), cell: window },
        {
          key: "uses",
          header: t("discountCodes.uses"),
          cell: (c) => (
            <span>
              {c.maxUses === null
                ? t("discountCodes.usesUnlimited", { used: number.format(c.usedCount) })
                : t("discountCodes.usesOf", { used: number.format(c.usedCount), max: number.format(c.maxUses) })}
              {c.usesLeft !== null ? <span className="adm-reg-sub">{t("discountCodes.usesLeft", { left: c.usesLeft })}</span> : null}
            </span>
          ),
        },
        { key: "status", header: t("discountCodes.status"), cell: (c) => <span className={`adm-reg-badge adm-dc-badge--${c.status}`}>{t(`discountStatus.${c.status}`)}</span> },
        {
          key: "actions",
          header: t("discountCodes.actions"),
          headerHidden: true,
          label: (c) => (c.status === "ended" ? undefined : t("discountCodes.actions")),
          cell: (c) =>
            c.status === "ended" ? null : (
              <Link href={`${path}?end=${encodeURIComponent(c.code)}`}>
                {t("discountCodes.end")}
                <span className="visually-hidden"> ({c.code})</span>
              </Link>
            ),
        },
      ]}
    />
  );
}
