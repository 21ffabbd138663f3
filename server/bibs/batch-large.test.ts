/**
 * A batch over 30,000 entries on both engines (issue 4, "Tests and benchmark"): the entries are written in bulk
 * (test/synthetic-entries.ts), then the proposal and its application: every bib unique and inside the
 * race's open range, the lowest numbers first, in wave, predicted time and name order; locked bibs kept; one
 * email per order; a re-run changes nothing.
 */
import { count, eq, isNotNull, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { compareForBibs, type BibEntry } from "../../core/bib-assignment";
import { getConnection } from "../db";
import { resetDatabase } from "../../test/db";
import { eventInput, raceInput } from "../../test/factories";
import { CLI_ACTOR } from "../actor";
import { createEvent } from "../events/manage-events";
import { applyBibs, proposeBibs, setBib, type BibProposalView } from "./index";
import { insertSyntheticEntries } from "../../test/synthetic-entries";
import { first, nth, present } from "../../core/lists";

const SLUG = "big-city-marathon";
const ENTRIES = 30_000;
const LOCKED = 20;

describe(`a batch of ${ENTRIES} entries on ${process.env.TEST_ENGINE}`, () => {
  let registrationIds: string[] = [];
  let proposal: BibProposalView;

  beforeAll(async () => {
    await resetDatabase();
    await createEvent(
      CLI_ACTOR,
      eventInput({
        slug: SLUG,
        races: [
          raceInput({
            slug: "marathon",
            capacity: ENTRIES,
            bibStrategy: "batch",
            bibRanges: [{ from: 1, to: 500, reserved: true, label: "Elite" }, { from: 501, to: 40_000 }],
            waves: [
              { name: "A", startTime: "2027-04-18T07:30", maxPredictedSeconds: 5_000, maxSize: 5_000 },
              { name: "B", startTime: "2027-04-18T07:40", minPredictedSeconds: 5_000, maxPredictedSeconds: 8_000, maxSize: 10_000 },
              { name: "C", startTime: "2027-04-18T07:50", minPredictedSeconds: 8_000, maxPredictedSeconds: 11_000 },
              { name: "D", startTime: "2027-04-18T08:00", minPredictedSeconds: 11_000 },
            ],
          }),
        ],
      }),
    );
    ({ registrationIds } = await insertSyntheticEntries(SLUG, "marathon", ENTRIES, { entriesPerOrder: 3 }));
    // Elite runners with reserved bibs set by hand.
    for (let i = 0; i < LOCKED; i++) await setBib(CLI_ACTOR, SLUG, nth(registrationIds, i * 997), { bib: String(i + 1), locked: true });
  }, 240_000);

  it("proposes unique bibs from the lowest open number, in wave, predicted time and name order, keeping locks", async () => {
    proposal = await proposeBibs(CLI_ACTOR, SLUG, "marathon");
    expect(proposal).toMatchObject({ race: "marathon", kept: LOCKED, withoutBib: [], total: ENTRIES });
    expect(proposal.assignments).toHaveLength(ENTRIES - LOCKED);
    const bibs = proposal.assignments.map((a) => Number(a.bib));
    expect(bibs).toEqual(Array.from({ length: ENTRIES - LOCKED }, (_, i) => 501 + i));

    // The order of the assignments is the order of the rule: wave, predicted time (none last), name, id.
    const { db, schema } = getConnection();
    const rows = await db
      .select({
        id: schema.registrations.id,
        familyName: schema.registrations.familyName,
        givenName: schema.registrations.givenName,
        predicted: schema.registrations.predictedFinishSeconds,
      })
      .from(schema.registrations);
    const waves = await db.select().from(schema.waves);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const position = new Map(waves.map((w) => [w.name, w.position]));
    const asEntry = (a: BibProposalView["assignments"][number]): BibEntry => {
      const r = present(byId.get(a.registrationId));
      return { registrationId: r.id, wavePosition: a.wave ? present(position.get(a.wave)) : null, predictedFinishSeconds: r.predicted, familyName: r.familyName, givenName: r.givenName, bib: null, locked: false };
    };
    for (let i = 1; i < proposal.assignments.length; i++) {
      expect(compareForBibs(asEntry(nth(proposal.assignments, i - 1)), asEntry(nth(proposal.assignments, i)))).toBeLessThan(0);
    }
    const perWave = new Map<string | null, number>();
    for (const a of proposal.assignments) perWave.set(a.wave, (perWave.get(a.wave) ?? 0) + 1);
    expect(perWave.get("A")).toBeLessThanOrEqual(5_000);
    expect(perWave.get("B")).toBeLessThanOrEqual(10_000);
  }, 120_000);

  it("applies it in one go: every entry has its bib and a wave, locks kept, one email per order", async () => {
    const applied = await applyBibs(CLI_ACTOR, SLUG, "marathon");
    expect(applied).toEqual(proposal);
    const { db, schema } = getConnection();
    const r = schema.registrations;
    const [stats] = await db
      .select({ withBib: count(r.bib), distinct: sql<number>`count(distinct ${r.bib})`.mapWith(Number), withWave: count(r.waveId) })
      .from(r);
    expect(stats).toEqual({ withBib: ENTRIES, distinct: ENTRIES, withWave: ENTRIES });
    for (let i = 0; i < LOCKED; i++) {
      const [row] = await db.select({ bib: r.bib, locked: r.bibLocked }).from(r).where(eq(r.id, nth(registrationIds, i * 997)));
      expect(row).toEqual({ bib: String(i + 1), locked: true });
    }
    const mails = first(await db.select({ n: count() }).from(schema.emailOutbox).where(eq(schema.emailOutbox.template, "bib_assigned")));
    expect(mails.n).toBe(ENTRIES / 3);
    const audits = first(await db.select({ n: count() }).from(schema.auditLog).where(eq(schema.auditLog.action, "registration.bib_assign")));
    expect(audits.n).toBe(ENTRIES - LOCKED);
  }, 120_000);

  it("changes nothing and emails no one when run again", async () => {
    const again = await applyBibs(CLI_ACTOR, SLUG, "marathon");
    expect(again.assignments.every((a) => a.bib === a.previousBib)).toBe(true);
    expect(again.kept).toBe(LOCKED);
    const { db, schema } = getConnection();
    const mails = first(await db.select({ n: count() }).from(schema.emailOutbox).where(eq(schema.emailOutbox.template, "bib_assigned")));
    expect(mails.n).toBe(ENTRIES / 3);
    const placed = first(await db.select({ n: count() }).from(schema.registrations).where(isNotNull(schema.registrations.waveId)));
    expect(placed.n).toBe(ENTRIES);
  }, 120_000);
});
