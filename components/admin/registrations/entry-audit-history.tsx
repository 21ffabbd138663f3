import { getTranslations } from "next-intl/server";
import type { Locale } from "@/i18n/routing";
import type { EntryHistoryItem } from "@/server/registration/entry-history";
import { formatMoney } from "../format";
import { formatDuration, formatWhen } from "./format";

/**
 * The entry's history from the audit log, newest first: when, who (a staff member's address, or what the system
 * was doing), what, and for a correction each changed field with its previous and new value.
 */
export async function EntryAuditHistory({ history, currency, zone, locale }: { history: EntryHistoryItem[]; currency: string; zone: string; locale: Locale }) {
  const t = await getTranslations("admin");
  const actorName = (h: EntryHistoryItem) => {
    if (h.actorKind === "user") return h.actor.startsWith("user:") || h.actor.startsWith("token:") ? t("actors.staff") : h.actor;
    if (h.actor.startsWith("payment:")) return t("actors.payment");
    return t.has(`actors.${h.actor}`) ? t(`actors.${h.actor}`) : h.actor;
  };
  const fieldName = (field: string) => (field === "predictedFinishSeconds" ? t("participants.edit.predicted") : t.has(`participants.edit.${field}`) ? t(`participants.edit.${field}`) : field);
  const shown = (field: string, value: unknown) => {
    if (value === null || value === undefined || value === "") return t("participants.history.empty");
    if (field === "predictedFinishSeconds" && typeof value === "number") return formatDuration(value);
    return String(value);
  };
  return (
    <section className="adm-section" aria-labelledby="history-title">
      <h2 id="history-title" className="adm-h2">
        {t("participants.history.title")}
      </h2>
      <p className="adm-hint">{t("participants.history.intro")}</p>
      {history.length === 0 ? (
        <p className="adm-empty">{t("participants.history.none")}</p>
      ) : (
        <ol className="adm-reg-history adm-part-history">
          {history.map((h) => {
            const key = `history.${h.action}`;
            const amount = typeof h.data.amountCents === "number" ? formatMoney(h.data.amountCents, currency, locale) : "";
            return (
              <li key={h.id}>
                <time dateTime={h.at}>{formatWhen(h.at, zone, locale)}</time>
                <span>{t.has(key) ? t(key, { amount }) : h.action}</span> · <span className="adm-reg-break">{actorName(h)}</span>
                {h.changes && h.changes.length > 0 ? (
                  <ul className="adm-part-history__changes" aria-label={t("participants.history.changes")}>
                    {h.changes.map((c) => (
                      <li key={c.field}>{t("participants.history.change", { field: fieldName(c.field), before: shown(c.field, c.before), after: shown(c.field, c.after) })}</li>
                    ))}
                  </ul>
                ) : null}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
