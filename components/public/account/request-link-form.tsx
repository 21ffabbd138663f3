"use client";
import { useActionState, useEffect, useRef } from "react";
import { useFormStatus } from "react-dom";
import { useTranslations } from "next-intl";

export interface LinkRequestState {
  error: "invalidEmail" | "rateLimited" | "unavailable" | null;
  email: string;
}

function SubmitButton() {
  const t = useTranslations("account.request");
  const { pending } = useFormStatus();
  return (
    <button type="submit" className="pub-button acct-submit" aria-disabled={pending || undefined} disabled={pending}>
      {pending ? t("submitting") : t("submit")}
    </button>
  );
}

/** The address to send a sign-in link to. Errors are announced and take focus; the field keeps what was typed. */
export function RequestLinkForm({
  action,
  locale,
}: {
  action: (prev: LinkRequestState, data: FormData) => Promise<LinkRequestState>;
  locale: string;
}) {
  const t = useTranslations("account.request");
  const [state, formAction] = useActionState(action, { error: null, email: "" });
  const alertRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.error) alertRef.current?.focus();
  }, [state]);
  const invalid = state.error === "invalidEmail";
  const describedBy = ["account-email-hint", state.error ? "account-email-error" : null].filter(Boolean).join(" ");
  return (
    <form action={formAction} noValidate className="acct-form" aria-labelledby="account-title">
      <input type="hidden" name="locale" value={locale} />
      {state.error ? (
        <div ref={alertRef} tabIndex={-1} role="alert" id="account-email-error" className="acct-alert">
          {t(`errors.${state.error}`)}
        </div>
      ) : null}
      <div className="acct-field">
        <label htmlFor="account-email" className="acct-label">
          {t("email")}
        </label>
        <p id="account-email-hint" className="acct-hint">
          {t("emailHint")}
        </p>
        <input
          key={state.email}
          id="account-email"
          name="email"
          type="email"
          inputMode="email"
          autoComplete="email"
          spellCheck={false}
          autoCapitalize="none"
          required
          maxLength={320}
          defaultValue={state.email}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          className="acct-input"
        />
      </div>
      <SubmitButton />
    </form>
  );
}
