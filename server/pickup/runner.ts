/**
 * What a pickup desk sees of one entry (the runner card), how an entry is found from what the desk was handed (a
 * scanned code, a bib, or an entry picked from a search), and who may work a desk: the event's volunteers and
 * organizers, and admins (issue 4, "Packet pickup").
 *
 * The card shows what the desk must check and hand over: the name in both scripts, race, bib, wave, shirt size, the
 * ID document masked to its last four characters, and for a runner under 18 on race day the guardian's name and
 * phone (the adult collecting the packet). Nothing else of the entry leaves this module.
 */
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { first } from "../../core/lists";
import { ageOnDate, isMinor } from "../../core/age";
import { bibCandidates } from "../../core/bibs";
import { maskIdNumber } from "../../core/id-number";
import { nativeName } from "../../core/names";
import { effectiveStatus } from "../../core/places";
import { getConnection, preparedQuery } from "../db";
import type { Schema } from "../../db";
import type { Gender, RegistrationStatus } from "../../core/domain";
import type { Actor } from "../actor";
import { accessFromRole, noEventAccess, type EventAccess } from "../auth/policy";
import { isSlug } from "../../core/event-input";
import { DomainError } from "../errors";
import { eventForViewer } from "../events/queries";
import type { PickupKey } from "./input";

export interface PickupRunner {
  registrationId: string;
  /** `held` only while its hold runs; a hold that ran out reads `expired`. */
  status: RegistrationStatus;
  name: { native: string; latin: string | null };
  gender: Gender;
  race: { slug: string; name: { en: string; zh: string } };
  bib: string | null;
  wave: string | null;
  tshirtSize: string | null;
  idType: string;
  /** Masked: only the last four characters are shown. */
  idNumber: string;
  ageOnRaceDay: number;
  minor: boolean;
  /** For a minor only: who must collect (or be present), to check against their document. */
  guardian: { name: string | null; phone: string | null } | null;
  /** The packet's handover, when it has happened. */
  pickup: { at: string; desk: string } | null;
}

export interface DeskEvent {
  id: string;
  slug: string;
  date: string;
  timezone: string;
  name: { en: string; zh: string };
  access: Exclude<EventAccess, null>;
}

/** The event by slug (404) after checking the actor works on it: its volunteers and organizers, and admins (403). */
export async function deskEventOrThrow(actor: Actor, eventSlug: string): Promise<DeskEvent> {
  const { event, access } = await eventForViewer(actor, eventSlug);
  return { id: event.id, slug: event.slug, date: event.date, timezone: event.timezone, name: { en: event.nameEn, zh: event.nameZh }, access };
}

/** The columns a card needs (and no more: a bib look-up is the desk's hot path, bench/run.ts). */
function runnerColumns(schema: Schema) {
  const r = schema.registrations;
  const p = schema.pickups;
  return {
    id: r.id,
    status: r.status,
    holdExpiresAt: r.holdExpiresAt,
    familyName: r.familyName,
    givenName: r.givenName,
    latinName: r.latinName,
    gender: r.gender,
    birthDate: r.birthDate,
    idType: r.idType,
    idNumber: r.idNumber,
    tshirtSize: r.tshirtSize,
    guardianName: r.guardianName,
    guardianPhone: r.guardianPhone,
    bib: r.bib,
    raceSlug: schema.races.slug,
    raceNameEn: schema.races.nameEn,
    raceNameZh: schema.races.nameZh,
    wave: schema.waves.name,
    pickupAt: p.at,
    pickupDesk: p.desk,
  };
}

/** A card's rows: an entry with its race, wave and pickup. */
export function selectRunnerRows() {
  const { db, schema } = getConnection();
  const r = schema.registrations;
  const p = schema.pickups;
  return db
    .select(runnerColumns(schema))
    .from(r)
    .innerJoin(schema.races, eq(schema.races.id, r.raceId))
    .leftJoin(schema.waves, eq(schema.waves.id, r.waveId))
    .leftJoin(p, eq(p.registrationId, r.id));
}

export type RunnerRow = Awaited<ReturnType<ReturnType<typeof selectRunnerRows>["where"]>>[number];

export function presentRunner(row: RunnerRow, event: Pick<DeskEvent, "date">, now: Date): PickupRunner {
  const age = ageOnDate(row.birthDate, event.date);
  const minor = isMinor(age);
  return {
    registrationId: row.id,
    status: effectiveStatus(row, now),
    name: { native: nativeName(row), latin: row.latinName },
    gender: row.gender,
    race: { slug: row.raceSlug, name: { en: row.raceNameEn, zh: row.raceNameZh } },
    bib: row.bib,
    wave: row.wave,
    tshirtSize: row.tshirtSize,
    idType: row.idType,
    idNumber: maskIdNumber(row.idNumber),
    ageOnRaceDay: age,
    minor,
    guardian: minor ? { name: row.guardianName, phone: row.guardianPhone } : null,
    pickup: row.pickupAt ? { at: row.pickupAt.toISOString(), desk: row.pickupDesk ?? "" } : null,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What finds the entry a key names among the registrations (null: the key can name none). */
function entryCondition(key: PickupKey): SQL | null {
  const r = getConnection().schema.registrations;
  switch (key.kind) {
    case "code":
      return eq(r.pickupToken, key.code);
    case "bib":
      return inArray(r.bib, bibCandidates(key.bib));
    case "registration":
      return UUID.test(key.registrationId) ? eq(r.id, key.registrationId) : null;
  }
}

/** The entry of this event that the key names, or null (an unknown code, a bib no one has, another event's entry). */
export async function findEntryRow(eventId: string, key: PickupKey): Promise<RunnerRow | null> {
  const r = getConnection().schema.registrations;
  const condition = entryCondition(key);
  if (!condition) return null;
  const [row] = await selectRunnerRows()
    .where(and(eq(r.eventId, eventId), condition))
    .limit(1);
  return row ?? null;
}

/** How many spellings of a bib the prepared look-up takes (bibCandidates gives at most this many). */
const BIB_SPELLINGS = 4;

/** The desk's one-query look-up for a kind of key, prepared once per connection (server/db.ts preparedQuery). */
function deskLookupQuery(kind: PickupKey["kind"]) {
  return preparedQuery(`pickup_desk_lookup_${kind}`, (db, schema, name) => {
    const e = schema.events;
    const er = schema.eventRoles;
    const r = schema.registrations;
    const p = schema.pickups;
    const entry =
      kind === "code"
        ? eq(r.pickupToken, sql.placeholder("code"))
        : kind === "bib"
          ? inArray(r.bib, Array.from({ length: BIB_SPELLINGS }, (_, i) => sql.placeholder(`bib${i}`)))
          : eq(r.id, sql.placeholder("registrationId"));
    return db
      .select({
        event: { id: e.id, slug: e.slug, date: e.date, timezone: e.timezone, nameEn: e.nameEn, nameZh: e.nameZh },
        eventRole: er.role,
        entry: runnerColumns(schema),
      })
      .from(e)
      .leftJoin(er, and(eq(er.eventId, e.id), eq(er.userId, sql.placeholder("userId"))))
      .leftJoin(r, and(eq(r.eventId, e.id), entry))
      .leftJoin(schema.races, eq(schema.races.id, r.raceId))
      .leftJoin(schema.waves, eq(schema.waves.id, r.waveId))
      .leftJoin(p, eq(p.registrationId, r.id))
      .where(eq(e.slug, sql.placeholder("slug")))
      .limit(1)
      .prepare(name);
  });
}

/** The placeholder values of a key for deskLookupQuery. */
function keyValues(key: PickupKey): Record<string, string> {
  switch (key.kind) {
    case "code":
      return { code: key.code };
    case "bib": {
      const spellings = bibCandidates(key.bib);
      // Fewer spellings than placeholders: the first again (the same bib matches once).
      return Object.fromEntries(Array.from({ length: BIB_SPELLINGS }, (_, i) => [`bib${i}`, spellings[i] ?? first(spellings, "bib spelling")]));
    }
    case "registration":
      return { registrationId: key.registrationId };
  }
}

/**
 * deskEventOrThrow and findEntryRow in one indexed query, prepared once (the desk's hot path: a look-up by bib or
 * code, bench/run.ts): the event by its unique slug, the actor's role on it by the role's primary key, and the entry
 * the key names by the event's unique bib (or pickup code, or id), with the card's race, wave and handover. The same
 * answers and refusals, in the same order: 404 for an unknown event, 403 for an actor who does not work on it, then
 * the entry or null.
 */
export async function deskEventAndEntry(actor: Actor, eventSlug: string, key: PickupKey): Promise<{ event: DeskEvent; row: RunnerRow | null }> {
  const searchable = key.kind !== "registration" || UUID.test(key.registrationId);
  if (!isSlug(eventSlug) || !searchable || (key.kind === "bib" && bibCandidates(key.bib).length > BIB_SPELLINGS)) {
    const event = await deskEventOrThrow(actor, eventSlug);
    return { event, row: await findEntryRow(event.id, key) };
  }
  // An admin's (or the CLI's) access does not depend on a role: an id no user has finds none.
  const userId = actor.kind === "user" && actor.role !== "admin" ? actor.userId : "";
  const [found] = await deskLookupQuery(key.kind).execute({ slug: eventSlug, userId, ...keyValues(key) });
  if (!found) throw new DomainError("not_found", `No event "${eventSlug}".`);
  const access = accessFromRole(actor, found.eventRole);
  if (!access) throw noEventAccess();
  const { id, slug, date, timezone, nameEn, nameZh } = found.event;
  const event: DeskEvent = { id, slug, date, timezone, name: { en: nameEn, zh: nameZh }, access };
  // No entry: the left-joined columns are all null (drizzle may give the nested object as null).
  return { event, row: found.entry?.id ? (found.entry as RunnerRow) : null };
}
