import { getTranslations } from "next-intl/server";
import { Link } from "../../i18n/navigation";

/** The localized 404 for unknown pages and unknown or unpublished events (rendered inside the locale layout). */
export default async function NotFound() {
  const t = await getTranslations("public.notFound");
  return (
    <div className="pub-message">
      <title>{t("title")}</title>
      <h1>{t("title")}</h1>
      <p>{t("body")}</p>
      <p>
        <Link href="/">{t("home")}</Link>
      </p>
    </div>
  );
}
