"use client";

import type { ReactNode } from "react";
import { useFormStatus } from "react-dom";

/** A form's submit button that says it is working and cannot be pressed twice while the action runs. */
export function SubmitButton({ children, pendingLabel, className }: { children: ReactNode; pendingLabel: string; className?: string }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className={className ?? "reg-button"} disabled={pending}>
      {pending ? pendingLabel : children}
    </button>
  );
}
