/**
 * A runner's name as the pages show it. Chinese (and other CJK) names are family name then given name, written
 * together ("张伟"); names in Latin letters read given name first ("Jing Chen"). On English pages the name in Latin
 * letters wins when the runner gave one.
 */
const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/;

export function displayName(person: { familyName: string; givenName: string; latinName?: string | null }, locale: string): string {
  if (locale === "en" && person.latinName) return person.latinName;
  const family = person.familyName.trim();
  const given = person.givenName.trim();
  if (CJK.test(family) || CJK.test(given)) return `${family}${given}`;
  return [given, family].filter(Boolean).join(" ");
}
