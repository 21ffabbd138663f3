import type { Metadata } from "next";
import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { AdminBreadcrumb } from "@/components/admin/breadcrumb";
import { ConfirmForm } from "@/components/admin/registrations/confirm-form";
import { FocusOnMount } from "@/components/admin/registrations/focus-on-mount";
import { formatWhen } from "@/components/admin/registrations/format";
import type { Locale } from "@/i18n/routing";
import { eventAccessOf } from "@/server/auth/policy";
import { requireStaff } from "@/server/auth/session";
import { findEventBySlug } from "@/server/events/queries";
import { firstValues } from "@/server/registration/list-registrations";
import { listInvitations, listStaff } from "@/server/staff/invitations";
import { inviteStaffAction, removeStaffAction, revokeInvitationAction } from "./actions";
import { InviteForm } from "./invite-form";
import "@/components/admin/registrations/registrations.css";

type Params = Promise<{ slug: string }>;
type Search = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug } = await params;
  const t = await getTranslations("admin.staff");
  return { title: `${t("title")} · ${slug}` };
}

const NOTICES = ["invited", "revoked", "removed"] as const;

/**
 * An event's staff: who is on it (remove after a confirmation step, `?remove=<user id>`), pending invitations
 * (revoke after `?revoke=<id>`) and the invitation form. Admins manage organizers and volunteers; the event's
 * organizers manage volunteers (docs/decisions/007-staff-invitations.md); everyone else signed in gets 403.
 */
export default async function StaffPage({ params, searchParams }: { params: Params; searchParams: Search }) {
  const { slug } = await params;
  const path = `/admin/events/${slug}/staff`;
  const actor = await requireStaff(path);
  const event = await findEventBySlug(slug);
  if (!event) notFound();
  const access = await eventAccessOf(actor, event.id);
  if (access !== "admin" && access !== "organizer") forbidden();
  const [t, tAdmin, locale, sp, staff, invitations] = await Promise.all([
    getTranslations("admin.staff"),
    getTranslations("admin"),
    getLocale() as Promise<Locale>,
    searchParams.then(firstValues),
    listStaff(actor, slug),
    listInvitations(actor, slug),
  ]);
  const eventName = locale === "zh" ? event.nameZh : event.nameEn;
  const zone = event.timezone;
  const canManage = (role: string) => access === "admin" || role === "volunteer";
  const roleOptions = (access === "admin" ? (["organizer", "volunteer"] as const) : (["volunteer"] as const)).map((r) => ({ value: r, label: tAdmin(`roles.${r}`) }));

  const removing = sp.remove ? staff.find((s) => s.userId === sp.remove && canManage(s.role)) : undefined;
  const revoking = !removing && sp.revoke ? invitations.find((i) => i.id === sp.revoke && canManage(i.role)) : undefined;
  const notice = NOTICES.find((n) => n === sp.notice);

  return (
    <>
      <AdminBreadcrumb label={tAdmin("nav.breadcrumb")} trail={[{ href: "/admin", text: tAdmin("events.title") }, { href: `/admin/events/${event.slug}`, text: eventName }]} />
      <h1 id="page-title" className="adm-h1">
        {t("title")}
      </h1>
      <p className="adm-lead">{access === "admin" ? t("leadAdmin") : t("leadOrganizer")}</p>
      <div role="status" className={notice ? "adm-notice" : undefined}>
        {notice ? t(`notices.${notice}`) : null}
      </div>

      {removing ? (
        <section className="adm-reg-confirm" aria-labelledby="confirm-title">
          <FocusOnMount id="confirm-title" />
          <h2 id="confirm-title" className="adm-h2" tabIndex={-1}>
            {t("removeTitle", { email: removing.email })}
          </h2>
          <p>{t("removeBody", { email: removing.email, role: tAdmin(`roles.${removing.role}`) })}</p>
          <ConfirmForm
            action={removeStaffAction}
            fields={{ eventSlug: event.slug, userId: removing.userId }}
            confirmLabel={t("removeConfirm")}
            pendingLabel={t("removing")}
            backHref={path}
            backLabel={t("keep")}
            danger
          />
        </section>
      ) : null}
      {revoking ? (
        <section className="adm-reg-confirm" aria-labelledby="confirm-title">
          <FocusOnMount id="confirm-title" />
          <h2 id="confirm-title" className="adm-h2" tabIndex={-1}>
            {t("revokeTitle", { email: revoking.email })}
          </h2>
          <p>{t("revokeBody")}</p>
          <ConfirmForm
            action={revokeInvitationAction}
            fields={{ eventSlug: event.slug, invitationId: revoking.id }}
            confirmLabel={t("revokeConfirm")}
            pendingLabel={t("revoking")}
            backHref={path}
            backLabel={t("keep")}
            danger
          />
        </section>
      ) : null}

      <section className="adm-section" aria-labelledby="staff-title">
        <h2 id="staff-title" className="adm-h2">
          {t("listTitle")}
        </h2>
        {staff.length === 0 ? (
          <p className="adm-empty">{t("none")}</p>
        ) : (
          <div className="adm-table-wrap adm-reg-table-wrap" role="region" aria-labelledby="staff-title" tabIndex={0}>
            <table className="adm-table adm-reg-table">
              <caption className="visually-hidden">{t("listCaption", { event: eventName })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("person")}</th>
                  <th scope="col">{t("role")}</th>
                  <th scope="col">{t("since")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t("actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {staff.map((s) => (
                  <tr key={s.userId}>
                    <th scope="row">
                      <span className="adm-reg-break">{s.email}</span>
                      {s.name ? <span className="adm-reg-sub">{s.name}</span> : null}
                    </th>
                    <td data-label={t("role")}>
                      {tAdmin(`roles.${s.role === "organizer" && s.accountRole === "volunteer" ? "volunteer" : s.role}`)}
                      {s.disabled ? <span className="adm-reg-sub">{t("disabled")}</span> : null}
                    </td>
                    <td data-label={t("since")}>{formatWhen(s.since.toISOString(), zone, locale)}</td>
                    <td>
                      {canManage(s.role) ? (
                        <Link href={`${path}?remove=${encodeURIComponent(s.userId)}`} className="adm-button adm-button--quiet">
                          {t("remove")}
                          <span className="visually-hidden"> {s.email}</span>
                        </Link>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="adm-section" aria-labelledby="pending-title">
        <h2 id="pending-title" className="adm-h2">
          {t("pendingTitle")}
        </h2>
        {invitations.length === 0 ? (
          <p className="adm-empty">{t("nonePending")}</p>
        ) : (
          <div className="adm-table-wrap adm-reg-table-wrap" role="region" aria-labelledby="pending-title" tabIndex={0}>
            <table className="adm-table adm-reg-table">
              <caption className="visually-hidden">{t("pendingCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("address")}</th>
                  <th scope="col">{t("role")}</th>
                  <th scope="col">{t("invitedBy")}</th>
                  <th scope="col">{t("expires")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t("actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {invitations.map((i) => (
                  <tr key={i.id}>
                    <th scope="row">
                      <span className="adm-reg-break">{i.email}</span>
                    </th>
                    <td data-label={t("role")}>{tAdmin(`roles.${i.role}`)}</td>
                    <td data-label={t("invitedBy")} className="adm-reg-break">
                      {i.invitedBy ?? t("system")}
                    </td>
                    <td data-label={t("expires")}>{formatWhen(i.expiresAt.toISOString(), zone, locale)}</td>
                    <td>
                      {canManage(i.role) ? (
                        <Link href={`${path}?revoke=${encodeURIComponent(i.id)}`} className="adm-button adm-button--quiet">
                          {t("revoke")}
                          <span className="visually-hidden"> {i.email}</span>
                        </Link>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {removing || revoking ? null : (
        <section className="adm-section" aria-labelledby="invite-title">
          <h2 id="invite-title" className="adm-h2">
            {t("inviteTitle")}
          </h2>
          <InviteForm action={inviteStaffAction} eventSlug={event.slug} roles={roleOptions} labelledBy="invite-title" />
        </section>
      )}
    </>
  );
}
