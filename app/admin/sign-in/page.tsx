import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { SignInForm, type SignInState } from "@/components/admin/sign-in-form";
import { getActor, safeAdminPath } from "@/server/auth/session";
import { signInAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("admin.signIn");
  return { title: t("title") };
}

type Search = Promise<Record<string, string | string[] | undefined>>;

/** Staff sign-in. Open to everyone; a signed-in staff member goes straight on to where they were heading. */
export default async function SignInPage({ searchParams }: { searchParams: Search }) {
  const search = await searchParams;
  const callbackUrl = safeAdminPath(search.callbackUrl);
  if (await getActor()) redirect(callbackUrl);
  const t = await getTranslations("admin.signIn");
  // next-auth's own endpoint redirects here with ?error=CredentialsSignin&code=… when used without this form.
  const initialError: SignInState["error"] =
    search.error === "CredentialsSignin" ? (search.code === "rate_limited" ? "rateLimited" : "invalidCredentials") : search.error ? "unavailable" : null;
  return (
    <div className="adm-signin">
      <h1 id="page-title" className="adm-h1">
        {t("title")}
      </h1>
      <p className="adm-lead">{t("intro")}</p>
      {search.signedOut ? (
        <p role="status" className="adm-notice">
          {t("signedOut")}
        </p>
      ) : null}
      <SignInForm action={signInAction} callbackUrl={callbackUrl} initialError={initialError} />
    </div>
  );
}
