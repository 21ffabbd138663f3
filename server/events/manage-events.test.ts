import { count } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { getConnection } from "../db";
import { eventInput, raceInput } from "../../test/factories";
import { makeStaff, resetDatabase } from "../../test/db";
import { CLI_ACTOR } from "../actor";
import { DomainError } from "../errors";
import { addRace, createEvent, setEventStatus, updateEvent, updateRace } from "./manage-events";
import { getEventWithRaces, getPublicEvent, listEventsForActor, listPublicEvents } from "./queries";
import { presentEvent } from "./present";
import { first, only, present } from "../../core/lists";

async function counts() {
  const { db, schema } = getConnection();
  const [e, r, w, a] = await Promise.all([
    db.select({ n: count() }).from(schema.events).then((rows) => only(rows, "count")),
    db.select({ n: count() }).from(schema.races).then((rows) => only(rows, "count")),
    db.select({ n: count() }).from(schema.waves).then((rows) => only(rows, "count")),
    db.select({ n: count() }).from(schema.auditLog).then((rows) => only(rows, "count")),
  ]);
  return { events: e.n, races: r.n, waves: w.n, audit: a.n };
}

async function expectDomainError(p: Promise<unknown>, code: string): Promise<DomainError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  return error as DomainError;
}

describe(`events on ${process.env.TEST_ENGINE}`, () => {
  beforeEach(resetDatabase);

  it("creates an event with its races and waves, audited, with the distance exact", async () => {
    const organizer = await makeStaff("organizer");
    await createEvent(organizer, eventInput());
    const event = await getEventWithRaces("test-half-2027");
    expect(event?.races.map((r) => r.slug)).toEqual(["half", "fun-run"]);
    const half = first(present(event, "event").races, "race");
    expect(half.distanceMeters).toBe(21097.5);
    expect(half.startTime.toISOString()).toBe("2027-04-17T23:30:00.000Z"); // 07:30 in Shanghai
    expect(half.waves.map((w) => w.name)).toEqual(["A"]);
    const view = presentEvent(present(event, "event"), new Date("2026-12-01T00:00:00Z"));
    expect(view.races[0]).toMatchObject({ startTime: "2027-04-18T07:30:00+08:00", priceCents: 12000, currency: "CNY", placesLeft: 100 });
    expect(view.registrationState).toBe("open");

    const { db, schema } = getConnection();
    const audit = await db.select().from(schema.auditLog);
    expect(audit.map((a) => a.action).sort()).toEqual(["event.create", "race.create", "race.create", "user.create"]);
    expect(audit.find((a) => a.action === "event.create")?.actorUserId).toBe(organizer.userId);
    // The creating organizer organizes the event.
    expect((await listEventsForActor(organizer)).map((e) => [e.slug, e.access])).toEqual([["test-half-2027", "organizer"]]);
  });

  it("refuses a duplicate slug and changes nothing", async () => {
    await createEvent(CLI_ACTOR, eventInput());
    const before = await counts();
    const error = await expectDomainError(createEvent(CLI_ACTOR, eventInput()), "duplicate_slug");
    expect(first(error.issues).path).toBe("slug");
    expect(await counts()).toEqual(before);
  });

  it("lets exactly one of several concurrent creates with one slug through", async () => {
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => createEvent(CLI_ACTOR, eventInput())));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r) => r.status === "rejected")) expect((r.reason as DomainError).code).toBe("duplicate_slug");
    expect((await counts()).races).toBe(2);
  });

  it("refuses overlapping bib ranges within the event, in one request or against another race", async () => {
    const overlapping = eventInput({
      races: [raceInput({ bibRanges: [{ from: 1, to: 500 }] }), raceInput({ slug: "ten-k", bibRanges: [{ from: 400, to: 900 }] })],
    });
    const error = await expectDomainError(createEvent(CLI_ACTOR, overlapping), "bib_ranges_overlap");
    expect(error.issues.map((i) => i.path)).toContain("races.1.bibRanges.0");
    expect((await counts()).events).toBe(0);

    await createEvent(CLI_ACTOR, eventInput());
    const before = await counts();
    await expectDomainError(addRace(CLI_ACTOR, "test-half-2027", raceInput({ slug: "ten-k", bibRanges: [{ from: 50, to: 60 }] })), "bib_ranges_overlap");
    await expectDomainError(updateRace(CLI_ACTOR, "test-half-2027", "fun-run", { bibRanges: [{ from: 90, to: 10050 }] }), "bib_ranges_overlap");
    expect(await counts()).toEqual(before);
    // A race may keep or reshape its own ranges.
    await updateRace(CLI_ACTOR, "test-half-2027", "half", { bibRanges: [{ from: 1, to: 50, reserved: true }, { from: 51, to: 200 }] });
  });

  it.each([
    ["a negative capacity", { capacity: -1 }, "races.0.capacity", "tooSmall"],
    ["a minimum age above the maximum", { minAge: 40, maxAge: 30 }, "races.0.minAge", "minAboveMax"],
    ["a distance that is not a number", { distanceMeters: "abc" }, "races.0.distanceMeters", "invalidType"],
    ["a start time that is not a time", { startTime: "tomorrow" }, "races.0.startTime", "instantFormat"],
    ["a bib range that runs backwards", { bibRanges: [{ from: 9, to: 1 }] }, "races.0.bibRanges.0.to", "rangeOrder"],
    ["age bounds out of order", { ageGroupBounds: [18, 40, 35] }, "races.0.ageGroupBounds.2", "ascending"],
  ])("rejects %s by field and stores nothing", async (_label, change, path, key) => {
    const error = await expectDomainError(createEvent(CLI_ACTOR, eventInput({ races: [raceInput(change)] })), "validation_failed");
    expect(error.issues).toContainEqual(expect.objectContaining({ path, key }));
    expect(await counts()).toEqual({ events: 0, races: 0, waves: 0, audit: 0 });
  });

  it("rejects an unknown timezone and a closing before the opening", async () => {
    const error = await expectDomainError(
      createEvent(CLI_ACTOR, eventInput({ timezone: "Mars/Olympus", registrationClosesAt: "2026-10-01T00:00" })),
      "validation_failed",
    );
    expect(error.issues.map((i) => i.path)).toEqual(expect.arrayContaining(["timezone", "registrationClosesAt"]));
  });

  it("patches an event: localized fields merge, publishing is audited, a no-op writes nothing", async () => {
    await createEvent(CLI_ACTOR, eventInput({ status: "draft" }));
    expect(await getPublicEvent("test-half-2027")).toBeNull();
    await updateEvent(CLI_ACTOR, "test-half-2027", { name: { en: "Renamed Half" } });
    await setEventStatus(CLI_ACTOR, "test-half-2027", "published");
    const event = await getPublicEvent("test-half-2027");
    expect(event).toMatchObject({ nameEn: "Renamed Half", nameZh: "测试半程马拉松", status: "published" });
    expect((await listPublicEvents()).map((e) => e.slug)).toEqual(["test-half-2027"]);
    const before = await counts();
    await updateEvent(CLI_ACTOR, "test-half-2027", { name: { en: "Renamed Half" } });
    expect(await counts()).toEqual(before);
    const { db, schema } = getConnection();
    const actions = (await db.select().from(schema.auditLog)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["event.update", "event.publish"]));
  });

  it("sets the hold time and the refund policy, read in the event's timezone, and refuses bad steps", async () => {
    await createEvent(
      CLI_ACTOR,
      eventInput({ holdMinutes: 30, refundPolicy: [{ until: "2027-02-01T00:00", percent: 100 }, { until: "2027-03-15T00:00", percent: 50 }] }),
    );
    let event = present(await getPublicEvent("test-half-2027"));
    expect(event.holdMinutes).toBe(30);
    // Local midnight in Asia/Shanghai is 16:00 UTC the day before.
    expect(event.refundPolicy).toEqual([
      { until: "2027-01-31T16:00:00.000Z", percent: 100 },
      { until: "2027-03-14T16:00:00.000Z", percent: 50 },
    ]);
    expect(presentEvent(event)).toMatchObject({ holdMinutes: 30, refundPolicy: [{ until: "2027-02-01T00:00:00+08:00", percent: 100 }, { until: "2027-03-15T00:00:00+08:00", percent: 50 }] });

    const before = await counts();
    const bad = await expectDomainError(
      updateEvent(CLI_ACTOR, "test-half-2027", { holdMinutes: 1, refundPolicy: [{ until: "2027-03-01T00:00", percent: 100 }, { until: "2027-04-01T00:00", percent: 120 }] }),
      "validation_failed",
    );
    expect(bad.issues.map((i) => i.path).sort()).toEqual(["holdMinutes", "refundPolicy.1.percent"]);
    const date = await expectDomainError(updateEvent(CLI_ACTOR, "test-half-2027", { refundPolicy: [{ until: "soon", percent: 10 }] }), "validation_failed");
    expect(date.issues).toEqual([{ path: "refundPolicy.0.until", key: "instantFormat" }]);
    expect(await counts()).toEqual(before);
    const order = await expectDomainError(
      updateEvent(CLI_ACTOR, "test-half-2027", { refundPolicy: [{ until: "2027-03-01T00:00", percent: 100 }, { until: "2027-02-01T00:00", percent: 50 }] }),
      "validation_failed",
    );
    expect(order.issues).toEqual([{ path: "refundPolicy.1.until", key: "laterThanPrevious" }]);

    await updateEvent(CLI_ACTOR, "test-half-2027", { refundPolicy: [] });
    event = present(await getPublicEvent("test-half-2027"));
    expect(event).toMatchObject({ holdMinutes: 30, refundPolicy: [] });
  });

  it("patches a race: waves keep their ids by name, a single price replaces the tiers", async () => {
    await createEvent(CLI_ACTOR, eventInput());
    const waveA = first(first(present(await getEventWithRaces("test-half-2027"), "event").races).waves);
    await updateRace(CLI_ACTOR, "test-half-2027", "half", {
      priceCents: 15000,
      waves: [
        { name: "A", startTime: "2027-04-18T07:35" },
        { name: "B", startTime: "2027-04-18T07:45" },
      ],
    });
    const race = first(present(await getEventWithRaces("test-half-2027"), "event").races);
    expect(race.priceTiers).toEqual([{ priceCents: 15000, startsAt: null, endsAt: null, label: null }]);
    expect(race.waves.map((w) => [w.name, w.id === waveA.id])).toEqual([["A", true], ["B", false]]);
    expect(first(race.waves).startTime.toISOString()).toBe("2027-04-17T23:35:00.000Z");
    await expectDomainError(updateRace(CLI_ACTOR, "test-half-2027", "half", { minAge: 80 }), "validation_failed");
    await expectDomainError(updateRace(CLI_ACTOR, "test-half-2027", "nope", { minAge: 20 }), "not_found");
  });

  it("enforces who may change what", async () => {
    const organizer = await makeStaff("organizer");
    await createEvent(organizer, eventInput());
    const event = present(await getEventWithRaces("test-half-2027"), "event");
    const other = await makeStaff("organizer");
    const volunteer = await makeStaff("volunteer", [{ eventId: event.id, role: "volunteer" }]);
    await expectDomainError(createEvent(volunteer, eventInput({ slug: "v-event" })), "forbidden");
    await expectDomainError(updateEvent(volunteer, "test-half-2027", { status: "draft" }), "forbidden");
    await expectDomainError(updateEvent(other, "test-half-2027", { status: "draft" }), "forbidden");
    await expectDomainError(updateRace(other, "test-half-2027", "half", { capacity: 5 }), "forbidden");
    await expectDomainError(addRace(other, "test-half-2027", raceInput({ slug: "x", bibRanges: [] })), "forbidden");
    expect(first(present(await getEventWithRaces("test-half-2027"), "event").races).capacity).toBe(100);
    await updateRace(organizer, "test-half-2027", "half", { capacity: 5 });
    expect((await listEventsForActor(volunteer)).map((e) => e.access)).toEqual(["volunteer"]);
    expect(await listEventsForActor(other)).toEqual([]);
  });
});
