"use client";
import { useActionState, useEffect, useRef } from "react";
import { useTranslations } from "next-intl";
import { SubmitButton } from "./form-kit";

export interface SignInState {
  error: "invalidCredentials" | "rateLimited" | "missingFields" | "unavailable" | null;
  email: string;
}

export function SignInForm({
  action,
  callbackUrl,
  initialError,
}: {
  action: (prev: SignInState, data: FormData) => Promise<SignInState>;
  callbackUrl: string;
  initialError: SignInState["error"];
}) {
  const t = useTranslations("admin.signIn");
  const [state, formAction] = useActionState(action, { error: initialError, email: "" });
  const alertRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.error) alertRef.current?.focus();
  }, [state]);
  const invalid = state.error === "invalidCredentials" || state.error === "missingFields";
  return (
    <form action={formAction} noValidate className="adm-form adm-signin-form" aria-labelledby="page-title">
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      {state.error ? (
        <div ref={alertRef} tabIndex={-1} role="alert" id="signin-error" className="adm-summary">
          <p className="adm-summary__message">{t(`errors.${state.error}`)}</p>
        </div>
      ) : null}
      <div className="adm-field">
        <label htmlFor="signin-email" className="adm-label">
          {t("email")}
        </label>
        <input
          key={state.email}
          id="signin-email"
          name="email"
          type="email"
          autoComplete="username"
          defaultValue={state.email}
          required
          aria-invalid={invalid || undefined}
          aria-describedby={state.error ? "signin-error" : undefined}
          className="adm-input adm-input--long"
        />
      </div>
      <div className="adm-field">
        <label htmlFor="signin-password" className="adm-label">
          {t("password")}
        </label>
        <input
          id="signin-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={invalid || undefined}
          aria-describedby={state.error ? "signin-error" : undefined}
          className="adm-input adm-input--long"
        />
      </div>
      <div className="adm-actions">
        <SubmitButton label={t("submit")} pendingLabel={t("submitting")} />
      </div>
    </form>
  );
}
