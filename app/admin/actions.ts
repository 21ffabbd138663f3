"use server";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { routing } from "@/i18n/routing";
import { signOut } from "@/server/auth";

const languageSchema = z.object({ locale: z.enum(routing.locales) });

/** Remembers the admin's language in the NEXT_LOCALE cookie (the admin has no locale in its URLs). Anyone may call it. */
export async function setLanguageAction(formData: FormData): Promise<void> {
  const parsed = languageSchema.safeParse({ locale: formData.get("locale") });
  if (!parsed.success) return;
  (await cookies()).set("NEXT_LOCALE", parsed.data.locale, {
    path: "/",
    maxAge: 60 * 60 * 24 * 365,
    sameSite: "lax",
  });
}

/** Ends the session (anyone may call it; without a session it does nothing but redirect). */
export async function signOutAction(): Promise<void> {
  await signOut({ redirect: false });
  redirect("/admin/sign-in?signedOut=1");
}
