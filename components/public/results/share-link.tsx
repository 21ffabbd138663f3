"use client";

import { useId, useState, useSyncExternalStore } from "react";
import { useTranslations } from "next-intl";

/**
 * The runner page's share link: the phone's share sheet where there is one (Web Share API), otherwise the link is
 * copied; the address is also in a read-only field to select by hand. A polite status says what happened.
 */
export function ShareLink({ title }: { title: string }) {
  const t = useTranslations("results.share");
  const [status, setStatus] = useState<"" | "copied" | "failed">("");
  const inputId = useId();
  const url = useSyncExternalStore(noSubscription, () => window.location.origin + window.location.pathname, () => "");
  const canShare = useSyncExternalStore(noSubscription, () => typeof navigator.share === "function", () => false);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setStatus("copied");
    } catch {
      setStatus("failed");
    }
  };

  const share = async () => {
    try {
      await navigator.share({ title, url });
    } catch (error) {
      // The runner closed the share sheet: nothing to say. Anything else: copy instead.
      if ((error as Error).name !== "AbortError") await copy();
    }
  };

  return (
    <div className="rs-share">
      <label htmlFor={inputId}>{t("label")}</label>
      <div className="rs-search-row">
        <input id={inputId} type="url" readOnly value={url} onFocus={(event) => event.currentTarget.select()} />
        {canShare ? (
          <button type="button" className="rs-button" onClick={() => void share()}>
            {t("share")}
          </button>
        ) : (
          <button type="button" className="rs-button" onClick={() => void copy()}>
            {t("copy")}
          </button>
        )}
      </div>
      <p role="status" className="rs-hint">
        {status === "copied" ? t("copied") : status === "failed" ? t("failed") : ""}
      </p>
    </div>
  );
}

function noSubscription(): () => void {
  return () => {};
}
