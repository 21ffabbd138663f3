/**
 * What a pickup desk sees of one entry (the runner card), how an entry is found from what the desk was handed (a
 * scanned code, a bib, or an entry picked from a search), and who may work a desk: the event's volunteers and
 * organizers, and admins (issue 4, "Packet pickup").
 *
 * The card shows what the desk must check and hand over: the name in both scripts, race, bib, wave, shirt size, the
 * ID document masked to its last four characters, and for a runner under 18 on race day the guardian's name and
 * phone (the adult collecting the packet). Nothing else of the entry leaves this module.
 */
import { and, eq, inArray, type SQL } from "drizzle-orm";
import { ageOnDate, isMinor } from "../../core/age";
import { bibCandidates } from "../../core/bibs";
import { maskIdNumber } from "../../core/id-number";
import { nativeName } from "../../core/names";
import { effectiveStatus } from "../../core/places";
import { getConnection } from "../db";
import type { Gender, RegistrationStatus } from "../../core/domain";
import type { Actor } from "../actor";
import type { EventAccess } from "../auth/policy";
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
export function selectRunnerRows() {
  const { db, schema } = getConnection();
  const r = schema.registrations;
  const p = schema.pickups;
  return db
    .select({
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
    })
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

/** The entry of this event that the key names, or null (an unknown code, a bib no one has, another event's entry). */
export async function findEntryRow(eventId: string, key: PickupKey): Promise<RunnerRow | null> {
  const r = getConnection().schema.registrations;
  let condition: SQL;
  switch (key.kind) {
    case "code":
      condition = eq(r.pickupToken, key.code);
      break;
    case "bib":
      condition = inArray(r.bib, bibCandidates(key.bib));
      break;
    case "registration":
      if (!UUID.test(key.registrationId)) return null;
      condition = eq(r.id, key.registrationId);
      break;
  }
  const [row] = await selectRunnerRows()
    .where(and(eq(r.eventId, eventId), condition))
    .limit(1);
  return row ?? null;
}
