/**
 * A runner's name as it is shown (issue 14; docs/architecture.md "Rules and where they live"), written once for
 * every page, list, export, desk, email and payment line. Pure (the registration form runs it in the browser).
 *
 * - In its own script (`nativeName`): a Chinese name (Han, and other CJK scripts: kana, Hangul) is family name then
 *   given name written together ("张伟"); a name in Latin letters (or any other script) is given name, a space, then
 *   family name ("Anna Müller"), and either may be missing.
 * - For a reader (`displayName`): on English pages the name in Latin letters wins when the runner gave one; otherwise
 *   the name in its own script.
 * - With both (`nameWithLatin`): the name in its own script, then the Latin name in brackets when it differs
 *   (the printer's and the timer's lists).
 */

export interface PersonName {
  familyName: string;
  givenName: string;
  latinName?: string | null;
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** Whether a name is written in a CJK script (family name first, no space). */
export function isCjkName(person: Pick<PersonName, "familyName" | "givenName">): boolean {
  return CJK.test(person.familyName) || CJK.test(person.givenName);
}

/** The name in its own script: "张伟", "Anna Müller". */
export function nativeName(person: Pick<PersonName, "familyName" | "givenName">): string {
  const family = person.familyName.trim();
  const given = person.givenName.trim();
  if (CJK.test(family) || CJK.test(given)) return `${family}${given}`;
  return [given, family].filter(Boolean).join(" ");
}

/** The name a reader of `locale` sees: the Latin name on English pages when there is one, else the native name. */
export function displayName(person: PersonName, locale: string): string {
  const latin = person.latinName?.trim();
  if (locale === "en" && latin) return latin;
  return nativeName(person);
}

/** The native name with the Latin name after it in brackets when the runner gave a different one. */
export function nameWithLatin(person: PersonName): string {
  const native = nativeName(person);
  const latin = person.latinName?.trim();
  return latin && latin !== native ? `${native} (${latin})` : native;
}
