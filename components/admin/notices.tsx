import { getTranslations } from "next-intl/server";

const NOTICES = ["created", "saved", "published", "unpublished", "raceAdded", "raceSaved"] as const;

/** The outcome of the last change (after the redirect), announced politely to screen readers. */
export async function Notice({ notice }: { notice: string | string[] | undefined }) {
  const t = await getTranslations("admin.notices");
  const key = NOTICES.find((n) => n === notice);
  return (
    <div role="status" className={key ? "adm-notice" : undefined}>
      {key ? t(key) : null}
    </div>
  );
}
