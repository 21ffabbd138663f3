"use client";
/**
 * The last step of an action on an entry: the hidden facts of what was reviewed, the "Yes, …" button and a way
 * back. A refusal comes back in place (role="alert") without leaving the page; success redirects with a notice.
 */
import Link from "next/link";
import { useActionState, type ReactNode } from "react";
import { SubmitButton } from "../form-kit";
import { IDLE_FORM, type FormState } from "../form-state";

export function ConfirmForm({
  action,
  fields,
  confirmLabel,
  pendingLabel,
  backHref,
  backLabel,
  danger = false,
  children,
}: {
  action: (prev: FormState, data: FormData) => Promise<FormState>;
  fields: Record<string, string>;
  confirmLabel: string;
  pendingLabel: string;
  backHref: string;
  backLabel: string;
  danger?: boolean;
  children?: ReactNode;
}) {
  const [state, formAction] = useActionState(action, IDLE_FORM);
  const problems = state.status === "error" ? [state.message, ...Object.values(state.fieldErrors)].filter(Boolean) : [];
  return (
    <form action={formAction} className="adm-form">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children}
      {problems.length > 0 ? (
        <div role="alert" className="adm-summary">
          {problems.map((p) => (
            <p key={p} className="adm-summary__message">
              {p}
            </p>
          ))}
        </div>
      ) : null}
      <div className="adm-actions">
        <SubmitButton label={confirmLabel} pendingLabel={pendingLabel} className={`adm-button ${danger ? "adm-button--danger" : "adm-button--primary"}`} />
        <Link href={backHref} className="adm-button adm-button--quiet">
          {backLabel}
        </Link>
      </div>
    </form>
  );
}
