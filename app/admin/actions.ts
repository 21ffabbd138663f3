"use server";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { routing } from "@/i18n/routing";
import { signOut } from "@/server/auth";
import { fieldsOf, publicAction } from "../_lib/actions";

const languageSchema = z.object({ locale: z.enum(routing.locales) });

/** Remembers the admin's language in the NEXT_LOCALE cookie (the admin has no locale in its URLs). Anyone may call it. */
export const setLanguageAction = publicAction(
  languageSchema,
  async ({ input }) => {
    (await cookies()).set("NEXT_LOCALE", input.locale, {
      path: "/",
      maxAge: 60 * 60 * 24 * 365,
      sameSite: "lax",
    });
  },
  { call: true, read: fieldsOf("locale"), unreadable: () => undefined },
);

/** Ends the session (anyone may call it; without a session it does nothing but redirect). */
export const signOutAction = publicAction(z.object({}), async () => signOut({ redirect: false }), {
  call: true,
  read: fieldsOf(),
  success: () => redirect("/admin/sign-in?signedOut=1"),
});
