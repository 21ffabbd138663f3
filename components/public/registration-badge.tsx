import { getTranslations } from "next-intl/server";
import type { RegistrationState } from "../../core/registration-window";

/** Registration state as a text badge ("Registration open"); the colour only repeats what the words say. */
export async function RegistrationBadge({ state }: { state: RegistrationState }) {
  const t = await getTranslations("public.event.registrationState");
  return <span className={`pub-badge pub-badge-${state.replaceAll("_", "-")}`}>{t(state)}</span>;
}
