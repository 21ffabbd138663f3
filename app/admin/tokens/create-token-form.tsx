"use client";
/**
 * Creating an API token: a name, then the token itself shown once, in a read-only field with a copy button.
 * It lives only in this component's state: leaving or reloading the page loses it for good.
 */
import { useActionState, useEffect, useRef, useState } from "react";
import { useTranslations } from "next-intl";
import { ErrorSummary, FormScope, SubmitButton, TextField } from "@/components/admin/form-kit";
import { IDLE_FORM, type FormState } from "@/components/admin/form-state";
import type { CreateTokenState } from "./actions";

export function CreateTokenForm({ action }: { action: (prev: CreateTokenState, data: FormData) => Promise<CreateTokenState> }) {
  const t = useTranslations("admin.tokens");
  const [state, formAction] = useActionState(action, IDLE_FORM as CreateTokenState);
  const [copiedToken, setCopiedToken] = useState<string | null>(null);
  const createdRef = useRef<HTMLHeadingElement>(null);
  const created = state.status === "ok" ? state.created : undefined;
  const copied = Boolean(created && copiedToken === created.token);
  useEffect(() => {
    if (created) createdRef.current?.focus();
  }, [created]);

  async function copy() {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.token);
      setCopiedToken(created.token);
    } catch {
      // No clipboard (an insecure origin, a denied permission): select the text so it can be copied by hand.
      const input = document.getElementById("new-token-value") as HTMLInputElement | null;
      input?.select();
    }
  }

  const formState: FormState = state.status === "ok" ? IDLE_FORM : { ...state, status: state.status };
  return (
    <>
      {created ? (
        <section className="adm-notice adm-token-created" aria-labelledby="new-token-title">
          <h3 id="new-token-title" ref={createdRef} tabIndex={-1} className="adm-h3">
            {t("createdTitle", { name: created.name })}
          </h3>
          <p>{t("createdOnce")}</p>
          <label htmlFor="new-token-value" className="adm-label">
            {t("tokenLabel")}
          </label>
          <div className="adm-token-copy">
            <input id="new-token-value" readOnly value={created.token} className="adm-input adm-input--long adm-reg-mono" spellCheck={false} onFocus={(e) => e.currentTarget.select()} />
            <button type="button" className="adm-button adm-button--primary" onClick={copy}>
              {t("copy")}
            </button>
          </div>
          <p role="status" className="adm-hint">
            {copied ? t("copied") : null}
          </p>
        </section>
      ) : null}
      <form action={formAction} noValidate className="adm-form" aria-labelledby="create-token-title">
        <FormScope idPrefix="token" state={formState} defaults={{}}>
          <ErrorSummary labelFor={(field) => (field === "name" ? t("name") : null)} />
          <TextField name="name" label={t("name")} hint={t("nameHint")} required maxLength={80} size="long" />
          <div className="adm-actions">
            <SubmitButton label={t("createSubmit")} pendingLabel={t("creating")} />
          </div>
        </FormScope>
      </form>
    </>
  );
}
