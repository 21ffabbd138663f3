import type { Metadata } from "next";
import { forbidden, notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { AdminBreadcrumb } from "@/components/admin/breadcrumb";
import { ConfirmStep } from "@/components/admin/confirm-step";
import { DataTable, RowActionLink } from "@/components/admin/data-table";
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
        <ConfirmStep
          title={t("removeTitle", { email: removing.email })}
          action={removeStaffAction}
          fields={{ eventSlug: event.slug, userId: removing.userId }}
          confirmLabel={t("removeConfirm")}
          pendingLabel={t("removing")}
          backHref={path}
          backLabel={t("keep")}
          danger
        >
          <p>{t("removeBody", { email: removing.email, role: tAdmin(`roles.${removing.role}`) })}</p>
        </ConfirmStep>
      ) : null}
      {revoking ? (
        <ConfirmStep
          title={t("revokeTitle", { email: revoking.email })}
          action={revokeInvitationAction}
          fields={{ eventSlug: event.slug, invitationId: revoking.id }}
          confirmLabel={t("revokeConfirm")}
          pendingLabel={t("revoking")}
          backHref={path}
          backLabel={t("keep")}
          danger
        >
          <p>{t("revokeBody")}</p>
        </ConfirmStep>
      ) : null}

      <section className="adm-section" aria-labelledby="staff-title">
        <h2 id="staff-title" className="adm-h2">
          {t("listTitle")}
        </h2>
        {staff.length === 0 ? (
          <p className="adm-empty">{t("none")}</p>
        ) : (
          <DataTable
            labelledBy="staff-title"
            caption={t("listCaption", { event: eventName })}
            rows={staff}
            rowKey={(s) => s.userId}
            columns={[
              {
                key: "person",
                header: t("person"),
                cell: (s) => (
                  <>
                    <span className="adm-reg-break">{s.email}</span>
                    {s.name ? <span className="adm-reg-sub">{s.name}</span> : null}
                  </>
                ),
              },
              {
                key: "role",
                header: t("role"),
                cell: (s) => (
                  <>
                    {tAdmin(`roles.${s.role === "organizer" && s.accountRole === "volunteer" ? "volunteer" : s.role}`)}
                    {s.disabled ? <span className="adm-reg-sub">{t("disabled")}</span> : null}
                  </>
                ),
              },
              { key: "since", header: t("since"), cell: (s) => formatWhen(s.since.toISOString(), zone, locale) },
              {
                key: "actions",
                header: t("actions"),
                headerHidden: true,
                label: () => undefined,
                cell: (s) => (canManage(s.role) ? <RowActionLink href={`${path}?remove=${encodeURIComponent(s.userId)}`} label={t("remove")} subject={s.email} /> : null),
              },
            ]}
          />
        )}
      </section>

      <section className="adm-section" aria-labelledby="pending-title">
        <h2 id="pending-title" className="adm-h2">
          {t("pendingTitle")}
        </h2>
        {invitations.length === 0 ? (
          <p className="adm-empty">{t("nonePending")}</p>
        ) : (
          <DataTable
            labelledBy="pending-title"
            caption={t("pendingCaption")}
            rows={invitations}
            rowKey={(i) => i.id}
            columns={[
              { key: "address", header: t("address"), cell: (i) => <span className="adm-reg-break">{i.email}</span> },
              { key: "role", header: t("role"), cell: (i) => tAdmin(`roles.${i.role}`) },
              { key: "invitedBy", header: t("invitedBy"), className: "adm-reg-break", cell: (i) => i.invitedBy ?? t("system") },
              { key: "expires", header: t("expires"), cell: (i) => formatWhen(i.expiresAt.toISOString(), zone, locale) },
              {
                key: "actions",
                header: t("actions"),
                headerHidden: true,
                label: () => undefined,
                cell: (i) => (canManage(i.role) ? <RowActionLink href={`${path}?revoke=${encodeURIComponent(i.id)}`} label={t("revoke")} subject={i.email} /> : null),
              },
            ]}
          />
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
