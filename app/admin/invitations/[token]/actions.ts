"use server";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { domainErrorState } from "@/components/admin/action-errors";
import type { FormState } from "@/components/admin/form-state";
import { acceptInvitation } from "@/server/staff/invitations";
import { answer, fieldsOf, publicAction, type FormAction } from "../../../_lib/actions";

const acceptSchema = z.object({
  token: z.string().trim().min(1).max(200),
  name: z.string().max(200).optional(),
  password: z.string().max(500).optional(),
  passwordConfirm: z.string().max(500).optional(),
});

const REASONS = ["unknown", "expired", "accepted", "revoked"] as const;

/** What comes back to the form: the name as typed, never a password. */
const typed = (input: { name?: string }) => ({ name: input.name ?? "" });

/**
 * Accepts a staff invitation. Public: the link's token is the credential (anyone holding it may use it, once).
 * A new account takes a password (typed twice); an existing account only gets the event role. Then the page
 * says so and offers sign-in.
 */
export const acceptInvitationAction: FormAction<FormState> = publicAction(
  acceptSchema,
  async ({ input: { token, name, password, passwordConfirm } }) => {
    if (password !== undefined && passwordConfirm !== undefined && password !== passwordConfirm && password.length > 0) {
      const t = await getTranslations("admin.staff.accept");
      return answer<FormState>({ status: "error", message: null, fieldErrors: { passwordConfirm: t("passwordMismatch") }, values: typed({ name }) });
    }
    await acceptInvitation(token, { name, password });
  },
  {
    read: fieldsOf("token", "name", "password", "passwordConfirm"),
    refused: async (error, { input }) => {
      const reason = (error.details as { reason?: string } | undefined)?.reason;
      if (reason && (REASONS as readonly string[]).includes(reason)) {
        const t = await getTranslations("admin.staff.errors");
        return { status: "error", message: t(reason as (typeof REASONS)[number]), fieldErrors: {}, values: typed(input) };
      }
      return domainErrorState(error, typed(input));
    },
    success: (_none, { input }) => redirect(`/admin/invitations/${encodeURIComponent(input.token)}?accepted=1`),
  },
);
