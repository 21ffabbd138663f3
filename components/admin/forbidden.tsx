import Link from "next/link";
import { getTranslations } from "next-intl/server";

/**
 * "Not allowed" with a reason, inside a page. A page that refuses as a whole calls forbidden() from
 * next/navigation instead, so it answers 403 (app/admin/forbidden.tsx).
 */
export async function Forbidden({ reason }: { reason: "createEvent" | "editEvent" | "noAccess" }) {
  const t = await getTranslations("admin.forbidden");
  return (
    <section className="adm-forbidden" aria-labelledby="page-title">
      <h1 id="page-title" className="adm-h1">
        {t("title")}
      </h1>
      <p>{t(reason)}</p>
      <p>
        <Link href="/admin">{t("back")}</Link>
      </p>
    </section>
  );
}
