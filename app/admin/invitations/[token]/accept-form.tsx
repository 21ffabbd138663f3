"use client";
/**
 * Accepting an invitation: with a new account, a name (optional) and a password typed twice; with an existing
 * account, only the button. Errors come back in place; the summary takes focus.
 */
import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { ErrorSummary, FormScope, SubmitButton, TextField } from "@/components/admin/form-kit";
import { IDLE_FORM, type FormState } from "@/components/admin/form-state";

export function AcceptForm({
  action,
  token,
  email,
  newAccount,
}: {
  action: (prev: FormState, data: FormData) => Promise<FormState>;
  token: string;
  email: string;
  newAccount: boolean;
}) {
  const t = useTranslations("admin.staff.accept");
  const [state, formAction] = useActionState(action, IDLE_FORM);
  const labels: Record<string, string> = { name: t("name"), password: t("password"), passwordConfirm: t("passwordConfirm") };
  return (
    <form action={formAction} noValidate className="adm-form adm-signin-form" aria-labelledby="page-title">
      <FormScope idPrefix="accept" state={state} defaults={{}}>
        <ErrorSummary labelFor={(field) => labels[field] ?? null} />
        <input type="hidden" name="token" value={token} />
        {/* Lets password managers file the new password under the right address. */}
        <input type="hidden" name="username" autoComplete="username" value={email} />
        {newAccount ? (
          <>
            <TextField name="name" label={t("name")} autoComplete="name" size="long" />
            <TextField name="password" label={t("password")} type="password" autoComplete="new-password" hint={t("passwordHint")} required size="long" />
            <TextField name="passwordConfirm" label={t("passwordConfirm")} type="password" autoComplete="new-password" required size="long" />
          </>
        ) : null}
        <div className="adm-actions">
          <SubmitButton label={newAccount ? t("submitNew") : t("submitExisting")} pendingLabel={t("submitting")} />
        </div>
      </FormScope>
    </form>
  );
}
