import { getTranslations } from "next-intl/server";
import { Link } from "../../../i18n/navigation";

/** A wrong or incomplete private link: no hint whether the order exists. */
export async function OrderNotFound() {
  const t = await getTranslations("registration.order.notFound");
  const tp = await getTranslations("public.notFound");
  return (
    <div className="pub-message">
      <title>{t("title")}</title>
      <h1>{t("title")}</h1>
      <p>{t("body")}</p>
      <p>
        <Link href="/">{tp("home")}</Link>
      </p>
    </div>
  );
}
