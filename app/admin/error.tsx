"use client";
import { useTranslations } from "next-intl";

/** An unexpected failure (it is logged on the server); the user can retry. */
export default function AdminError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("admin.error");
  return (
    <section role="alert" aria-labelledby="error-title">
      <h1 id="error-title" className="adm-h1">
        {t("title")}
      </h1>
      <p>{t("body")}</p>
      <button type="button" className="adm-button" onClick={() => reset()}>
        {t("retry")}
      </button>
    </section>
  );
}
