/**
 * Orders that arrive together share one write transaction (register.ts, core/batcher.ts), on both engines. Each is
 * still decided as if it were alone, in arrival order; and when the shared transaction fails, each order goes again
 * on its own, so one order's trouble is never another's.
 */
import { count, eq, getTableName } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getConnection } from "../db";
import { eventInput, participant, raceInput, registrationBody } from "../../test/factories";
import { resetDatabase } from "../../test/db";
import { CLI_ACTOR } from "../actor";
import { DomainError } from "../errors";
import { createEvent } from "../events/manage-events";
import { registerEntries } from "./register";
import { TEST_NOW } from "../../test/clock";
import { first } from "../../core/lists";

// The document number whose registration row breaks the insert (a stand-in for any failure of the shared
// transaction, such as another process inserting the same document at the same moment).
const POISON = "E77777777";

vi.mock("../../db/bulk", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../db/bulk")>();
  return {
    ...original,
    insertRows: async (...args: Parameters<typeof original.insertRows>) => {
      const [, table, rows] = args;
      if (getTableName(table) === "registrations" && rows.some((r) => (r as { idNumber?: string }).idNumber === POISON)) throw new Error("the disk is full");
      return original.insertRows(...args);
    },
  };
});

const NOW = TEST_NOW;
const ctx = { clientIp: "203.0.113.7", now: NOW };

/** Counts the write transactions the code under test opens. */
function countTransactions() {
  const connection = getConnection();
  const original = connection.transaction;
  const counter = { n: 0, restore: () => void (connection.transaction = original) };
  connection.transaction = ((fn) => {
    counter.n += 1;
    return original.call(connection, fn);
  }) as typeof original;
  return counter;
}

async function held(): Promise<{ idNumber: string; race: string }[]> {
  const { db, schema } = getConnection();
  const r = schema.registrations;
  const rows = await db.select({ idNumber: r.idNumber, race: schema.races.slug }).from(r).innerJoin(schema.races, eq(schema.races.id, r.raceId)).where(eq(r.status, "held"));
  return rows.sort((a, b) => a.idNumber.localeCompare(b.idNumber));
}

async function rowCount(table: "orders" | "registrations" | "auditLog"): Promise<number> {
  const { db, schema } = getConnection();
  const row = first(await db.select({ n: count() }).from(schema[table]));
  return row.n;
}

function outcome(r: PromiseSettledResult<unknown>): string {
  if (r.status === "fulfilled") return "placed";
  return r.reason instanceof DomainError ? r.reason.code : `error: ${(r.reason as Error).message}`;
}

describe(`orders placed together on ${process.env.TEST_ENGINE}`, () => {
  let transactions: ReturnType<typeof countTransactions> | undefined;

  beforeEach(async () => {
    await resetDatabase();
    process.env.RATE_LIMIT_REGISTRATIONS_PER_MINUTE = "0";
    (await import("../env")).resetEnvForTests();
    await createEvent(
      CLI_ACTOR,
      eventInput({
        races: [
          raceInput({ capacity: 2, bibRanges: [] }),
          raceInput({ slug: "fun-run", name: { en: "Fun Run", zh: "欢乐跑" }, distanceMeters: 3500, minAge: 6, maxAge: 80, priceCents: 6000, capacity: 4, bibRanges: [] }),
        ],
      }),
    );
  });

  afterEach(() => transactions?.restore());

  it("decides each order of one transaction as if it were alone: seats, one entry per document, a family all or none", async () => {
    // Which order comes first depends on when each request finishes its checks; what must hold does not.
    const halfSingles = [1, 2, 3, 4].map((i) => participant({ idNumber: `E1000000${i}` }));
    const sameDocument = [participant({ idNumber: "E10000009", race: "fun-run" }), participant({ idNumber: "E10000009", race: "fun-run", givenName: "卫" })];
    const family = [participant({ idNumber: "E10000011", race: "fun-run" }), participant({ idNumber: "E10000012", race: "fun-run" })];
    const funSingle = participant({ idNumber: "E10000013", race: "fun-run" });
    // One order first, alone: it loads what every later request reads from memory (the event, the app's secret), so
    // the eight below finish their checks in the same turn of the event loop, as requests do in a burst.
    await registerEntries("test-half-2027", registrationBody([participant({ idNumber: "E10000010", race: "fun-run" })]), ctx);
    transactions = countTransactions();

    const results = await Promise.allSettled([
      ...halfSingles.map((p) => registerEntries("test-half-2027", registrationBody([p]), ctx)),
      ...sameDocument.map((p) => registerEntries("test-half-2027", registrationBody([p]), ctx)),
      registerEntries("test-half-2027", registrationBody(family), ctx),
      registerEntries("test-half-2027", registrationBody([funSingle]), ctx),
    ]);
    const outcomes = results.map(outcome);

    // All eight orders went through one transaction.
    expect(transactions.n).toBe(1);
    // The half marathon has two places: two of the four singles, and the others are told it is sold out.
    expect(outcomes.slice(0, 4).sort()).toEqual(["placed", "placed", "sold_out", "sold_out"]);
    // The same document twice: one entry, the other is a duplicate.
    expect(outcomes.slice(4, 6).sort()).toEqual(["duplicate_entry", "placed"]);
    const rows = await held();
    expect(rows.filter((r) => r.race === "half")).toHaveLength(2);
    expect(rows.filter((r) => r.idNumber === "E10000009")).toHaveLength(1);
    // The fun run has three places left for 1 + 2 + 1 wanted: the family has both its places or none, never one.
    const familyHeld = rows.filter((r) => r.idNumber === "E10000011" || r.idNumber === "E10000012").length;
    expect([0, 2]).toContain(familyHeld);
    expect(outcomes[6]).toBe(familyHeld === 2 ? "placed" : "sold_out");
    // No place is left over that a refused order could have had: all four are taken, unless the family's two did
    // not fit after the others took theirs.
    expect(rows.filter((r) => r.race === "fun-run")).toHaveLength(familyHeld === 2 ? 4 : 3);

    // Every placed order has its own code, payment link, held entries and audit row; the refused left nothing.
    const placed = results.filter((r): r is PromiseFulfilledResult<Awaited<ReturnType<typeof registerEntries>>> => r.status === "fulfilled").map((r) => r.value);
    expect(await rowCount("orders")).toBe(placed.length + 1);
    expect(new Set(placed.map((p) => p.order.code)).size).toBe(placed.length);
    expect(placed.every((p) => p.order.paymentUrl && p.registrations.every((r) => r.status === "held"))).toBe(true);
    expect(await rowCount("registrations")).toBe(rows.length);
    const { db, schema } = getConnection();
    const audits = await db.select({ entityId: schema.auditLog.entityId }).from(schema.auditLog).where(eq(schema.auditLog.action, "order.create"));
    expect(audits).toHaveLength(placed.length + 1);
  });

  it("when the shared transaction fails, places each order again on its own: only the failing one fails", async () => {
    transactions = countTransactions();
    const results = await Promise.allSettled([
      registerEntries("test-half-2027", registrationBody([participant({ idNumber: "E20000001", race: "fun-run" })]), ctx),
      registerEntries("test-half-2027", registrationBody([participant({ idNumber: POISON, race: "fun-run" })]), ctx),
      registerEntries("test-half-2027", registrationBody([participant({ idNumber: "E20000003", race: "fun-run" })]), ctx),
    ]);

    expect(results.map(outcome)).toEqual(["placed", "error: the disk is full", "placed"]);
    // One shared transaction (rolled back), then one for each order.
    expect(transactions.n).toBe(4);
    expect(await held()).toEqual([
      { idNumber: "E20000001", race: "fun-run" },
      { idNumber: "E20000003", race: "fun-run" },
    ]);
    // Nothing of the failed order: no order row, no audit row.
    expect(await rowCount("orders")).toBe(2);
    expect(await rowCount("registrations")).toBe(2);
  });

  it("places a lone order at once, in a transaction of its own", async () => {
    transactions = countTransactions();
    const first = await registerEntries("test-half-2027", registrationBody([participant({ race: "fun-run" })]), ctx);
    const second = await registerEntries("test-half-2027", registrationBody([participant({ race: "fun-run" })]), ctx);
    expect(first.order.code).not.toBe(second.order.code);
    expect(transactions.n).toBe(2);
  });
});
