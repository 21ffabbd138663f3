import { describe, expect, it } from "vitest";
import { foldText, searchNeedle, searchTextOf } from "./search-text";

function matches(runner: { bib: string; name: string | null; latinName: string | null }, query: string): boolean {
  const needle = searchNeedle(query);
  return needle !== null && searchTextOf(runner).includes(needle);
}

describe("runner search text", () => {
  const zhang = { bib: "1024", name: "张伟", latinName: "ZHANG Wei" };

  it("finds a Chinese name by characters, pinyin with or without spaces, either order and initials", () => {
    for (const q of ["张伟", "张", "zhangwei", "Zhang Wei", "ZHANG", "wei zhang", "zw"]) expect(matches(zhang, q), q).toBe(true);
    expect(matches(zhang, "li")).toBe(false);
  });

  it("reads a surname as a surname (曾 zeng, 单 shan)", () => {
    expect(matches({ bib: "1", name: "曾小明", latinName: null }, "zengxiaoming")).toBe(true);
    expect(matches({ bib: "2", name: "单田芳", latinName: null }, "shan tianfang")).toBe(true);
  });

  it("is case- and accent-insensitive for Latin names", () => {
    const runner = { bib: "F12", name: "Zoë Ó Súilleabháin", latinName: null };
    for (const q of ["zoe", "ZOË", "o suilleabhain", "Súilleabháin"]) expect(matches(runner, q), q).toBe(true);
  });

  it("finds a bib, whatever its case", () => {
    expect(matches({ bib: "F12", name: null, latinName: null }, "f12")).toBe(true);
    expect(matches(zhang, "1024")).toBe(true);
  });

  it("never matches across two tokens or on an empty query", () => {
    expect(searchNeedle("  ")).toBeNull();
    expect(searchNeedle("|")).toBeNull();
    expect(matches({ bib: "7", name: "Ann", latinName: "Lee" }, "annlee")).toBe(false);
  });

  it("folds punctuation and spaces away", () => {
    expect(foldText("  O'Neil-Smith ")).toBe("oneilsmith");
  });
});
