/**
 * The rule of a taken place and of a hold that ran out is written once, in core/places.ts; the database asks it as
 * SQL (server/registration/holds.ts). On both engines, entries of every status with every kind of hold expiry (none,
 * past, this very instant, future) are selected by each SQL form and by the rule itself, and both pick the same.
 */
import { randomUUID } from "node:crypto";
import { eq, or, type SQL } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { REGISTRATION_STATUSES } from "../../core/domain";
import { CLAIMING_ENTRY_STATUSES, effectiveStatus, entryTakesPlace } from "../../core/places";
import { getConnection, withTransaction } from "../db";
import { eventInput } from "../../test/factories";
import { resetDatabase } from "../../test/db";
import { insertSyntheticEntries } from "../../test/synthetic-entries";
import { TEST_NOW } from "../../test/clock";
import { CLI_ACTOR } from "../actor";
import { createEvent } from "../events/manage-events";
import { claimsPlaceSql, ranOutHoldSql, recountSeats, runningHoldSql, takenSeats, takesPlaceSql } from "./holds";
import { first, present } from "../../core/lists";

const NOW = TEST_NOW;
const EXPIRIES = [null, new Date(NOW.getTime() - 60_000), NOW, new Date(NOW.getTime() + 1), new Date(NOW.getTime() + 60_000)];

describe(`the taken-place rule as SQL on ${process.env.TEST_ENGINE}`, () => {
  let raceId: string;
  const facts = new Map<string, { status: (typeof REGISTRATION_STATUSES)[number]; holdExpiresAt: Date | null }>();

  beforeAll(async () => {
    await resetDatabase();
    await createEvent(CLI_ACTOR, eventInput());
    const { registrationIds } = await insertSyntheticEntries("test-half-2027", "half", 1, { now: NOW });
    const { db, schema } = getConnection();
    const template = first(await db.select().from(schema.registrations).where(eq(schema.registrations.id, first(registrationIds))));
    raceId = template.raceId;
    await withTransaction(async (tx) => {
      await tx.delete(schema.registrations).where(eq(schema.registrations.id, template.id));
      const rows = REGISTRATION_STATUSES.flatMap((status) =>
        EXPIRIES.map((holdExpiresAt) => {
          const id = randomUUID();
          facts.set(id, { status, holdExpiresAt });
          return { ...template, id, status, holdExpiresAt, liveIdKey: null, pickupToken: randomUUID(), bib: null };
        }),
      );
      await tx.insert(schema.registrations).values(rows);
    });
  });

  async function ids(condition: SQL): Promise<string[]> {
    const { db, schema } = getConnection();
    const rows = await db.select({ id: schema.registrations.id }).from(schema.registrations).where(condition);
    return rows.map((r) => r.id).sort();
  }

  const where = (keep: (f: { status: (typeof REGISTRATION_STATUSES)[number]; holdExpiresAt: Date | null }) => boolean) =>
    [...facts].filter(([, f]) => keep(f)).map(([id]) => id).sort();

  it("takes a place exactly where core/places.ts says, and counts it so", async () => {
    const taking = where((f) => entryTakesPlace(f, NOW));
    expect(taking.length).toBeGreaterThan(0);
    expect(await ids(takesPlaceSql(NOW))).toEqual(taking);
    expect((await takenSeats(getConnection().db, [raceId], NOW)).get(raceId)).toBe(taking.length);
  });

  it("reads a hold as running or run out exactly where core/places.ts says", async () => {
    expect(await ids(runningHoldSql(NOW))).toEqual(where((f) => effectiveStatus(f, NOW) === "held"));
    const { schema } = getConnection();
    expect(await ids(present(or(eq(schema.registrations.status, "expired"), ranOutHoldSql(NOW))))).toEqual(where((f) => effectiveStatus(f, NOW) === "expired"));
  });

  it("recounts the claims the seat counter keeps: every entry in a claiming status, its hold run out or not", async () => {
    const claiming = where((f) => CLAIMING_ENTRY_STATUSES.includes(f.status));
    expect(await ids(claimsPlaceSql())).toEqual(claiming);
    expect((await recountSeats(getConnection().db, [raceId])).get(raceId)).toBe(claiming.length);
  });
});
