import type { ComponentProps, ReactNode } from "react";
import { ConfirmForm } from "./registrations/confirm-form";
import { FocusOnMount } from "./registrations/focus-on-mount";

/**
 * A confirmation step opened by a link (`?revoke=<id>`, `?confirm=cancel`): a framed section whose heading takes
 * focus, what will happen (`children`: paragraphs, counts), and the "Yes, …" form with a way back (ConfirmForm), which
 * may carry inputs of its own (`formChildren`, e.g. "tell the runner").
 */
export function ConfirmStep({
  title,
  children,
  formChildren,
  ...form
}: { title: string; children: ReactNode; formChildren?: ReactNode } & Omit<ComponentProps<typeof ConfirmForm>, "children">) {
  return (
    <section className="adm-reg-confirm" aria-labelledby="confirm-title">
      <FocusOnMount id="confirm-title" />
      <h2 id="confirm-title" className="adm-h2" tabIndex={-1}>
        {title}
      </h2>
      {children}
      <ConfirmForm {...form}>{formChildren}</ConfirmForm>
    </section>
  );
}
