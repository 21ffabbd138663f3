import Link from "next/link";
import { getTranslations } from "next-intl/server";

export default async function AdminNotFound() {
  const t = await getTranslations("admin.notFound");
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title" className="adm-h1">
        {t("title")}
      </h1>
      <p>{t("body")}</p>
      <p>
        <Link href="/admin">{t("back")}</Link>
      </p>
    </section>
  );
}
