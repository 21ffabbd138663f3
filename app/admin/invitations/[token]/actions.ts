"use server";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { domainErrorState, unreadableFormState } from "@/components/admin/action-errors";
import type { FormState } from "@/components/admin/form-state";
import { isDomainError } from "@/server/errors";
import { acceptInvitation } from "@/server/staff/invitations";

const acceptSchema = z.object({
  token: z.string().trim().min(1).max(200),
  name: z.string().max(200).optional(),
  password: z.string().max(500).optional(),
  passwordConfirm: z.string().max(500).optional(),
});

const REASONS = ["unknown", "expired", "accepted", "revoked"] as const;

/**
 * Accepts a staff invitation. Public: the link's token is the credential (anyone holding it may use it, once).
 * A new account takes a password (typed twice); an existing account only gets the event role. Then the page
 * says so and offers sign-in.
 */
export async function acceptInvitationAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const raw = {
    token: String(formData.get("token") ?? ""),
    name: formData.get("name") === null ? undefined : String(formData.get("name")),
    password: formData.get("password") === null ? undefined : String(formData.get("password")),
    passwordConfirm: formData.get("passwordConfirm") === null ? undefined : String(formData.get("passwordConfirm")),
  };
  const parsed = acceptSchema.safeParse(raw);
  if (!parsed.success) return unreadableFormState();
  const { token, name, password, passwordConfirm } = parsed.data;
  const values = { name: name ?? "" };
  if (password !== undefined && passwordConfirm !== undefined && password !== passwordConfirm && password.length > 0) {
    const t = await getTranslations("admin.staff.accept");
    return { status: "error", message: null, fieldErrors: { passwordConfirm: t("passwordMismatch") }, values };
  }
  try {
    await acceptInvitation(token, { name, password });
  } catch (error) {
    if (isDomainError(error)) {
      const reason = (error.details as { reason?: string } | undefined)?.reason;
      if (reason && (REASONS as readonly string[]).includes(reason)) {
        const t = await getTranslations("admin.staff.errors");
        return { status: "error", message: t(reason as (typeof REASONS)[number]), fieldErrors: {}, values };
      }
      return domainErrorState(error, values);
    }
    throw error;
  }
  redirect(`/admin/invitations/${encodeURIComponent(token)}?accepted=1`);
}
