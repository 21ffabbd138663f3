import type { ComponentProps, ReactNode } from "react";
import { ConfirmForm } from "./registrations/confirm-form";
import { FocusOnMount } from "./registrations/focus-on-mount";

/**
 * A confirmation step opened by a link (`?revoke=<id>`, `?end=<code>`): a framed section whose heading takes focus,
 * what will happen, and the "Yes, …" form with a way back (ConfirmForm).
 */
export function ConfirmStep({ title, body, ...form }: { title: string; body: ReactNode } & Omit<ComponentProps<typeof ConfirmForm>, "children">) {
  return (
    <section className="adm-reg-confirm" aria-labelledby="confirm-title">
      <FocusOnMount id="confirm-title" />
      <h2 id="confirm-title" className="adm-h2" tabIndex={-1}>
        {title}
      </h2>
      <p>{body}</p>
      <ConfirmForm {...form} />
    </section>
  );
}
