import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { LANGUAGE_TAG, type Locale } from "@/i18n/routing";
import { hrefWith } from "./registrations/format";

/** "Previous · Page 2 of 25 · Next", keeping the filters: the entry list, the audit log and the outbox (registrations.css). */
export async function Pagination({ path, current, page, pageSize, total, locale }: { path: string; current: Record<string, string | undefined>; page: number; pageSize: number; total: number; locale: Locale }) {
  const t = await getTranslations("admin");
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1 && page <= 1) return null;
  const number = new Intl.NumberFormat(LANGUAGE_TAG[locale]);
  return (
    <nav aria-label={t("registrations.pagination")} className="adm-reg-pages">
      {page > 1 ? (
        <Link href={hrefWith(path, current, { page: Math.min(page - 1, pages) })} className="adm-button" rel="prev">
          {t("registrations.previous")}
        </Link>
      ) : (
        <span />
      )}
      <p>{t("registrations.pageOf", { page: number.format(page), pages: number.format(pages) })}</p>
      {page < pages ? (
        <Link href={hrefWith(path, current, { page: page + 1 })} className="adm-button" rel="next">
          {t("registrations.next")}
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
