/**
 * Raw chip reads (issue 5): kept as they came, append-only, in timing_reads; results are derived from all of an
 * event's reads (core/results/reads.ts deriveResults) and can be rebuilt from them at any time. A read counts for
 * the race of the confirmed entry that holds its bib, from that entry's wave gun start (the race's start without
 * a wave). A bib with a finish read gets a `finished` result from the reads; a result imported from a file for
 * the same bib stays (the timer's file is the official word); bibs still on course have no result yet.
 */
import { randomUUID } from "node:crypto";
import { and, eq, isNotNull } from "drizzle-orm";
import { resultBib } from "../../core/bibs";
import { deriveResults, type DerivedResult } from "../../core/results/reads";
import { readReadsCsv, readReadsJson, type TimedRead } from "../../core/results/read-input";
import type { ImportError } from "../../core/results/import-file";
import { getConnection, withTransaction, type Database } from "../db";
import { insertRows, type RowOf } from "../../db/bulk";
import type { Actor } from "../actor";
import { DomainError } from "../errors";
import { eventForEditor, type EventRow, type RaceRow } from "../events/queries";
import { clearResultsCache } from "./cache";
import { mergedSplitLabels, writeRaceResults } from "./import-results";
import { noteResultsVersion } from "./live";
import { rawChanged, type EntryForResult, type RawResult } from "../../core/results/race-rows";
import { lookup } from "../../core/lists";

export type ReadsInput = { kind: "csv"; text: string } | { kind: "json"; body: unknown };

export interface RebuildSummary {
  /** Races whose results changed, with their new version. */
  races: { race: string; version: number; results: number }[];
  /** Bibs read that belong to no confirmed entry of the event, and points that are not start, finish or a split. */
  unknownBibs: string[];
  unknownPoints: string[];
}

export interface ReadsSummary extends RebuildSummary {
  accepted: number;
}

function invalidReads(errors: ImportError[], errorCount: number): DomainError {
  return new DomainError("invalid_results_file", `The reads were not recorded: ${errorCount} ${errorCount === 1 ? "problem" : "problems"}, the first at ${errors[0]?.line}: ${errors[0]?.message}`, [], {
    errors,
    errorCount,
  });
}

/** Organizers of the event and admins (a timer's token): records the reads, then rebuilds the results they touch. */
export async function recordReads(actor: Actor, eventSlug: string, input: ReadsInput): Promise<ReadsSummary> {
  const event = await eventForEditor(actor, eventSlug);
  const ctx = { eventDate: event.date, timezone: event.timezone };
  const outcome = input.kind === "csv" ? readReadsCsv(input.text, ctx) : readReadsJson(input.body, ctx);
  if (!outcome.ok) throw invalidReads(outcome.errors, outcome.errorCount);
  const now = new Date();
  const summary = await withTransaction(async (tx) => {
    await getConnection().lockKeys(tx, [`results:${event.id}`]);
    await insertRows(tx, getConnection().schema.timingReads, outcome.reads.map((r) => readColumns(event.id, r, now)));
    return rebuildInTransaction(tx, actor, event, now, outcome.reads.length);
  });
  afterCommit(summary, now);
  return { accepted: outcome.reads.length, ...summary.public };
}

/** Rebuilds the event's results from all its reads (after a wave's start time was corrected, say). */
export async function rebuildResultsFromReads(actor: Actor, eventSlug: string): Promise<RebuildSummary> {
  const event = await eventForEditor(actor, eventSlug);
  const now = new Date();
  const summary = await withTransaction(async (tx) => {
    await getConnection().lockKeys(tx, [`results:${event.id}`]);
    return rebuildInTransaction(tx, actor, event, now, null);
  });
  afterCommit(summary, now);
  return summary.public;
}

function readColumns(eventId: string, r: TimedRead, now: Date): RowOf<ReturnType<typeof getConnection>["schema"]["timingReads"]> {
  return { eventId, bib: r.bib, point: r.point, at: new Date(r.at), source: r.source, device: r.device, receivedAt: now };
}

interface Internal {
  public: RebuildSummary;
  changed: { raceId: string; version: number; splitLabels: string[] }[];
}

function afterCommit(summary: Internal, now: Date): void {
  for (const c of summary.changed) {
    noteResultsVersion(c.raceId, { version: c.version, splitLabels: c.splitLabels, updatedAt: now });
    clearResultsCache(c.raceId);
  }
}

/** Split labels in course order: by the shortest elapsed time any runner took to reach them. */
function labelsInCourseOrder(results: DerivedResult[]): string[] {
  const first = new Map<string, number>();
  for (const r of results) for (const s of r.splits) first.set(s.label, Math.min(first.get(s.label) ?? Infinity, s.elapsedMs));
  return [...first.entries()].sort((a, b) => a[1] - b[1]).map(([label]) => label);
}

async function rebuildInTransaction(tx: Database, actor: Actor, event: EventRow, now: Date, accepted: number | null): Promise<Internal> {
  const { schema } = getConnection();
  const reads = await tx
    .select({ bib: schema.timingReads.bib, point: schema.timingReads.point, at: schema.timingReads.at })
    .from(schema.timingReads)
    .where(eq(schema.timingReads.eventId, event.id));
  const races = await tx.select().from(schema.races).where(eq(schema.races.eventId, event.id));
  const waves = await tx.select({ id: schema.waves.id, startTime: schema.waves.startTime }).from(schema.waves);
  const waveStart = new Map(waves.map((w) => [w.id, w.startTime.getTime()]));
  const raceById = new Map(races.map((r) => [r.id, r]));
  const r = schema.registrations;
  const entryRows = await tx
    .select({ id: r.id, raceId: r.raceId, bib: r.bib, waveId: r.waveId, familyName: r.familyName, givenName: r.givenName, latinName: r.latinName, gender: r.gender, birthDate: r.birthDate })
    .from(r)
    .where(and(eq(r.eventId, event.id), eq(r.status, "confirmed"), isNotNull(r.bib)));
  const entries = new Map<string, EntryForResult>();
  const gunStartAt = new Map<string, number>();
  for (const e of entryRows) {
    const bib = resultBib(e.bib!);
    entries.set(bib, { ...e, bib });
    const race = lookup(raceById, e.raceId);
    gunStartAt.set(bib, (e.waveId && waveStart.get(e.waveId)) || race.startTime.getTime());
  }
  const derived = deriveResults(
    reads.map((x) => ({ bib: x.bib, point: x.point, at: x.at.getTime() })),
    { gunStartAt },
  );

  const byRace = new Map<string, DerivedResult[]>();
  for (const d of derived.results) {
    if (d.finishAt === null) continue;
    const raceId = lookup(entries, d.bib).raceId;
    byRace.set(raceId, [...(byRace.get(raceId) ?? []), d]);
  }

  const changed: Internal["changed"] = [];
  const publicRaces: RebuildSummary["races"] = [];
  for (const [raceId, finished] of byRace) {
    const race = raceById.get(raceId) as RaceRow;
    const stored = await tx.select().from(schema.results).where(eq(schema.results.raceId, raceId));
    const storedByBib = new Map(stored.map((s) => [s.bib, s]));
    const raw = new Map<string, RawResult>(stored.map((s) => [s.bib, s]));
    for (const d of finished) {
      const before = storedByBib.get(d.bib);
      if (before && before.source === "file") continue;
      const next = {
        bib: d.bib,
        source: "reads" as const,
        fileName: null,
        fileGender: null,
        fileAge: null,
        fileBirthDate: null,
        status: "finished" as const,
        gunTimeMs: d.gunTimeMs,
        netTimeMs: d.netTimeMs,
        splits: d.splits.map((s) => ({ label: s.label, elapsedMs: s.elapsedMs })),
      };
      if (!before) raw.set(d.bib, { ...next, id: randomUUID(), createdAt: now, updatedAt: now });
      else if (rawChanged(before, next)) raw.set(d.bib, { ...next, id: before.id, createdAt: before.createdAt, updatedAt: now });
    }
    const splitLabels = await mergedSplitLabels(tx, raceId, labelsInCourseOrder(finished));
    const version = await writeRaceResults(tx, actor, {
      event,
      race,
      raw: [...raw.values()],
      stored,
      entries,
      splitLabels,
      at: now,
      audit: { action: accepted === null ? "results.rebuild" : "results.reads", data: accepted === null ? {} : { reads: accepted } },
    });
    if (version !== null) {
      changed.push({ raceId, version, splitLabels });
      publicRaces.push({ race: race.slug, version, results: raw.size });
    }
  }
  return { public: { races: publicRaces, unknownBibs: derived.unknownBibs, unknownPoints: derived.unknownPoints }, changed };
}
