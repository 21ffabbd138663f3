import { getTranslations } from "next-intl/server";
import Link from "next/link";

/** A page the signed-in staff member may not use (forbidden() from a page): answered with status 403. */
export default async function AdminForbidden() {
  const t = await getTranslations("admin.forbidden");
  return (
    <section className="adm-forbidden" aria-labelledby="page-title">
      <h1 id="page-title" className="adm-h1">
        {t("title")}
      </h1>
      <p>{t("page")}</p>
      <p>
        <Link href="/admin">{t("back")}</Link>
      </p>
    </section>
  );
}
