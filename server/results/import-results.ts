/**
 * Importing a results file (issue 5, "Import"). All or nothing: the file is read and checked whole before anything
 * is written (core/results/import-file.ts), then bibs are checked against the event (a bib of another race's entry
 * or result is refused), then one transaction replaces results by bib, re-ranks the race (buildRaceRows) and writes
 * only the rows that changed. Re-importing the same file changes nothing (no write, no new version); an updated file
 * replaces by bib and keeps the race's other results.
 */
import { randomUUID } from "node:crypto";
import { and, eq, isNotNull, ne } from "drizzle-orm";
import type { ImportError } from "../../core/results/import-file";
import { readResultsCsv } from "../../core/results/import-file";
import { resultBib } from "../../core/bibs";
import { isSlug } from "../../core/event-input";
import { getConnection, withTransaction, type Database } from "../db";
import { upsertRows } from "../../db/bulk";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { DomainError } from "../errors";
import { eventForEditor, type EventRow, type RaceRow } from "../events/queries";
import { clearResultsCache } from "./cache";
import { bumpResultsVersion, noteResultsVersion, resultsVersion } from "./live";
import { buildRaceRows, rawChanged, rowChanged, type EntryForResult, type RawResult, type ResultRow } from "../../core/results/race-rows";
import type { ImportSummary, ResultsFilePreview } from "./types";

const PREVIEW_ROWS = 10;
/** Rows per write statement: small enough for a progress bar to move on a large file. */
const ROWS_PER_WRITE = 1000;

export async function raceOfEvent(event: EventRow, raceSlug: string): Promise<RaceRow> {
  const { db, schema } = getConnection();
  const [race] = !isSlug(raceSlug)
    ? []
    : await db
        .select()
        .from(schema.races)
        .where(and(eq(schema.races.eventId, event.id), eq(schema.races.slug, raceSlug)))
        .limit(1);
  if (!race) throw new DomainError("not_found", `No race "${raceSlug}" in this event.`);
  return race;
}

function invalidFile(errors: ImportError[], errorCount: number): DomainError {
  const first = errors[0];
  return new DomainError(
    "invalid_results_file",
    `The file was not imported: ${errorCount} ${errorCount === 1 ? "problem" : "problems"}${first ? `, the first on line ${first.line}: ${first.message}` : ""}.`,
    [],
    { errors, errorCount },
  );
}

/**
 * Confirmed entries of the event that hold a bib, by bib: one read of the event's entries (a few thousand rows)
 * rather than thousands of bound bibs. `bibs`, when given, keeps only those.
 */
async function entriesByBib(db: Database, eventId: string, bibs?: readonly string[]): Promise<Map<string, EntryForResult>> {
  const { schema } = getConnection();
  const r = schema.registrations;
  const wanted = bibs ? new Set(bibs) : null;
  const rows = await db
    .select({ id: r.id, raceId: r.raceId, bib: r.bib, familyName: r.familyName, givenName: r.givenName, latinName: r.latinName, gender: r.gender, birthDate: r.birthDate })
    .from(r)
    .where(and(eq(r.eventId, eventId), eq(r.status, "confirmed"), isNotNull(r.bib)));
  const found = new Map<string, EntryForResult>();
  for (const row of rows) {
    const bib = resultBib(row.bib!);
    if (!wanted || wanted.has(bib)) found.set(bib, { ...row, bib });
  }
  return found;
}

/** Bibs of the file that belong to another race of the event (an entry there, or a result there). */
function otherRaceErrors(
  rows: { line: number; bib: string }[],
  raceId: string,
  entries: ReadonlyMap<string, EntryForResult>,
  otherResults: ReadonlyMap<string, string>,
  raceNames: ReadonlyMap<string, string>,
): ImportError[] {
  const errors: ImportError[] = [];
  for (const row of rows) {
    const entry = entries.get(row.bib);
    const otherRace = entry && entry.raceId !== raceId ? entry.raceId : otherResults.get(row.bib);
    if (otherRace) {
      errors.push({
        line: row.line,
        column: "bib",
        code: "bibInOtherRace",
        message: `Bib ${row.bib} belongs to the race "${raceNames.get(otherRace) ?? otherRace}" of this event.`,
      });
    }
  }
  return errors;
}

async function raceNamesOf(eventId: string): Promise<Map<string, string>> {
  const { db, schema } = getConnection();
  const races = await db.select({ id: schema.races.id, nameEn: schema.races.nameEn }).from(schema.races).where(eq(schema.races.eventId, eventId));
  return new Map(races.map((r) => [r.id, r.nameEn]));
}

/** What the file would do, nothing written: organizers of the event and admins. */
export async function previewResultsFile(actor: Actor, eventSlug: string, raceSlug: string, csv: string): Promise<ResultsFilePreview> {
  const event = await eventForEditor(actor, eventSlug);
  const race = await raceOfEvent(event, raceSlug);
  const outcome = readResultsCsv(csv, { rankBy: race.rankBy });
  if (!outcome.ok) return { ok: false, errors: outcome.errors, errorCount: outcome.errorCount };
  const { db, schema } = getConnection();
  const bibs = outcome.rows.map((r) => r.bib);
  const entries = await entriesByBib(db, event.id, bibs);
  const otherResults = await otherRaceResults(db, schema, event.id, race.id);
  const conflicts = otherRaceErrors(outcome.rows, race.id, entries, otherResults, await raceNamesOf(event.id));
  if (conflicts.length > 0) return { ok: false, errors: conflicts.slice(0, 100), errorCount: conflicts.length };
  return {
    ok: true,
    columns: outcome.columns,
    splitLabels: outcome.splitLabels,
    rowCount: outcome.rows.length,
    rows: outcome.rows.slice(0, PREVIEW_ROWS),
    matchedEntries: outcome.rows.filter((r) => entries.get(r.bib)?.raceId === race.id).length,
  };
}

/** Bibs with a result in another race of the event, with that race. */
async function otherRaceResults(db: Database, schema: ReturnType<typeof getConnection>["schema"], eventId: string, raceId: string): Promise<Map<string, string>> {
  const rows = await db
    .select({ bib: schema.results.bib, raceId: schema.results.raceId })
    .from(schema.results)
    .where(and(eq(schema.results.eventId, eventId), ne(schema.results.raceId, raceId)));
  return new Map(rows.map((row) => [row.bib, row.raceId]));
}

export interface ImportOptions {
  /** Told the rows written so far and the rows to write, as the import goes (several times on a large file). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Imports a results file into a race: organizers of the event and admins. Throws `invalid_results_file` (422) with
 * `details.errors` ([{ line, column, code, message }]) and changes nothing when any row is wrong.
 */
export async function importResultsFile(actor: Actor, eventSlug: string, raceSlug: string, csv: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const event = await eventForEditor(actor, eventSlug);
  const race = await raceOfEvent(event, raceSlug);
  const outcome = readResultsCsv(csv, { rankBy: race.rankBy });
  if (!outcome.ok) throw invalidFile(outcome.errors, outcome.errorCount);
  const raceNames = await raceNamesOf(event.id);
  const now = new Date();
  const { schema } = getConnection();

  const result = await withTransaction(async (tx) => {
    await getConnection().lockKeys(tx, [`results:${event.id}`]);
    const entries = await entriesByBib(tx, event.id);
    const otherResults = await otherRaceResults(tx, schema, event.id, race.id);
    const conflicts = otherRaceErrors(outcome.rows, race.id, entries, otherResults, raceNames);
    if (conflicts.length > 0) throw invalidFile(conflicts.slice(0, 100), conflicts.length);

    const stored = await tx.select().from(schema.results).where(eq(schema.results.raceId, race.id));
    const storedByBib = new Map(stored.map((r) => [r.bib, r]));
    const raw = new Map<string, RawResult>(stored.map((r) => [r.bib, r]));
    let created = 0;
    let updated = 0;
    for (const row of outcome.rows) {
      const next = {
        bib: row.bib,
        source: "file" as const,
        fileName: row.name,
        fileGender: row.gender,
        fileAge: row.age,
        fileBirthDate: row.birthDate,
        status: row.status,
        gunTimeMs: row.gunTimeMs,
        netTimeMs: row.netTimeMs,
        splits: row.splits,
      };
      const before = storedByBib.get(row.bib);
      if (!before) {
        created += 1;
        raw.set(row.bib, { ...next, id: randomUUID(), createdAt: now, updatedAt: now });
      } else if (rawChanged(before, next)) {
        updated += 1;
        raw.set(row.bib, { ...next, id: before.id, createdAt: before.createdAt, updatedAt: now });
      }
    }
    const splitLabels = await mergedSplitLabels(tx, race.id, outcome.splitLabels);
    const version = await writeRaceResults(tx, actor, {
      event,
      race,
      raw: [...raw.values()],
      stored,
      entries,
      splitLabels,
      at: now,
      audit: { action: "results.import", data: { rows: outcome.rows.length, created, updated } },
      onProgress: options.onProgress,
    });
    if (version === null) return { summary: { rows: outcome.rows.length, created, updated, unchanged: outcome.rows.length, version: 0 }, changed: false, splitLabels };
    return { summary: { rows: outcome.rows.length, created, updated, unchanged: outcome.rows.length - created - updated, version }, changed: true, splitLabels };
  });

  if (result.changed) {
    noteResultsVersion(race.id, { version: result.summary.version, splitLabels: result.splitLabels, updatedAt: now });
    clearResultsCache(race.id);
  } else {
    result.summary.version = (await resultsVersion(race.id)).version;
  }
  return result.summary;
}

/** The labels in the new file's order, then any the race had before that it does not name (an update of a few rows). */
export async function mergedSplitLabels(tx: Database, raceId: string, labels: string[]): Promise<string[]> {
  const { schema } = getConnection();
  const [row] = await tx.select({ labels: schema.resultVersions.splitLabels }).from(schema.resultVersions).where(eq(schema.resultVersions.raceId, raceId));
  return [...labels, ...(row?.labels ?? []).filter((l) => !labels.includes(l))];
}

export interface RaceResultsWrite {
  event: EventRow;
  race: RaceRow;
  /** Every result the race is to have (its stored ones with the new ones in place). */
  raw: RawResult[];
  /** The race's rows as stored now. */
  stored: ResultRow[];
  /** Entries of the event by bib, for every bib of `raw` that has one. */
  entries: ReadonlyMap<string, EntryForResult>;
  splitLabels: string[];
  at: Date;
  audit: { action: string; data: Record<string, unknown> };
  onProgress?: (done: number, total: number) => void;
}

/**
 * Inside a transaction: re-ranks the race from `raw` (buildRaceRows), writes the rows that changed, bumps the
 * results version and writes the audit row. Returns the new version, or null when nothing changed (nothing written).
 */
export async function writeRaceResults(tx: Database, actor: Actor, w: RaceResultsWrite): Promise<number | null> {
  const storedByBib = new Map(w.stored.map((r) => [r.bib, r]));
  const rows = buildRaceRows(
    { id: w.race.id, eventId: w.event.id, rankBy: w.race.rankBy, ageGroupBounds: w.race.ageGroupBounds, raceDate: w.event.date },
    w.raw,
    w.entries,
  );
  const changed = rows.filter((row) => {
    const before = storedByBib.get(row.bib);
    return !before || rowChanged(before, row);
  });
  w.onProgress?.(0, changed.length);
  if (changed.length === 0) return null;
  await upsertRows(tx, getConnection().schema.results, changed, ["eventId", "bib"], {
    rowsPerStatement: ROWS_PER_WRITE,
    onChunk: (written) => w.onProgress?.(written, changed.length),
  });
  const version = await bumpResultsVersion(tx, w.race.id, w.splitLabels, w.at);
  await recordAudit(tx, actor, { action: w.audit.action, entityType: "race", entityId: w.race.id, data: { ...w.audit.data, version } }, w.at);
  return version;
}

