/**
 * docs/architecture.md "Rules and where they live" is a table `| rule | file |` (issue 14): each rule is written once,
 * in the file named for it. The table must not name a file that is not there (a rule moved, its row forgotten), and
 * every rule file of core/ must be in it (a rule added without its row).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = process.cwd();

/** The table's rows: the rule, and the files its second column names in backquotes. */
export function rulesTable(markdown: string): { rule: string; files: string[] }[] {
  const lines = markdown.split("\n");
  const start = lines.findIndex((l) => l.trim() === "## Rules and where they live");
  if (start === -1) throw new Error('No "## Rules and where they live" section');
  const end = lines.findIndex((l, i) => i > start && l.startsWith("## "));
  const section = lines.slice(start + 1, end === -1 ? undefined : end);
  const header = section.findIndex((l) => /^\|\s*rule\s*\|\s*file\s*\|\s*$/.test(l.trim()));
  if (header === -1) throw new Error("No `| rule | file |` table in the section");
  const rows: { rule: string; files: string[] }[] = [];
  for (const line of section.slice(header + 2)) {
    if (!line.trim().startsWith("|")) break;
    const cells = line.trim().replace(/^\|/, "").replace(/\|$/, "").split("|").map((c) => c.trim());
    if (cells.length !== 2) throw new Error(`A row of the rules table has ${cells.length} cells, not 2: ${line}`);
    const [rule, fileCell] = cells as [string, string];
    const files = [...fileCell.matchAll(/`([^`]+)`/g)].flatMap((m) => (m[1] === undefined ? [] : [m[1]]));
    rows.push({ rule, files });
  }
  return rows;
}

/** Every source file of core/ that is not a test. */
function coreFiles(dir = "core"): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((d) => {
    const rel = `${dir}/${d.name}`;
    if (d.isDirectory()) return d.name === "fixtures" ? [] : coreFiles(rel);
    return /\.tsx?$/.test(d.name) && !/\.test\.tsx?$/.test(d.name) ? [rel] : [];
  });
}

describe("the rules table of docs/architecture.md", () => {
  const rows = rulesTable(readFileSync(path.join(ROOT, "docs/architecture.md"), "utf8"));

  it("has a row for each rule, each naming at least one file", () => {
    expect(rows.length).toBeGreaterThan(40);
    for (const row of rows) expect(row.files, row.rule).not.toEqual([]);
  });

  it("names only files that exist", () => {
    const missing = rows.flatMap((r) => r.files.filter((f) => !existsSync(path.join(ROOT, f))).map((f) => `${f} (${r.rule})`));
    expect(missing).toEqual([]);
  });

  it("names every rule file of core/", () => {
    const named = new Set(rows.flatMap((r) => r.files));
    expect(coreFiles().filter((f) => !named.has(f))).toEqual([]);
  });

  it("names the rules of issue 14 in their files", () => {
    const fileOf = (words: RegExp) => rows.find((r) => words.test(r.rule))?.files;
    expect(fileOf(/^A taken place/)).toContain("core/places.ts");
    expect(fileOf(/open for entry/)).toContain("core/open-for-entry.ts");
    expect(fileOf(/^Pickup refusals/)).toContain("core/pickup-refusal.ts");
    expect(fileOf(/adult age/)).toContain("core/age.ts");
    expect(fileOf(/^Bibs:/)).toContain("core/bibs.ts");
    expect(fileOf(/may do with an entry/)).toContain("core/entry-actions.ts");
    expect(fileOf(/runner's name/)).toContain("core/names.ts");
    expect(fileOf(/result rows/)).toContain("core/results/race-rows.ts");
  });
});

describe("rulesTable", () => {
  it("reads a table's rows, and fails on a missing section or a malformed row", () => {
    const doc = "# A\n## Rules and where they live\nIntro.\n\n| rule | file |\n| --- | --- |\n| One | `a.ts`, `b.ts` |\n| Two | `c.ts` |\n\nMore.\n## Next\n| x | `d.ts` |\n";
    expect(rulesTable(doc)).toEqual([
      { rule: "One", files: ["a.ts", "b.ts"] },
      { rule: "Two", files: ["c.ts"] },
    ]);
    expect(() => rulesTable("# A\n## Other\n")).toThrow(/No "## Rules/);
    expect(() => rulesTable("## Rules and where they live\n| rule | file |\n| --- | --- |\n| a | b | c |\n")).toThrow(/3 cells/);
  });
});
