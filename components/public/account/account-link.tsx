import { getTranslations } from "next-intl/server";
import { Link } from "@/i18n/navigation";
import "./account.css";

/** "My entries" in the public header: the request page, which goes straight to the list once signed in. */
export async function AccountLink() {
  const t = await getTranslations("account.nav");
  return (
    <Link href="/account" className="acct-header-link">
      {t("myEntries")}
    </Link>
  );
}
