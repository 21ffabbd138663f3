"use client";
/** The invitation form: an address and a role (organizers can only offer "volunteer"). Errors come back in place. */
import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { ErrorSummary, FormScope, SelectField, SubmitButton, TextField } from "@/components/admin/form-kit";
import { IDLE_FORM, type FormState } from "@/components/admin/form-state";

export function InviteForm({
  action,
  eventSlug,
  roles,
  labelledBy,
}: {
  action: (prev: FormState, data: FormData) => Promise<FormState>;
  eventSlug: string;
  roles: { value: string; label: string }[];
  labelledBy: string;
}) {
  const t = useTranslations("admin.staff");
  const [state, formAction] = useActionState(action, IDLE_FORM);
  const labels: Record<string, string> = { email: t("address"), role: t("role") };
  return (
    <form action={formAction} noValidate className="adm-form" aria-labelledby={labelledBy}>
      <FormScope idPrefix="invite" state={state} defaults={{ role: roles[roles.length - 1]?.value ?? "volunteer" }}>
        <ErrorSummary labelFor={(field) => labels[field] ?? null} />
        <input type="hidden" name="eventSlug" value={eventSlug} />
        <TextField name="email" label={t("address")} type="email" autoComplete="email" required size="long" spellCheck={false} />
        {roles.length > 1 ? (
          <SelectField name="role" label={t("role")} options={roles} hint={t("roleHint")} required />
        ) : (
          <>
            <input type="hidden" name="role" value={roles[0]?.value ?? "volunteer"} />
            <p className="adm-hint">{t("volunteerOnlyHint")}</p>
          </>
        )}
        <p className="adm-hint">{t("inviteHint")}</p>
        <div className="adm-actions">
          <SubmitButton label={t("inviteSubmit")} pendingLabel={t("inviteSending")} />
        </div>
      </FormScope>
    </form>
  );
}
