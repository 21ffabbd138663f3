"use server";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { domainErrorState } from "@/components/admin/action-errors";
import type { FormState } from "@/components/admin/form-state";
import { createOwnApiToken, revokeApiTokenById } from "@/server/staff/tokens";
import { staffAction, type FormAction } from "../../_lib/actions";

const TOKENS_PATH = "/admin/tokens";

/** The form's state, plus the new token the one time it is shown (never in the address, never stored). */
export interface CreateTokenState extends Omit<FormState, "status"> {
  status: FormState["status"] | "ok";
  created?: { name: string; prefix: string; token: string };
}

/** Creates an API token for the signed-in staff member (any staff account; what it opens follows their roles). */
export const createTokenAction: FormAction<CreateTokenState> = staffAction(z.object({}), async ({ values, actor }) => createOwnApiToken(actor, { name: values.name ?? "" }), {
  page: () => TOKENS_PATH,
  refused: (error, { values }) => domainErrorState(error, values),
  // The page's list of tokens shows the new one; the answer carries the token itself.
  revalidate: () => [],
  success: (made) => ({ status: "ok", message: null, fieldErrors: {}, values: {}, created: { name: made.name, prefix: made.prefix, token: made.token } }),
});

const revokeSchema = z.object({ tokenId: z.string().trim().min(1).max(100) });

/** Revokes a token (after the page's confirmation step): its owner or an admin. */
export const revokeTokenAction = staffAction(revokeSchema, async ({ input, actor }) => revokeApiTokenById(actor, input.tokenId), {
  page: () => TOKENS_PATH,
  refused: async (error): Promise<FormState> => {
    if (error.code !== "conflict") return domainErrorState(error, {});
    const t = await getTranslations("admin.tokens");
    return { status: "error", message: t("alreadyRevoked"), fieldErrors: {}, values: {} };
  },
  revalidate: () => [],
  success: () => redirect(`${TOKENS_PATH}?notice=revoked`),
});
