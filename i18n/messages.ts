/**
 * Message catalogs, one file per area and language (messages/<locale>/<area>.json), merged into namespaces.
 * Every user-visible string lives here; nothing is hard-coded in one language.
 */
import type { Locale } from "./routing";

const AREAS = ["common", "public", "admin", "errors", "email", "registration", "account", "results", "certificates"] as const;
export type Messages = Record<(typeof AREAS)[number], Record<string, unknown>>;

export async function loadMessages(locale: Locale): Promise<Messages> {
  const entries = await Promise.all(
    AREAS.map(async (area) => [area, (await import(`../messages/${locale}/${area}.json`)).default] as const),
  );
  return Object.fromEntries(entries) as Messages;
}
