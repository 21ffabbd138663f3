/**
 * Search for runners by name in any script (issue 5): case- and accent-insensitive, and Chinese names also by
 * pinyin (pinyin-pro, surnames read as surnames: 曾 is zeng, 单 is shan), in either order and by initials.
 * Pure: the text is stored with each result and a query is matched as a substring of one of its tokens.
 */
import { pinyin } from "pinyin-pro";

const HAN = /\p{Script=Han}/u;

/** Lower case, no accents (NFKD, marks dropped), no spaces or name punctuation: `Zoë  O'Neil` → `zoeoneil`. */
export function foldText(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[\s\p{P}|]+/gu, "");
}

function pinyinTokens(name: string): string[] {
  const syllables = pinyin(name, { toneType: "none", type: "array", surname: "head", nonZh: "removed" })
    .map((s) => foldText(s))
    .filter(Boolean);
  if (syllables.length === 0) return [];
  const tokens = [syllables.join(""), syllables.map((s) => s[0]).join("")];
  // Given name first, as a Latin spelling often has it: 张伟 → weizhang (a one-character surname assumed).
  if (syllables.length > 1) tokens.push(syllables.slice(1).join("") + syllables[0]);
  return tokens;
}

/** The stored search text: `|token|token|…|` of the bib, the names folded, and the pinyin of Chinese names. */
export function searchTextOf(runner: { bib: string; name: string | null; latinName: string | null }): string {
  const tokens = new Set<string>([runner.bib.toLowerCase()]);
  for (const name of [runner.name, runner.latinName]) {
    if (!name) continue;
    const folded = foldText(name);
    if (folded) tokens.add(folded);
    if (HAN.test(name)) for (const t of pinyinTokens(name)) tokens.add(t);
  }
  return `|${[...tokens].join("|")}|`;
}

/** What a query is matched with (a substring of one token), or null when nothing searchable is left. */
export function searchNeedle(query: string): string | null {
  const folded = foldText(query);
  return folded === "" ? null : folded;
}
