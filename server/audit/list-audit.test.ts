/**
 * The audit log page's query on both engines: newest first and paged; filters by who (address, label, label
 * prefix), action (exact or prefix, with LIKE's wildcards taken literally), entity, event (worked out from the
 * row's entity: the event itself, its races, discount codes, orders, entries and invitations) and time (local
 * time in the page's zone); admins read everything, an organizer only the rows of the events they organize,
 * volunteers nothing.
 */
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { getConnection, withTransaction } from "../db";
import { makeStaff, resetDatabase } from "../../test/db";
import { eventInput, participant, registrationBody } from "../../test/factories";
import { CLI_ACTOR, type Actor } from "../actor";
import { createApiToken } from "../auth/tokens";
import { DomainError } from "../errors";
import { createDiscountCode } from "../events/discount-codes";
import { createEvent, updateRace } from "../events/manage-events";
import { registerEntries } from "../registration/register";
import { inviteStaff } from "../staff/invitations";
import { AUDIT_PAGE_SIZE, listAudit } from "./list-audit";
import { recordAudit, recordAuditMany } from "./record-audit";
import { first as firstOf, nth } from "../../core/lists";

const MINE = "audit-mine-2027";
const THEIRS = "audit-theirs-2027";

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "expected a DomainError").toBeInstanceOf(DomainError);
  return error as DomainError;
}

async function emailOf(actor: Actor & { kind: "user" }): Promise<string> {
  const { db, schema } = getConnection();
  const u = firstOf(await db.select({ email: schema.users.email }).from(schema.users).where(eq(schema.users.id, actor.userId)));
  return u.email;
}

describe(`audit log listing on ${process.env.TEST_ENGINE}`, () => {
  let admin: Actor & { kind: "user" };
  let organizer: Actor & { kind: "user" };
  let other: Actor & { kind: "user" };

  beforeEach(async () => {
    await resetDatabase();
    admin = await makeStaff("admin");
    organizer = await makeStaff("organizer");
    other = await makeStaff("organizer");
    await createEvent(organizer, eventInput({ slug: MINE }));
    await createEvent(other, eventInput({ slug: THEIRS }));
    await updateRace(organizer, MINE, "half", { capacity: 777 });
    await createDiscountCode(organizer, MINE, { code: "MINE10", kind: "percent", value: 10 });
    await createDiscountCode(other, THEIRS, { code: "THEIRS10", kind: "percent", value: 10 });
    await registerEntries(MINE, registrationBody([participant()]), { clientIp: "203.0.113.7" });
    await registerEntries(THEIRS, registrationBody([participant()]), { clientIp: "203.0.113.8" });
    await inviteStaff(admin, MINE, { email: "helper@example.com", role: "volunteer" });
    await inviteStaff(admin, THEIRS, { email: "helper@example.com", role: "volunteer" });
    await createApiToken(CLI_ACTOR, { email: await emailOf(organizer) });
  });

  it("gives admins every row, newest first, with the event each belongs to", async () => {
    const page = await listAudit(admin, {});
    expect(page.scope).toBe("all");
    const { db, schema } = getConnection();
    const all = await db.select().from(schema.auditLog);
    expect(page.total).toBe(all.length);
    const times = page.rows.map((r) => r.at.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const byAction = (action: string) => page.rows.filter((r) => r.action === action);
    expect(byAction("race.update").map((r) => r.event?.slug)).toEqual([MINE]);
    expect(byAction("discount_code.create").map((r) => r.event?.slug).sort()).toEqual([MINE, THEIRS].sort());
    expect(byAction("order.create").map((r) => r.event?.slug).sort()).toEqual([MINE, THEIRS].sort());
    expect(byAction("staff.invite").map((r) => r.event?.slug).sort()).toEqual([MINE, THEIRS].sort());
    expect(byAction("token.create").map((r) => r.event)).toEqual([null]);
    expect(byAction("user.create").every((r) => r.event === null)).toBe(true);
    expect(firstOf(byAction("staff.invite")).actorEmail).toBe(await emailOf(admin));
  });

  it("shows an organizer only the rows of the events they organize; volunteers nothing", async () => {
    const page = await listAudit(organizer, {});
    expect(page.scope).toBe("events");
    expect(page.rows.length).toBeGreaterThan(0);
    expect(page.total).toBe(page.rows.length);
    expect(new Set(page.rows.map((r) => r.event?.slug))).toEqual(new Set([MINE]));
    expect(new Set(page.rows.map((r) => r.action))).toEqual(new Set(["discount_code.create", "event.create", "order.create", "race.create", "race.update", "staff.invite"]));
    // The other event, asked for by name, is still out of reach.
    expect((await listAudit(organizer, { event: THEIRS })).rows).toEqual([]);
    const volunteer = await makeStaff("volunteer");
    expect((await refusal(listAudit(volunteer, {}))).code).toBe("forbidden");
  });

  it("filters by who: an address, a label, or the start of a label", async () => {
    const organizerEmail = await emailOf(organizer);
    const mine = await listAudit(admin, { who: organizerEmail.toUpperCase() });
    expect(mine.rows.length).toBeGreaterThan(0);
    expect(mine.rows.every((r) => r.actorEmail === organizerEmail)).toBe(true);
    const cli = await listAudit(admin, { who: "cli" });
    expect(new Set(cli.rows.map((r) => r.action))).toEqual(new Set(["user.create", "token.create"]));
    const users = await listAudit(admin, { who: "user" });
    expect(users.rows.every((r) => r.actorLabel.startsWith("user:"))).toBe(true);
    expect(users.total).toBe((await listAudit(admin, {})).total - cli.total - (await listAudit(admin, { who: "registrant" })).total);
    expect((await listAudit(admin, { who: "nobody@example.com" })).total).toBe(0);
  });

  it("filters by action (exact or prefix, wildcards literal), entity and event", async () => {
    await withTransaction((tx) => recordAudit(tx, CLI_ACTOR, { action: "discountXcode.create", entityType: "test", entityId: "x" }));
    const codes = await listAudit(admin, { action: "discount_code." });
    expect(codes.rows.map((r) => r.action)).toEqual(["discount_code.create", "discount_code.create"]);
    expect((await listAudit(admin, { action: "race.update" })).rows).toHaveLength(1);
    const { db, schema } = getConnection();
    const races = await db.select().from(schema.races);
    expect((await listAudit(admin, { action: "race" })).rows.map((r) => r.action).sort()).toEqual([...races.map(() => "race.create"), "race.update"]);

    const race = firstOf((await listAudit(admin, { action: "race.update" })).rows);
    const byEntity = await listAudit(admin, { entityType: "race", entityId: race.entityId });
    expect(byEntity.rows.map((r) => r.action).sort()).toEqual(["race.create", "race.update"]);
    expect((await listAudit(admin, { entityType: "api_token" })).rows.map((r) => r.action)).toEqual(["token.create"]);

    const theirs = await listAudit(admin, { event: THEIRS });
    expect(theirs.rows.every((r) => r.event?.slug === THEIRS)).toBe(true);
    expect(new Set(theirs.rows.map((r) => r.action))).toEqual(new Set(["discount_code.create", "event.create", "order.create", "race.create", "staff.invite"]));
    expect((await listAudit(admin, { event: "no-such-event" })).total).toBe(0);
  });

  it("filters by time in the page's zone, a date alone meaning its whole day", async () => {
    const at = (iso: string) => new Date(iso);
    await withTransaction(async (tx) => {
      await recordAudit(tx, CLI_ACTOR, { action: "test.before", entityType: "test", entityId: "1" }, at("2027-01-01T15:59:00Z")); // 23:59 in Shanghai
      await recordAudit(tx, CLI_ACTOR, { action: "test.inside", entityType: "test", entityId: "2" }, at("2027-01-01T16:00:00Z")); // 2 Jan 00:00
      await recordAudit(tx, CLI_ACTOR, { action: "test.inside", entityType: "test", entityId: "3" }, at("2027-01-02T15:59:59Z")); // 2 Jan 23:59:59
      await recordAudit(tx, CLI_ACTOR, { action: "test.after", entityType: "test", entityId: "4" }, at("2027-01-02T16:00:00Z")); // 3 Jan
    });
    const day = await listAudit(admin, { action: "test.", from: "2027-01-02", to: "2027-01-02" }, { zone: "Asia/Shanghai" });
    expect(day.rows.map((r) => r.entityId)).toEqual(["3", "2"]);
    const window = await listAudit(admin, { action: "test.", from: "2027-01-01T23:59", to: "2027-01-02T00:00:01+08:00" }, { zone: "Asia/Shanghai" });
    expect(window.rows.map((r) => r.entityId)).toEqual(["2", "1"]);
    const bad = await refusal(listAudit(admin, { from: "yesterday" }));
    expect(bad.code).toBe("validation_failed");
    expect(bad.issues.map((i) => i.path)).toEqual(["from"]);
  });

  it("pages through long lists without gaps or repeats", async () => {
    const at = new Date("2027-03-01T00:00:00Z");
    await withTransaction((tx) =>
      recordAuditMany(
        tx,
        CLI_ACTOR,
        Array.from({ length: AUDIT_PAGE_SIZE + 7 }, (_, i) => ({ action: "bulk.step", entityType: "test", entityId: String(i) })),
        at,
      ),
    );
    const first = await listAudit(admin, { action: "bulk." });
    const second = await listAudit(admin, { action: "bulk.", page: "2" });
    expect(first.total).toBe(AUDIT_PAGE_SIZE + 7);
    expect(first.rows).toHaveLength(AUDIT_PAGE_SIZE);
    expect(second.rows).toHaveLength(7);
    const ids = [...first.rows, ...second.rows].map((r) => r.entityId);
    expect(new Set(ids).size).toBe(AUDIT_PAGE_SIZE + 7);
    // Same instant: newest id first.
    expect(firstOf(first.rows).id).toBeGreaterThan(nth(first.rows, 1).id);
    expect((await refusal(listAudit(admin, { page: "0" }))).issues.map((i) => i.path)).toEqual(["page"]);
  });
});
