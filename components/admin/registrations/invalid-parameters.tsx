import { getTranslations } from "next-intl/server";
import { renderMessage, type FieldIssue } from "@/core/validation";

/** "Some filters in the address were not valid and were ignored: Race is not a race of this event." */
export async function InvalidParameters({ issues, labels }: { issues: FieldIssue[]; labels: Record<string, string> }) {
  if (issues.length === 0) return null;
  const [t, tErrors] = await Promise.all([getTranslations("admin"), getTranslations("errors")]);
  const problems = issues.map((i) => {
    const message = renderMessage(String(tErrors.has(i.key) ? tErrors.raw(i.key) : tErrors.raw("invalid")), i.params);
    return t("form.fieldError", { label: labels[i.path] ?? i.path, message });
  });
  return (
    <div className="adm-readonly" role="alert">
      <p>{t("registrations.invalidFilters", { problems: problems.join(t("formErrors.separator")) })}</p>
    </div>
  );
}
