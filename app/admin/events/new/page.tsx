import type { Metadata } from "next";
import { AdminBreadcrumb } from "@/components/admin/breadcrumb";
import { forbidden } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { CreateEventForm } from "@/components/admin/create-event-form";
import { requireStaff } from "@/server/auth/session";
import { createEventAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("admin.eventForm");
  return { title: t("newTitle") };
}

/** Create an event with its races. Admins and organizers; volunteers are told they may not. */
export default async function NewEventPage() {
  const actor = await requireStaff("/admin/events/new");
  if (actor.kind === "user" && actor.role === "volunteer") forbidden();
  const t = await getTranslations("admin");
  return (
    <>
      <AdminBreadcrumb label={t("nav.breadcrumb")} trail={[{ href: "/admin", text: t("events.title") }]} />
      <h1 id="page-title" className="adm-h1">
        {t("eventForm.newTitle")}
      </h1>
      <p className="adm-lead">{t("eventForm.newIntro")}</p>
      <CreateEventForm action={createEventAction} />
    </>
  );
}
