"use client";
import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { SubmitButton } from "./form-kit";
import { IDLE_FORM, type FormState } from "./form-state";

/** Publish (draft or closed → published) or unpublish (published → draft). */
export function PublishForm({
  action,
  eventSlug,
  published,
}: {
  action: (prev: FormState, data: FormData) => Promise<FormState>;
  eventSlug: string;
  published: boolean;
}) {
  const t = useTranslations("admin.event");
  const [state, formAction] = useActionState(action, IDLE_FORM);
  return (
    <form action={formAction} className="adm-inline-form">
      <input type="hidden" name="eventSlug" value={eventSlug} />
      <input type="hidden" name="status" value={published ? "draft" : "published"} />
      <SubmitButton
        label={published ? t("unpublish") : t("publish")}
        pendingLabel={t("statusSaving")}
        className={published ? "adm-button" : "adm-button adm-button--primary"}
      />
      {state.status === "error" ? (
        <p role="alert" className="adm-error">
          {state.message ?? Object.values(state.fieldErrors).join(" ")}
        </p>
      ) : null}
    </form>
  );
}
