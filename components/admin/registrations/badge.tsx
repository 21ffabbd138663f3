import { getTranslations } from "next-intl/server";

export type BadgeKind = "entryStatus" | "orderStatus" | "paymentStatus" | "refundStatus" | "outboxStatus";

/** A status in words; the colour (registrations.css) only repeats what the text says. */
export async function Badge({ kind, status }: { kind: BadgeKind; status: string }) {
  const t = await getTranslations("admin");
  const key = `${kind}.${status}`;
  return <span className={`adm-reg-badge adm-reg-badge--${status}`}>{t.has(key) ? t(key) : status}</span>;
}
