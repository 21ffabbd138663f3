import { getTranslations } from "next-intl/server";
import type { EventStatus } from "@/core/domain";

/** The event's status in words (colour only repeats what the text says). */
export async function StatusBadge({ status }: { status: EventStatus }) {
  const t = await getTranslations("admin.status");
  return <span className={`adm-badge adm-badge--${status}`}>{t(status)}</span>;
}
