"use client";
import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { EventFields } from "./event-fields";
import { ErrorSummary, FormScope, SubmitButton } from "./form-kit";
import { IDLE_FORM, type FormState } from "./form-state";
import { useLabelFor } from "./labels";

export function EditEventForm({
  action,
  eventSlug,
  defaults,
}: {
  action: (prev: FormState, data: FormData) => Promise<FormState>;
  eventSlug: string;
  defaults: Record<string, string>;
}) {
  const t = useTranslations("admin");
  const [state, formAction] = useActionState(action, IDLE_FORM);
  const labelFor = useLabelFor("event");
  return (
    <FormScope idPrefix="edit-event" state={state} defaults={defaults}>
      <form action={formAction} noValidate className="adm-form" aria-labelledby="event-details-title">
        <input type="hidden" name="eventSlug" value={eventSlug} />
        <ErrorSummary labelFor={labelFor} />
        <EventFields idPrefix="edit-event" />
        <div className="adm-actions">
          <SubmitButton label={t("form.save")} pendingLabel={t("form.saving")} />
        </div>
      </form>
    </FormScope>
  );
}
