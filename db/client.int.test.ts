/**
 * The data layer's promises, on the engine of this project run (sqlite or postgres): a failing transaction
 * leaves nothing behind, and concurrent read-modify-write transactions lose no update.
 */
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { getConnection, withTransaction } from "../server/db";
import { resetDatabase } from "../test/db";
import { first } from "../core/lists";

describe(`withTransaction on ${process.env.TEST_ENGINE}`, () => {
  beforeEach(resetDatabase);

  it("rolls back every statement when the callback throws after an await", async () => {
    const { db, schema } = getConnection();
    await expect(
      withTransaction(async (tx) => {
        await tx.insert(schema.appSettings).values({ key: "a", value: "1" });
        await new Promise((r) => setTimeout(r, 5));
        await tx.insert(schema.appSettings).values({ key: "b", value: "2" });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await db.select().from(schema.appSettings)).toEqual([]);
  });

  it("serializes concurrent read-modify-write transactions that lock what they count", async () => {
    const c = getConnection();
    const { schema } = c;
    await withTransaction((tx) => tx.insert(schema.appSettings).values({ key: "counter", value: "0" }));
    await Promise.all(
      Array.from({ length: 40 }, () =>
        withTransaction(async (tx) => {
          await c.lockKeys(tx, ["counter"]);
          const row = first(await tx.select().from(schema.appSettings).where(eq(schema.appSettings.key, "counter")));
          await new Promise((r) => setTimeout(r, 1));
          await tx.update(schema.appSettings).set({ value: String(Number(row.value) + 1) }).where(eq(schema.appSettings.key, "counter"));
        }),
      ),
    );
    const row = first(await c.db.select().from(schema.appSettings).where(eq(schema.appSettings.key, "counter")));
    expect(row.value).toBe("40");
  });

  it("keeps concurrent transactions apart: the ones that throw leave nothing, the others all commit", async () => {
    const { db, schema } = getConnection();
    // 60 at once: every third one writes, then fails after an await.
    const results = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) =>
        withTransaction(async (tx) => {
          await tx.insert(schema.appSettings).values({ key: `k${i}`, value: String(i) });
          if (i % 3 === 0) {
            await new Promise((r) => setTimeout(r, 1));
            await tx.insert(schema.appSettings).values({ key: `k${i}-extra`, value: "x" });
            throw new Error(`job ${i} fails`);
          }
          return i;
        }),
      ),
    );
    results.forEach((r, i) => {
      if (i % 3 === 0) expect(r).toMatchObject({ status: "rejected", reason: { message: `job ${i} fails` } });
      else expect(r).toEqual({ status: "fulfilled", value: i });
    });
    const keys = (await db.select().from(schema.appSettings)).map((r) => r.key).sort();
    expect(keys).toEqual(Array.from({ length: 60 }, (_, i) => i).filter((i) => i % 3 !== 0).map((i) => `k${i}`).sort());
  });

  it("answers a transaction only once what it wrote is committed and readable", async () => {
    const { db, schema } = getConnection();
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        await withTransaction((tx) => tx.insert(schema.appSettings).values({ key: `seen${i}`, value: "1" }));
        // The read connection sees only committed data.
        const [row] = await db.select().from(schema.appSettings).where(eq(schema.appSettings.key, `seen${i}`));
        expect(row?.value).toBe("1");
      }),
    );
  });

  it("runs a nested withTransaction inside the outer one", async () => {
    const { db, schema } = getConnection();
    await expect(
      withTransaction(async (tx) => {
        await tx.insert(schema.appSettings).values({ key: "outer", value: "1" });
        await withTransaction((inner) => inner.insert(schema.appSettings).values({ key: "inner", value: "1" }));
        throw new Error("undo both");
      }),
    ).rejects.toThrow("undo both");
    expect(await db.select().from(schema.appSettings)).toEqual([]);
  });

  it("stores 21097.5 metres, timestamps and JSON exactly", async () => {
    const { db, schema } = getConnection();
    const now = new Date("2027-04-17T23:30:00.123Z");
    await withTransaction(async (tx) => {
      await tx.insert(schema.events).values({
        id: "e1", slug: "e1", nameEn: "E", nameZh: "赛", date: "2027-04-18", timezone: "Asia/Shanghai",
        venueEn: "", venueZh: "", cityEn: "", cityZh: "", descriptionEn: "", descriptionZh: "", status: "draft",
        registrationOpensAt: null, registrationClosesAt: null, createdAt: now, updatedAt: now,
      });
      await tx.insert(schema.races).values({
        id: "r1", eventId: "e1", slug: "half", nameEn: "Half", nameZh: "半马", distanceMeters: 21097.5, capacity: 1,
        currency: "CNY", priceTiers: [{ priceCents: 12000, startsAt: null, endsAt: null }], minAge: 18, maxAge: 75,
        startTime: now, rankBy: "net", ageGroupBounds: [18, 40], bibRanges: [{ from: 1, to: 9, reserved: true }],
        position: 0, createdAt: now, updatedAt: now,
      });
    });
    const race = first(await db.select().from(schema.races));
    expect(race.distanceMeters).toBe(21097.5);
    expect(race.startTime.toISOString()).toBe("2027-04-17T23:30:00.123Z");
    expect(race.bibRanges).toEqual([{ from: 1, to: 9, reserved: true }]);
    expect(first(race.priceTiers).priceCents).toBe(12000);
  });
});
