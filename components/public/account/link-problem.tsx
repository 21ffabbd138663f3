import { getTranslations } from "next-intl/server";
import { Link } from "@/i18n/navigation";
import { SIGN_IN_LINK_MAX_AGE_SECONDS } from "@/server/auth/email-link";

const KNOWN = new Set(["Verification", "AccessDenied"]);

/** Why a sign-in link did not work (next-auth's error type), and the way to a new one. */
export async function LinkProblem({ error }: { error: string | undefined }) {
  const t = await getTranslations("account.error");
  const kind = error && KNOWN.has(error) ? error : "default";
  return (
    <div className="acct-page">
      <h1>{t("title")}</h1>
      <p className="acct-alert acct-alert--static">{t(kind, { minutes: SIGN_IN_LINK_MAX_AGE_SECONDS / 60 })}</p>
      <p>
        <Link href="/account" className="pub-button acct-button-link">
          {t("again")}
        </Link>
      </p>
    </div>
  );
}
