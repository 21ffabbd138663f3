/**
 * Raw chip reads on both engines (issue 5): JSON and CSV, times of day in the event's timezone and ISO instants,
 * gun time from the wave's start and net time from the start mat, reads kept as they came (a repeat changes no
 * result), all-or-nothing refusal, unknown bibs listed, a file's result kept over the reads, and the rebuild.
 */
import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as postReads } from "../../app/api/v1/events/[event]/reads/route";
import { getConnection, withTransaction } from "../db";
import { makeStaff, resetDatabase } from "../../test/db";
import { eventInput, participant, raceInput, registrationBody } from "../../test/factories";
import { CLI_ACTOR, type Actor } from "../actor";
import { createApiToken } from "../auth/tokens";
import { DomainError } from "../errors";
import { createEvent } from "../events/manage-events";
import { getPublicEvent } from "../events/queries";
import { confirmPayment } from "../payments/confirm-payment";
import { registerEntries } from "../registration/register";
import { importResultsFile } from "./import-results";
import { resetResultsLiveForTests } from "./live";
import { getRunnerResult, listRaceResults } from "./queries";
import { rebuildResultsFromReads } from "./record-reads";
import { TEST_NOW } from "../../test/clock";
import { first, present } from "../../core/lists";

const EVENT = "test-half-2027";
const NOW = TEST_NOW;
let organizer: Actor & { kind: "user" };
let token: string;

/** Half marathon, wave A at 07:30 and wave B at 07:40 (Asia/Shanghai, 2027-04-18); bibs 7 (A), 8 (B), 9 (A). */
beforeAll(async () => {
  await resetDatabase();
  await resetResultsLiveForTests();
  organizer = await makeStaff("organizer");
  await createEvent(
    organizer,
    eventInput({ races: [raceInput({ rankBy: "gun", bibRanges: [], waves: [{ name: "A", startTime: "2027-04-18T07:30" }, { name: "B", startTime: "2027-04-18T07:40" }] })] }),
  );
  const { db, schema } = getConnection();
  const user = first(await db.select({ email: schema.users.email }).from(schema.users).where(eq(schema.users.id, organizer.userId)));
  token = (await createApiToken(CLI_ACTOR, { email: user.email, name: "timer" })).token;
  const race = first(present(await getPublicEvent(EVENT), "event").races);
  const wave = (name: string) => present(race.waves.find((w) => w.name === name), `wave ${name}`).id;
  let ip = 0;
  for (const [bib, waveName, family] of [["7", "A", "张"], ["8", "B", "李"], ["9", "A", "王"]] as const) {
    const result = await registerEntries(EVENT, registrationBody([participant({ familyName: family, givenName: "伟" })]), { clientIp: `203.0.113.${++ip}`, now: NOW });
    const order = first(await db.select().from(schema.orders).where(eq(schema.orders.code, result.order.code)));
    await confirmPayment({ orderId: order.id, provider: "simulated", providerPaymentId: `sim_${order.id}`, amountCents: order.totalCents, currency: "CNY", now: NOW });
    await withTransaction((tx) => tx.update(schema.registrations).set({ bib, waveId: wave(waveName) }).where(eq(schema.registrations.id, first(result.registrations).id)));
  }
});

async function readCount(): Promise<number> {
  const { db, schema } = getConnection();
  return Number(first(await db.select({ n: count() }).from(schema.timingReads)).n);
}

function post(body: string, type: string): Promise<Response> {
  return postReads(
    new Request(`http://localhost/api/v1/events/${EVENT}/reads`, { method: "POST", headers: { "content-type": type, authorization: `Bearer ${token}` }, body }),
    { params: Promise.resolve({ event: EVENT }) },
  );
}

describe("chip reads", () => {
  it("derives gun and net times and splits from JSON reads (times of day in the event's timezone)", async () => {
    const reads = [
      { bib: "7", point: "start", time: "07:29:50" }, // before the gun: ignored
      { bib: "7", point: "start", time: "07:30:40.250" },
      { bib: "7", point: "5k", time: "07:47:20.250", device: "mat-5k" },
      { bib: "7", point: "finish", time: "08:40:40.250" },
      { bib: "7", point: "finish", time: "08:40:41" }, // a second read of the same crossing
      { bib: "8", point: "finish", time: "2027-04-18T00:50:00.000Z" }, // wave B, no start read: net = gun
      { bib: "9", point: "5k", time: "07:50:00" }, // still on course: no result yet
      { bib: "999", point: "finish", time: "08:00:00" },
    ];
    const response = await post(JSON.stringify({ reads }), "application/json");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accepted: 8, races: [{ race: "half", version: 1, results: 2 }], unknownBibs: ["999"], unknownPoints: [] });
    const page = await listRaceResults(EVENT, "half", {});
    expect(page.results.map((r) => [r.bib, r.gunTimeMs, r.netTimeMs, r.places.overall])).toEqual([
      ["8", 4_200_000, 4_200_000, 1],
      ["7", 4_240_250, 4_200_000, 2],
    ]);
    expect((await getRunnerResult(EVENT, "half", "7")).result.splits).toEqual([{ label: "5k", elapsedMs: 1_000_000 }]);
    expect(await readCount()).toBe(8);
  });

  it("keeps every read as it came: the same reads again are stored, no result changes", async () => {
    const csv = ["bib,point,time,source", "9,finish,2027-04-18T09:00:00+08:00,box-1", "7,finish,08:40:40.250,box-1"].join("\n");
    const first = await post(csv, "text/csv");
    expect(await first.json()).toMatchObject({ accepted: 2, races: [{ race: "half", version: 2, results: 3 }] });
    const again = await post(csv, "text/csv");
    expect(await again.json()).toMatchObject({ accepted: 2, races: [] });
    expect(await readCount()).toBe(12);
    expect((await getRunnerResult(EVENT, "half", "9")).result).toMatchObject({ gunTimeMs: 5_400_000, netTimeMs: 5_400_000, splits: [{ label: "5k", elapsedMs: 1_200_000 }] });
  });

  it("refuses a bad batch whole and stores none of it", async () => {
    const before = await readCount();
    const response = await post(JSON.stringify({ reads: [{ bib: "7", point: "finish", time: "08:00:00" }, { bib: "", point: "finish", time: "08:00" }, { bib: "8", point: "half way", time: "25:00:00" }] }), "application/json");
    expect(response.status).toBe(422);
    const errors = (await response.json()).error.details.errors;
    expect(errors.map((e: { line: number; column: string }) => [e.line, e.column])).toEqual([
      [2, "bib"],
      [2, "time"],
      [3, "point"],
      [3, "time"],
    ]);
    expect(await readCount()).toBe(before);
    const unauthorized = await postReads(new Request(`http://localhost/api/v1/events/${EVENT}/reads`, { method: "POST", body: "bib,point,time\n7,finish,08:00:00", headers: { "content-type": "text/csv" } }), {
      params: Promise.resolve({ event: EVENT }),
    });
    expect(unauthorized.status).toBe(401);
  });

  it("keeps a result imported from a file over the reads, and rebuilds from all reads", async () => {
    await importResultsFile(organizer, EVENT, "half", "bib,gun_time,net_time\n8,1:11:00,1:10:30\n");
    await post(JSON.stringify([{ bib: "8", point: "start", time: "07:40:30" }]), "application/json");
    expect((await getRunnerResult(EVENT, "half", "8")).result).toMatchObject({ gunTimeMs: 4_260_000, netTimeMs: 4_230_000 });
    const rebuilt = await rebuildResultsFromReads(organizer, EVENT);
    expect(rebuilt.races).toEqual([]);
    const error = await rebuildResultsFromReads(await makeStaff("organizer"), EVENT).then(() => null, (e: unknown) => e);
    expect((error as DomainError).code).toBe("forbidden");
  });
});
