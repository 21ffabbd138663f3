/**
 * The production topology, for real (docs/deploying.md): nginx in front of two `next start` processes on one
 * PostgreSQL server, started by scripts/topology.sh on the e2e build. The stories run in order on one topology:
 * - a registration burst through nginx from many client addresses: no oversell, every 201 has its rows, and a client
 *   that forges X-Forwarded-For is still limited by its own address (the apps trust the header from nginx only);
 * - an open leaderboard stream on process A sees an import made on process B within 2 s;
 * - process A is killed (SIGKILL) in the middle of a burst of paid-for-nothing (free) entries: no confirmed order is
 *   lost, and every client either had its answer or gets the same result by retrying with its Idempotency-Key;
 * - PostgreSQL is stopped and started while requests flow: they fail with 503 (never 500) for a few seconds, then
 *   work again, and each process's LISTEN client reconnects.
 * Run by scripts/test.sh as its own stage (`npx vitest run --config vitest.topology.config.mts`), after the build.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventDatesFrom } from "../../scripts/event-dates";
import { participant, registrationBody } from "../factories";
import { APP_PORTS, appPid, cli, database, missingPrerequisite, openLiveResults, PrivatePostgres, request, sleep, topology, type Answer } from "./harness";
import { first, nth, present } from "../../core/lists";

const missing = missingPrerequisite();
if (missing) console.warn(`[topology] not run: ${missing}`);

const dates = eventDatesFrom(new Date());
let token = "";
let postgres: PrivatePostgres;
let dir = "";

function raceInput(slug: string, capacity: number, priceCents: number) {
  return {
    slug,
    name: { en: `Race ${slug}`, zh: `比赛 ${slug}` },
    distanceMeters: 10000,
    capacity,
    priceCents,
    minAge: 16,
    maxAge: 90,
    startTime: dates.at("07:30"),
    rankBy: "gun",
    bibRanges: [],
  };
}

async function createEvent(slug: string, races: ReturnType<typeof raceInput>[]) {
  const res = await request("POST", "/api/v1/events", {
    headers: { authorization: `Bearer ${token}` },
    body: {
      slug,
      name: { en: `Topology ${slug}`, zh: `拓扑 ${slug}` },
      date: dates.date,
      timezone: "Asia/Shanghai",
      status: "published",
      registrationOpensAt: dates.registrationOpensAt,
      registrationClosesAt: dates.registrationClosesAt,
      races,
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

let runner = 0;
/** A registration body for one runner of `race`, with a document and an address of its own. */
function entry(race: string) {
  runner += 1;
  return registrationBody([participant({ race, idNumber: `T${String(runner).padStart(8, "0")}` })], { email: `runner-${runner}@topology.test` });
}

function register(event: string, body: unknown, key: string, from: string, port?: number): Promise<Answer> {
  return request("POST", `/api/v1/events/${event}/registrations`, { from, port, body, headers: { "idempotency-key": key } });
}

const orderCode = (a: Answer) => (a.body as { order?: { code?: string } }).order?.code;
const errorCode = (a: Answer) => (a.body as { error?: { code?: string } }).error?.code;

describe.skipIf(missing !== null)("nginx in front of two app processes on one PostgreSQL", () => {
  beforeAll(async () => {
    postgres = new PrivatePostgres();
    dir = `${postgres.dir}/topology`;
    postgres.start();
    topology("start", dir); // creates the database, migrates it and seeds the demo event
    cli(["user:create", "--email", "timer@topology.test", "--password", "topology-password-1", "--role", "admin"]);
    token = present(cli(["token:create", "--email", "timer@topology.test", "--name", "topology"]).split("\n").pop());
    await createEvent("topology-burst", [raceInput("10k", 50, 8000)]);
    await createEvent("topology-free", [raceInput("5k", 1000, 0)]);
    await createEvent("topology-live", [raceInput("10k", 100, 8000)]);
  }, 900_000);

  afterAll(() => {
    if (dir) {
      try {
        topology("stop", dir);
      } catch (error) {
        console.error(error);
      }
    }
    postgres?.remove();
  });

  it("sells a race of 50 places to 300 clients through nginx exactly, and limits a client by its own address", async () => {
    // 30 client addresses, 10 attempts each: within the limit of 10 a minute per address.
    const answers = await Promise.all(
      Array.from({ length: 300 }, (_, i) => register("topology-burst", entry("10k"), `burst-${i}`, `127.0.0.${10 + (i % 30)}`)),
    );
    const statuses = answers.map((a) => (a.status === 201 ? "201" : `${a.status} ${errorCode(a)}`));
    expect(statuses.filter((s) => s === "201")).toHaveLength(50);
    expect(statuses.filter((s) => s === "409 sold_out")).toHaveLength(250);

    const db = database();
    await db.connect();
    try {
      const codes = answers.filter((a) => a.status === 201).map(orderCode);
      const { rows } = await db.query<{ code: string; n: string }>(
        `select o.code, count(r.id) as n from orders o join registrations r on r.order_id = o.id
         join events e on e.id = o.event_id where e.slug = 'topology-burst' group by o.code`,
      );
      expect(rows.map((r) => r.code).sort()).toEqual([...codes].sort());
      expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
    } finally {
      await db.end();
    }

    // A client that forges X-Forwarded-For is still one address: its 11th attempt in the minute is refused.
    const forged: Answer[] = [];
    for (let i = 0; i < 11; i++) {
      forged.push(await request("POST", "/api/v1/events/topology-burst/registrations", { from: "127.0.0.200", body: entry("10k"), headers: { "x-forwarded-for": `198.51.100.${i}` } }));
    }
    expect(forged.slice(0, 10).map(errorCode)).toEqual(Array(10).fill("sold_out"));
    expect([nth(forged, 10).status, errorCode(nth(forged, 10))]).toEqual([429, "rate_limited"]);
    // Another address is not affected.
    expect(errorCode(await request("POST", "/api/v1/events/topology-burst/registrations", { from: "127.0.0.201", body: entry("10k") }))).toBe("sold_out");
    // Straight to an app, the header counts for nothing: only nginx's address (TRUSTED_PROXIES) may send it.
    const direct: Answer[] = [];
    for (let i = 0; i < 11; i++) {
      direct.push(await request("POST", "/api/v1/events/topology-burst/registrations", { from: "127.0.0.202", port: APP_PORTS[i % 2], body: entry("10k"), headers: { "x-forwarded-for": `198.51.100.${100 + i}` } }));
    }
    expect(direct.slice(0, 10).map(errorCode)).toEqual(Array(10).fill("sold_out"));
    expect([nth(direct, 10).status, errorCode(nth(direct, 10))]).toEqual([429, "rate_limited"]);
  }, 120_000);

  it("shows an import made on process B to a live page on process A within 2 s", async () => {
    const live = openLiveResults(APP_PORTS[0], "topology-live", "10k");
    try {
      await live.waitForVersionAbove(-1, 10_000);
      const before = first(live.versions).version;
      const csv = ["bib,name,gender,age,gun_time", ...Array.from({ length: 20 }, (_, i) => `${i + 1},Runner ${i + 1},${i % 2 ? "F" : "M"},${30 + i},0:${40 + i}:00`)].join("\n");
      const imported = await request("POST", "/api/v1/events/topology-live/races/10k/results", {
        port: APP_PORTS[1],
        body: csv,
        headers: { authorization: `Bearer ${token}`, "content-type": "text/csv" },
      });
      expect(imported.status, JSON.stringify(imported.body)).toBe(200);
      const done = Date.now();
      const seen = await live.waitForVersionAbove(before, 2000);
      expect(seen - done).toBeLessThanOrEqual(2000);
    } finally {
      live.close();
    }
  }, 60_000);

  it("loses no confirmed order when a process is killed during a burst, and a retry with the key gets the same result", async () => {
    const n = 200;
    const bodies = Array.from({ length: n }, () => entry("5k"));
    const from = (i: number) => `127.0.1.${1 + (i % 40)}`; // 5 attempts per address, twice over with the retries
    let answered = 0;
    let killed = false;
    const first = bodies.map((body, i) =>
      register("topology-free", body, `kill-${i}`, from(i)).then(
        (a) => {
          answered += 1;
          return a;
        },
        () => null,
      ),
    );
    // Kill process A once some answers are out and the rest are in flight.
    while (answered < 30) await sleep(5);
    process.kill(appPid(dir, APP_PORTS[0]), "SIGKILL");
    killed = true;
    const firstAnswers = await Promise.all(first);
    expect(killed).toBe(true);

    const lost = firstAnswers.map((a, i) => (a === null || a.status >= 500 ? i : -1)).filter((i) => i >= 0);
    const final = [...firstAnswers];
    for (const i of lost) final[i] = await register("topology-free", bodies[i], `kill-${i}`, from(i));
    // Everyone ends with a confirmed free entry (there are places for all), each key with one order.
    expect(final.map((a) => `${present(a).status} ${(present(a).body as { order?: { status?: string } }).order?.status}`)).toEqual(Array(n).fill("201 paid"));

    const db = database();
    await db.connect();
    try {
      const { rows } = await db.query<{ email: string; code: string; status: string }>(
        `select o.email, o.code, o.status from orders o join events e on e.id = o.event_id where e.slug = 'topology-free'`,
      );
      expect(rows).toHaveLength(n);
      const byEmail = new Map(rows.map((r) => [r.email, r]));
      bodies.forEach((body, i) => {
        const row = byEmail.get((body as { email: string }).email);
        expect(row, `order of client ${i}`).toBeDefined();
        expect(present(row).code).toBe(orderCode(present(final[i])));
        expect(present(row).status).toBe("paid");
      });
    } finally {
      await db.end();
    }
    const replayed = lost.filter((i) => present(final[i]).headers["idempotent-replayed"] === "true").length;
    console.log(`[topology] kill -9 during a burst: ${lost.length} of ${n} clients had no answer and retried with their key; ${replayed} of them got the answer of an order the killed process had committed`);
    expect(lost.length).toBeGreaterThan(0);

    topology("start", dir); // brings process A back for the next story
  }, 300_000);

  it("answers 503 while PostgreSQL restarts, then works again, and the LISTEN clients reconnect", async () => {
    const log: { at: number; status: number | string }[] = [];
    let stop = false;
    let i = 0;
    const traffic = (async () => {
      while (!stop) {
        i += 1;
        const at = Date.now();
        const status = await register("topology-burst", entry("10k"), `restart-${i}`, `127.0.2.${1 + (i % 200)}`).then(
          (a) => (a.status === 409 ? present(errorCode(a)) : a.status),
          (e: Error) => e.message,
        );
        log.push({ at, status });
        await sleep(50);
      }
    })();
    await sleep(1000);
    const stoppedAt = Date.now();
    postgres.stop();
    await sleep(3000);
    postgres.start();
    const startedAt = Date.now();
    await sleep(6000);
    stop = true;
    await traffic;

    // Before the stop: sold_out (the race is full). While it is down: 503. Never 500 or no answer.
    const during = log.filter((l) => l.at > stoppedAt + 200 && l.at < startedAt - 200);
    expect(during.length).toBeGreaterThan(10);
    expect(new Set(during.map((l) => l.status))).toEqual(new Set([503]));
    expect(log.filter((l) => typeof l.status !== "number" && l.status !== "sold_out")).toEqual([]);
    expect(log.filter((l) => l.status === 500)).toEqual([]);
    // Working again within a few seconds of the start, and from then on.
    const firstOk = log.find((l) => l.at > startedAt && l.status === "sold_out");
    expect(firstOk, JSON.stringify(log.slice(-20))).toBeDefined();
    expect(present(firstOk).at - startedAt).toBeLessThan(5000);
    expect(log.filter((l) => l.at > present(firstOk).at).every((l) => l.status === "sold_out")).toBe(true);

    // Each process listens again (a dedicated client per process: server/results/live.ts).
    const db = database();
    await db.connect();
    try {
      let listeners = 0;
      for (let tries = 0; tries < 100 && listeners < 2; tries++) {
        // A page's stream on each process makes sure both use their listener.
        await Promise.all(APP_PORTS.map((port) => request("GET", "/api/v1/events/topology-live/races/10k/results", { port })));
        const { rows } = await db.query<{ n: string }>("select count(*) as n from pg_stat_activity where query ilike 'listen %'");
        listeners = Number(first(rows).n);
        if (listeners < 2) await sleep(200);
      }
      expect(listeners).toBe(2);
    } finally {
      await db.end();
    }
    // And a live page on A hears an import on B again at once.
    const live = openLiveResults(APP_PORTS[0], "topology-live", "10k");
    try {
      await live.waitForVersionAbove(-1, 10_000);
      const before = first(live.versions).version;
      const csv = "bib,name,gender,age,gun_time\n1,Runner 1,M,30,0:39:00\n";
      const imported = await request("POST", "/api/v1/events/topology-live/races/10k/results", { port: APP_PORTS[1], body: csv, headers: { authorization: `Bearer ${token}`, "content-type": "text/csv" } });
      expect(imported.status).toBe(200);
      const done = Date.now();
      expect((await live.waitForVersionAbove(before, 2000)) - done).toBeLessThanOrEqual(2000);
    } finally {
      live.close();
    }
  }, 120_000);
});
