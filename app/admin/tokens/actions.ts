"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { domainErrorState, unreadableFormState } from "@/components/admin/action-errors";
import { formValues } from "@/components/admin/form-data";
import type { FormState } from "@/components/admin/form-state";
import { requireStaff } from "@/server/auth/session";
import { isDomainError } from "@/server/errors";
import { createOwnApiToken, revokeApiTokenById } from "@/server/staff/tokens";

const TOKENS_PATH = "/admin/tokens";

/** The form's state, plus the new token the one time it is shown (never in the address, never stored). */
export interface CreateTokenState extends Omit<FormState, "status"> {
  status: FormState["status"] | "ok";
  created?: { name: string; prefix: string; token: string };
}

/** Creates an API token for the signed-in staff member (any staff account; what it opens follows their roles). */
export async function createTokenAction(_prev: CreateTokenState, formData: FormData): Promise<CreateTokenState> {
  const values = formValues(formData);
  if (!values) return unreadableFormState();
  const actor = await requireStaff(TOKENS_PATH);
  let created: { name: string; prefix: string; token: string };
  try {
    const made = await createOwnApiToken(actor, { name: values.name ?? "" });
    created = { name: made.name, prefix: made.prefix, token: made.token };
  } catch (error) {
    if (isDomainError(error)) return domainErrorState(error, values);
    throw error;
  }
  revalidatePath(TOKENS_PATH);
  return { status: "ok", message: null, fieldErrors: {}, values: {}, created };
}

const revokeSchema = z.object({ tokenId: z.string().trim().min(1).max(100) });

/** Revokes a token (after the page's confirmation step): its owner or an admin. */
export async function revokeTokenAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const parsed = revokeSchema.safeParse({ tokenId: formData.get("tokenId") });
  if (!parsed.success) return unreadableFormState();
  const actor = await requireStaff(TOKENS_PATH);
  try {
    await revokeApiTokenById(actor, parsed.data.tokenId);
  } catch (error) {
    if (isDomainError(error) && error.code === "conflict") {
      const t = await getTranslations("admin.tokens");
      return { status: "error", message: t("alreadyRevoked"), fieldErrors: {}, values: {} };
    }
    if (isDomainError(error)) return domainErrorState(error, {});
    throw error;
  }
  revalidatePath(TOKENS_PATH);
  redirect(`${TOKENS_PATH}?notice=revoked`);
}
