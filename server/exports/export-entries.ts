/**
 * The rows behind every export of an event's entries: the timing start list (API `entries`, JSON and CSV) and
 * the printer's files (bib list CSV/XLSX, bib sheet PDF). One query with its joins (race, wave), sorted here in a
 * stable order: race (the event's order), bib (numeric bibs by number, then other bibs by text, entries without a
 * bib last), then name, then id. 8,000 entries are one query and a sort of a few milliseconds
 * (server/exports/*.test.ts measures it).
 *
 * Only the event's organizers and admins may export (volunteers and other organizers: forbidden). ID numbers
 * are never read here, so no export can carry them.
 */
import "server-only";
import { and, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { compareBibs } from "../../core/bibs";
import { effectiveStatus } from "../../core/places";
import { personText } from "../../core/text";
import { fromZodIssues } from "../../core/validation";
import { getConnection } from "../db";
import { REGISTRATION_STATUSES, type RegistrationStatus } from "../../core/domain";
import type { Actor } from "../actor";
import { eventForEditor } from "../events/queries";
import { DomainError } from "../errors";
import { ranOutHoldSql, runningHoldSql } from "../registration/holds";

/** `status` of the start list: one status, or `all`; the default is `confirmed` (the entries that start). */
export const START_LIST_STATUSES = [...REGISTRATION_STATUSES, "all"] as const;
export type StartListStatus = (typeof START_LIST_STATUSES)[number];

export interface ExportFilters {
  race?: string;
  wave?: string;
  status: StartListStatus;
}

export interface ExportEvent {
  id: string;
  slug: string;
  nameEn: string;
  nameZh: string;
  /** Race day, `YYYY-MM-DD`, the calendar date in the event's timezone. */
  date: string;
  timezone: string;
}

/** One entry as every export reads it. */
export interface ExportRow {
  id: string;
  bib: string | null;
  familyName: string;
  givenName: string;
  latinName: string | null;
  gender: string;
  birthDate: string;
  nationality: string;
  /** As the organizers' list shows it: a hold that ran out reads `expired`. */
  status: RegistrationStatus;
  race: { slug: string; nameEn: string; nameZh: string; startTime: Date };
  wave: { name: string; startTime: Date } | null;
  tshirtSize: string | null;
  emergencyName: string;
  emergencyPhone: string;
}

export interface ExportSet {
  event: ExportEvent;
  filters: ExportFilters;
  rows: ExportRow[];
}

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const filterSchema = z.object({
  // Typed text (core/text.ts): a control character is a 422 on its parameter, never a query.
  race: z.preprocess(blankToUndefined, personText({ max: 100 }).optional()),
  wave: z.preprocess(blankToUndefined, personText({ max: 100 }).optional()),
  status: z.preprocess(blankToUndefined, z.enum(START_LIST_STATUSES).optional()),
});

/** Validates `race`, `wave` and `status`; a bad value is a 422 with the parameter as the field. */
export function parseExportFilters(raw: Record<string, string | undefined>): ExportFilters {
  const parsed = filterSchema.safeParse({ race: raw.race, wave: raw.wave, status: raw.status });
  if (!parsed.success) throw new DomainError("validation_failed", "The export parameters are not valid; see the fields.", fromZodIssues(parsed.error.issues));
  return { race: parsed.data.race, wave: parsed.data.wave, status: parsed.data.status ?? "confirmed" };
}

/** The event by slug, for its organizers and admins only (404 unknown, 403 anyone else). */
export async function authorizeExport(actor: Actor, eventSlug: string): Promise<ExportEvent> {
  return eventForEditor(actor, eventSlug);
}

/** The race and wave ids the filters name (422 when the event has no such race, or no such wave in it). */
async function resolveFilters(event: ExportEvent, filters: ExportFilters): Promise<{ raceId?: string; waveIds?: string[] }> {
  if (!filters.race && !filters.wave) return {};
  const { db, schema } = getConnection();
  let raceId: string | undefined;
  if (filters.race) {
    const [race] = await db
      .select({ id: schema.races.id })
      .from(schema.races)
      .where(and(eq(schema.races.eventId, event.id), eq(schema.races.slug, filters.race)));
    if (!race) throw new DomainError("validation_failed", `"${filters.race}" is not a race of this event.`, [{ path: "race", key: "unknownRace" }]);
    raceId = race.id;
  }
  if (!filters.wave) return { raceId };
  // Wave names are unique within a race; without a race, the wave of that name in every race.
  const waves = await db
    .select({ id: schema.waves.id })
    .from(schema.waves)
    .innerJoin(schema.races, eq(schema.races.id, schema.waves.raceId))
    .where(and(eq(schema.races.eventId, event.id), eq(schema.waves.name, filters.wave), raceId ? eq(schema.races.id, raceId) : undefined));
  if (waves.length === 0) throw new DomainError("validation_failed", `"${filters.wave}" is not a wave of ${filters.race ? "this race" : "this event"}.`, [{ path: "wave", key: "unknownWave" }]);
  return { raceId, waveIds: waves.map((w) => w.id) };
}

/** The status as the organizers' list reads it: a hold that ran out is expired, swept or not. */
function statusCondition(status: StartListStatus, now: Date): SQL | undefined {
  const r = getConnection().schema.registrations;
  if (status === "all") return undefined;
  if (status === "held") return runningHoldSql(now);
  if (status === "expired") return or(eq(r.status, "expired"), ranOutHoldSql(now));
  return eq(r.status, status);
}

function compareText(a: string | null, b: string | null): number {
  const x = a ?? "";
  const y = b ?? "";
  return x === y ? 0 : x < y ? -1 : 1;
}

/**
 * The entries of an event that the filters select, in the exports' order. `options.withBib` keeps only entries
 * that have a bib (the printer's files). Throws DomainError not_found / forbidden / validation_failed before
 * reading any entry.
 */
export async function loadExportRows(
  actor: Actor,
  eventSlug: string,
  raw: Record<string, string | undefined>,
  options: { now?: Date; withBib?: boolean; status?: StartListStatus } = {},
): Promise<ExportSet> {
  const now = options.now ?? new Date();
  const event = await authorizeExport(actor, eventSlug);
  const filters = parseExportFilters(options.status ? { ...raw, status: options.status } : raw);
  const { raceId, waveIds } = await resolveFilters(event, filters);
  const { db, schema } = getConnection();
  const r = schema.registrations;
  const rows = await db
    .select({
      id: r.id,
      bib: r.bib,
      familyName: r.familyName,
      givenName: r.givenName,
      latinName: r.latinName,
      gender: r.gender,
      birthDate: r.birthDate,
      nationality: r.nationality,
      status: r.status,
      holdExpiresAt: r.holdExpiresAt,
      tshirtSize: r.tshirtSize,
      emergencyName: r.emergencyName,
      emergencyPhone: r.emergencyPhone,
      raceSlug: schema.races.slug,
      raceNameEn: schema.races.nameEn,
      raceNameZh: schema.races.nameZh,
      raceStart: schema.races.startTime,
      racePosition: schema.races.position,
      waveName: schema.waves.name,
      waveStart: schema.waves.startTime,
    })
    .from(r)
    .innerJoin(schema.races, eq(schema.races.id, r.raceId))
    .leftJoin(schema.waves, eq(schema.waves.id, r.waveId))
    .where(
      and(
        eq(r.eventId, event.id),
        raceId ? eq(r.raceId, raceId) : undefined,
        waveIds ? inArray(r.waveId, waveIds) : undefined,
        statusCondition(filters.status, now),
        options.withBib ? sql`${r.bib} is not null` : undefined,
      ),
    );
  rows.sort(
    (a, b) =>
      a.racePosition - b.racePosition ||
      compareText(a.raceSlug, b.raceSlug) ||
      compareBibs(a.bib, b.bib) ||
      compareText(a.familyName, b.familyName) ||
      compareText(a.givenName, b.givenName) ||
      compareText(a.latinName, b.latinName) ||
      compareText(a.id, b.id),
  );
  return {
    event,
    filters,
    rows: rows.map((row) => ({
      id: row.id,
      bib: row.bib,
      familyName: row.familyName,
      givenName: row.givenName,
      latinName: row.latinName,
      gender: row.gender,
      birthDate: row.birthDate,
      nationality: row.nationality,
      status: effectiveStatus(row, now),
      race: { slug: row.raceSlug, nameEn: row.raceNameEn, nameZh: row.raceNameZh, startTime: row.raceStart },
      wave: row.waveName !== null && row.waveStart !== null ? { name: row.waveName, startTime: row.waveStart } : null,
      tshirtSize: row.tshirtSize,
      emergencyName: row.emergencyName,
      emergencyPhone: row.emergencyPhone,
    })),
  };
}

export interface ExportSummary {
  /** Confirmed entries per race (the event's order), with how many have a bib. */
  races: { slug: string; nameEn: string; nameZh: string; confirmed: number; withBib: number; waves: string[] }[];
  confirmed: number;
  withBib: number;
}

/** Counts for the exports page: confirmed entries per race and how many of them have a bib yet. */
export async function exportSummary(actor: Actor, eventSlug: string): Promise<{ event: ExportEvent; summary: ExportSummary }> {
  const event = await authorizeExport(actor, eventSlug);
  const { db, schema } = getConnection();
  const r = schema.registrations;
  const [races, counts, waves] = await Promise.all([
    db
      .select({ id: schema.races.id, slug: schema.races.slug, nameEn: schema.races.nameEn, nameZh: schema.races.nameZh, position: schema.races.position })
      .from(schema.races)
      .where(eq(schema.races.eventId, event.id)),
    db
      .select({
        raceId: r.raceId,
        confirmed: sql<number>`count(*)`.mapWith(Number),
        withBib: sql<number>`count(${r.bib})`.mapWith(Number),
      })
      .from(r)
      .where(and(eq(r.eventId, event.id), eq(r.status, "confirmed")))
      .groupBy(r.raceId),
    db
      .select({ raceId: schema.waves.raceId, name: schema.waves.name, position: schema.waves.position })
      .from(schema.waves)
      .innerJoin(schema.races, eq(schema.races.id, schema.waves.raceId))
      .where(eq(schema.races.eventId, event.id)),
  ]);
  races.sort((a, b) => a.position - b.position || compareText(a.slug, b.slug));
  waves.sort((a, b) => a.position - b.position || compareText(a.name, b.name));
  const byRace = new Map(counts.map((c) => [c.raceId, c]));
  const list = races.map((race) => ({
    slug: race.slug,
    nameEn: race.nameEn,
    nameZh: race.nameZh,
    confirmed: byRace.get(race.id)?.confirmed ?? 0,
    withBib: byRace.get(race.id)?.withBib ?? 0,
    waves: waves.filter((w) => w.raceId === race.id).map((w) => w.name),
  }));
  return {
    event,
    summary: { races: list, confirmed: list.reduce((s, x) => s + x.confirmed, 0), withBib: list.reduce((s, x) => s + x.withBib, 0) },
  };
}
