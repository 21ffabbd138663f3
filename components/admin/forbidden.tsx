import Link from "next/link";
import { getTranslations } from "next-intl/server";

/** "Not allowed": shown instead of a page the signed-in staff member may not use. */
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
