/**
 * The Boston test through the import itself, on both engines (issue 5): the official 2015 Boston Marathon finishers
 * (test/datasets/README.md) posted as a results file into a race ranked by net time with bounds
 * [18,40,45,…,80]. The file with its one bad cell is refused whole, with that cell's line and column, and nothing is
 * written; with bib 3820 corrected, the places stored reproduce every published Overall, Gender and Division place,
 * tie-consistently (inside the block of places of the runners with the same whole-second time). The pure ranking is
 * checked the same way in core/results/boston.test.ts; this one adds the database, the writer and the re-rank.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../../core/results/csv";
import { getConnection } from "../db";
import { makeStaff, resetDatabase } from "../../test/db";
import { eventInput, raceInput } from "../../test/factories";
import type { Actor } from "../actor";
import { DomainError } from "../errors";
import { createEvent } from "../events/manage-events";
import { importResultsFile } from "./import-results";
import { first, nth, present } from "../../core/lists";

const FILE = path.join(process.cwd(), "test", "datasets", "boston-2015-finishers.csv");
const SPLITS = ["5K", "10K", "15K", "20K", "Half", "25K", "30K", "35K", "40K"];
const BAD_BIB = "3820";
const BAD_LINE = 2380;
const EVENT = "boston-2015";
let organizer: Actor & { kind: "user" };
let published: Map<string, { overall: number; gender: number; division: number }>;
let source: { header: string[]; rows: string[][] };

/** The file in the import format (one record per line, as in the original), bib 3820's time replaced by `fix`. */
function importFile(fix?: string): string {
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const lines = [["bib", "name", "gender", "age", "net_time", ...SPLITS.map((s) => `split_${s.toLowerCase()}`)].join(",")];
  for (const f of source.rows) {
    const bib = field(f, "Bib");
    const net = fix !== undefined && bib === BAD_BIB ? fix : field(f, "Official Time");
    lines.push([bib, field(f, "Name"), field(f, "M/F"), field(f, "Age"), net, ...SPLITS.map((s) => field(f, s))].map(quote).join(","));
  }
  return lines.join("\n");
}

/** A column of the published file in one of its records (every record has every column). */
function field(fields: string[], name: string): string {
  return nth(fields, source.header.indexOf(name), `column ${name}`);
}

beforeAll(async () => {
  const parsed = parseCsv(readFileSync(FILE, "utf8"));
  if (!parsed.ok) throw new Error(parsed.message);
  source = { header: first(parsed.records).fields, rows: parsed.records.slice(1).map((r) => r.fields) };
  published = new Map(source.rows.map((f) => [field(f, "Bib"), { overall: Number(field(f, "Overall")), gender: Number(field(f, "Gender")), division: Number(field(f, "Division")) }]));
  await resetDatabase();
  organizer = await makeStaff("organizer");
  await createEvent(
    organizer,
    eventInput({
      slug: EVENT,
      date: "2015-04-20",
      timezone: "America/New_York",
      registrationOpensAt: "2014-09-01T10:00",
      registrationClosesAt: "2015-03-01T23:59",
      races: [raceInput({ slug: "marathon", distanceMeters: 42195, rankBy: "net", ageGroupBounds: [18, 40, 45, 50, 55, 60, 65, 70, 75, 80], bibRanges: [], startTime: "2015-04-20T10:00", waves: [] })],
    }),
  );
});

describe("Boston Marathon 2015 finishers through the import", { timeout: 120_000 }, () => {
  it("refuses the file with its bad cell on its line and column, and writes nothing", async () => {
    const error = await importResultsFile(organizer, EVENT, "marathon", importFile()).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).details).toMatchObject({ errorCount: 1, errors: [{ line: BAD_LINE, column: "net_time", code: "badTime" }] });
    const { db, schema } = getConnection();
    expect(Number(first(await db.select({ n: count() }).from(schema.results)).n)).toBe(0);
  });

  it("stores places that reproduce every published overall, gender and division place (bib 3820 corrected)", async () => {
    const summary = await importResultsFile(organizer, EVENT, "marathon", importFile("2:59:00"));
    expect(summary).toMatchObject({ rows: 26_598, created: 26_598 });
    const { db, schema } = getConnection();
    const rows = await db
      .select({ bib: schema.results.bib, gender: schema.results.gender, ageGroup: schema.results.ageGroup, rankTimeMs: schema.results.rankTimeMs, overall: schema.results.placeOverall, genderPlace: schema.results.placeGender, groupPlace: schema.results.placeAgeGroup })
      .from(schema.results)
      .where(eq(schema.results.eventId, first(await db.select({ id: schema.events.id }).from(schema.events).where(eq(schema.events.slug, EVENT))).id));
    expect(rows).toHaveLength(26_598);
    const block = new Map<string, number>();
    const keys = (r: (typeof rows)[number]): [string, string, string] => [`o:${r.rankTimeMs}`, `${r.gender}:${r.rankTimeMs}`, `${r.ageGroup}:${r.rankTimeMs}`];
    for (const r of rows) for (const k of keys(r)) block.set(k, (block.get(k) ?? 0) + 1);
    const mismatches: string[] = [];
    for (const r of rows) {
      const pub = present(published.get(r.bib));
      const [o, g, d] = keys(r);
      const checks: [number | null, string, number][] = [
        [r.overall, o, pub.overall],
        [r.genderPlace, g, pub.gender],
        [r.groupPlace, d, pub.division],
      ];
      for (const [ours, key, want] of checks) if (ours === null || want < ours || want > ours + present(block.get(key)) - 1) mismatches.push(`${r.bib} ${key}: ${ours} vs ${want}`);
    }
    expect(mismatches).toEqual([]);
  });
});
