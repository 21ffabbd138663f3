/**
 * Figures for `npm run bench` (issue 4, "Tests and benchmark"): the batch bib proposal and its application for
 * 30,000 entries. Targets on this machine: the pure proposal well under 1 s, applying under 5 s.
 *
 * benchmarkBibProposal() is pure (no database). benchmarkBibBatch() creates an event of its own with one batch
 * race, writes `entries` confirmed entries in bulk, then times proposeBibs (database reads + proposal) and
 * applyBibs in its two parts: the transaction, then the emails queued after commit. Run it on a database you can throw away.
 */
import { proposeBibAssignment, syntheticBibEntries } from "../core/bib-assignment";
import { CLI_ACTOR } from "../server/actor";
import { createEvent } from "../server/events/manage-events";
import { applyBibProposal, notifyBibChanges, proposeBibs } from "../server/bibs/batch";
import { insertSyntheticEntries } from "../test/synthetic-entries";

const RANGES = [
  { from: 1, to: 500, reserved: true },
  { from: 501, to: 60_000, reserved: false },
];

/** Milliseconds for the pure proposal over `entries` synthetic entries (every 50th locked). */
export function benchmarkBibProposal(entries = 30_000): { entries: number; ms: number; assigned: number } {
  const input = syntheticBibEntries(entries, { lockedEvery: 50 });
  const started = performance.now();
  const result = proposeBibAssignment({ ranges: RANGES, unavailable: [], entries: input });
  return { entries, ms: performance.now() - started, assigned: result.assignments.length };
}

export interface BibBatchTimings {
  entries: number;
  /** Writing the entries in bulk (setup, not a target). */
  insertMs: number;
  /** proposeBibs: reads and the proposal. */
  proposeMs: number;
  /** applyBibs' transaction: waves, bibs and audit rows written. */
  applyMs: number;
  /** Then, after commit: one email per order queued in the outbox. */
  emailsMs: number;
  assigned: number;
}

export async function benchmarkBibBatch(options: { entries?: number; slug?: string; entriesPerOrder?: number } = {}): Promise<BibBatchTimings> {
  const entries = options.entries ?? 30_000;
  const slug = options.slug ?? `bib-bench-${Date.now().toString(36)}`;
  await createEvent(CLI_ACTOR, {
    slug,
    name: { en: "Bib benchmark", zh: "号码基准测试" },
    date: "2030-04-21",
    status: "draft",
    races: [
      {
        slug: "marathon",
        name: { en: "Marathon", zh: "马拉松" },
        distanceMeters: 42195,
        capacity: entries,
        priceCents: 1000,
        minAge: 18,
        maxAge: 90,
        startTime: "2030-04-21T07:30",
        bibStrategy: "batch",
        bibRanges: RANGES,
        waves: [
          { name: "A", startTime: "2030-04-21T07:30", maxPredictedSeconds: 5_000, maxSize: Math.ceil(entries / 6) },
          { name: "B", startTime: "2030-04-21T07:40", minPredictedSeconds: 5_000, maxPredictedSeconds: 8_000, maxSize: Math.ceil(entries / 3) },
          { name: "C", startTime: "2030-04-21T07:50", minPredictedSeconds: 8_000, maxPredictedSeconds: 11_000 },
          { name: "D", startTime: "2030-04-21T08:00", minPredictedSeconds: 11_000 },
        ],
      },
    ],
  });
  let t = performance.now();
  await insertSyntheticEntries(slug, "marathon", entries, { entriesPerOrder: options.entriesPerOrder ?? 1 });
  const insertMs = performance.now() - t;
  t = performance.now();
  await proposeBibs(CLI_ACTOR, slug, "marathon");
  const proposeMs = performance.now() - t;
  t = performance.now();
  const applied = await applyBibProposal(CLI_ACTOR, slug, "marathon");
  const applyMs = performance.now() - t;
  t = performance.now();
  await notifyBibChanges(applied);
  const emailsMs = performance.now() - t;
  return { entries, insertMs, proposeMs, applyMs, emailsMs, assigned: applied.view.assignments.length };
}
