"use client";

import { useEffect } from "react";
import { useTranslations } from "next-intl";
import { Link } from "../../i18n/navigation";

/** Unexpected failures while rendering a public page: say so in the page language and offer a retry. */
export default function PublicError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("public.error");
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div className="pub-message" role="alert">
      <h1>{t("title")}</h1>
      <p>{t("body")}</p>
      <p className="pub-actions">
        <button type="button" className="pub-button" onClick={reset}>
          {t("retry")}
        </button>
        <Link href="/">{t("home")}</Link>
      </p>
    </div>
  );
}
