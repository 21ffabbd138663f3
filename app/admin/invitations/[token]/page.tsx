import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { formatWhen } from "@/components/admin/registrations/format";
import { DEFAULT_TIMEZONE } from "@/core/event-input";
import type { Locale } from "@/i18n/routing";
import { getInvitationLanding } from "@/server/staff/invitations";
import { AcceptForm } from "./accept-form";
import { acceptInvitationAction } from "./actions";
import { present } from "../../../../core/lists";

type Params = Promise<{ token: string }>;
type Search = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("admin.staff.accept");
  // The address holds the invitation's token: never sent on to other sites.
  return { title: t("metaTitle"), robots: { index: false, follow: false }, referrer: "no-referrer" };
}

/**
 * The page a staff invitation links to. Public: the token is the credential. Opening it changes nothing (mail
 * scanners fetch links); the button accepts. Unknown, used, revoked and expired links say so.
 */
export default async function InvitationPage({ params, searchParams }: { params: Params; searchParams: Search }) {
  const { token } = await params;
  const [landing, t, tRoles, locale, sp] = await Promise.all([
    getInvitationLanding(token),
    getTranslations("admin.staff.accept"),
    getTranslations("admin.roles"),
    getLocale() as Promise<Locale>,
    searchParams,
  ]);
  const event = landing.event ? (locale === "zh" ? landing.event.nameZh : landing.event.nameEn) : "";
  const role = landing.role ? tRoles(landing.role) : "";
  const signInHref = landing.event ? `/admin/sign-in?callbackUrl=${encodeURIComponent(`/admin/events/${landing.event.slug}`)}` : "/admin/sign-in";

  if (landing.status === "accepted" && sp.accepted === "1") {
    return (
      <>
        <h1 id="page-title" className="adm-h1">
          {t("doneTitle", { event })}
        </h1>
        <div role="status" className="adm-notice">
          {t("doneBody", { event, role, email: landing.email ?? "" })}
        </div>
        <p>
          <Link href={signInHref} className="adm-button adm-button--primary">
            {t("signIn")}
          </Link>
        </p>
      </>
    );
  }

  if (landing.status !== "pending") {
    return (
      <>
        <h1 id="page-title" className="adm-h1">
          {t("unusableTitle")}
        </h1>
        <p className="adm-lead">{t(`unusable.${landing.status}`)}</p>
        <p>
          <Link href={signInHref} className="adm-button">
            {t("signIn")}
          </Link>
        </p>
      </>
    );
  }

  return (
    <>
      <h1 id="page-title" className="adm-h1">
        {t("title", { event, role })}
      </h1>
      <p className="adm-lead">{t("lead", { email: landing.email ?? "", event, role })}</p>
      <p className="adm-hint">{t(landing.role === "organizer" ? "organizerNote" : "volunteerNote")}</p>
      <p className="adm-hint">{t("expires", { when: formatWhen(present(landing.expiresAt, "the invitation's expiry").toISOString(), DEFAULT_TIMEZONE, locale) ?? "" })}</p>
      {landing.hasAccount ? <p>{t("existingAccount", { email: landing.email ?? "" })}</p> : <p>{t("newAccount")}</p>}
      <AcceptForm action={acceptInvitationAction} token={token} email={landing.email ?? ""} newAccount={!landing.hasAccount} />
    </>
  );
}
