/** What an admin form's server action returns to useActionState. Messages are already in the user's language. */
export interface FormState {
  status: "idle" | "error";
  /** A problem that belongs to no field (not allowed, not found); null when the fields say it all. */
  message: string | null;
  /** Field name → what is wrong with it (a fragment such as "must be at least 0"; the form adds the label). */
  fieldErrors: Record<string, string>;
  /** What the user typed, so the form comes back as it was sent (never passwords). */
  values: Record<string, string>;
}

export const IDLE_FORM: FormState = { status: "idle", message: null, fieldErrors: {}, values: {} };
