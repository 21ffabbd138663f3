/**
 * The start list a timing system imports (GET /api/v1/events/{event}/entries and entries.csv, docs/api.md):
 * bib, names (native and Latin), gender, birth date, age on race day, nationality, race, wave, start time,
 * status. Confirmed entries by default. No ID numbers, no contact details.
 */
import "server-only";
import { stringify } from "csv-stringify/sync";
import { ageOnDate } from "../../core/age";
import { formatInZone } from "../../core/time";
import type { Actor } from "../actor";
import { loadExportRows, type ExportRow, type ExportSet, type StartListStatus } from "./export-entries";
import { neutralizeCsvCell } from "./formula-guard";

export interface StartListEntry {
  id: string;
  bib: string | null;
  familyName: string;
  givenName: string;
  latinName: string | null;
  gender: string;
  birthDate: string;
  /** Whole years on the event's date, in its timezone (core/age.ts). */
  ageOnRaceDay: number;
  nationality: string;
  /** The race's slug. */
  race: string;
  /** The wave's name, or null. */
  wave: string | null;
  /** The gun start of the entry's wave, or of its race without a wave; with the event's offset. */
  startTime: string;
  status: string;
}

export interface StartList {
  event: { slug: string; date: string; timezone: string };
  filters: { race: string | null; wave: string | null; status: StartListStatus };
  total: number;
  entries: StartListEntry[];
}

function present(row: ExportRow, set: ExportSet, startTimes: Map<number, string>): StartListEntry {
  // A handful of distinct start times (one per wave or race): formatted once each.
  const start = row.wave?.startTime ?? row.race.startTime;
  let startTime = startTimes.get(start.getTime());
  if (startTime === undefined) {
    startTime = formatInZone(start, set.event.timezone);
    startTimes.set(start.getTime(), startTime);
  }
  return {
    id: row.id,
    bib: row.bib,
    familyName: row.familyName,
    givenName: row.givenName,
    latinName: row.latinName,
    gender: row.gender,
    birthDate: row.birthDate,
    ageOnRaceDay: ageOnDate(row.birthDate, set.event.date),
    nationality: row.nationality,
    race: row.race.slug,
    wave: row.wave?.name ?? null,
    startTime,
    status: row.status,
  };
}

/** The start list for the filters `race` (slug), `wave` (name) and `status` (a status or `all`; default `confirmed`). */
export async function getStartList(actor: Actor, eventSlug: string, raw: Record<string, string | undefined>, options: { now?: Date } = {}): Promise<StartList> {
  const set = await loadExportRows(actor, eventSlug, raw, options);
  const startTimes = new Map<number, string>();
  const entries = set.rows.map((row) => present(row, set, startTimes));
  return {
    event: { slug: set.event.slug, date: set.event.date, timezone: set.event.timezone },
    filters: { race: set.filters.race ?? null, wave: set.filters.wave ?? null, status: set.filters.status },
    total: entries.length,
    entries,
  };
}

/** The CSV columns: the JSON fields, in order. */
export const START_LIST_COLUMNS = [
  "bib",
  "familyName",
  "givenName",
  "latinName",
  "gender",
  "birthDate",
  "ageOnRaceDay",
  "nationality",
  "race",
  "wave",
  "startTime",
  "status",
  "id",
] as const satisfies readonly (keyof StartListEntry)[];

/** UTF-8 with a byte-order mark (Excel then reads Chinese), CRLF line ends, a header row, formula-safe cells. */
export function startListCsv(entries: StartListEntry[]): string {
  return stringify(
    entries.map((e) => START_LIST_COLUMNS.map((c) => e[c])),
    { header: true, bom: true, columns: [...START_LIST_COLUMNS], record_delimiter: "windows", cast: { string: neutralizeCsvCell } },
  );
}

/** `<event>-<what>-<YYYY-MM-DD>[-<race>][-<wave>].<ext>`, safe in a Content-Disposition header. */
export function exportFileName(eventSlug: string, what: string, filters: { race?: string | null; wave?: string | null }, ext: string): string {
  const stamp = new Date().toISOString().slice(0, 10);
  const parts = [eventSlug, what, stamp, filters.race, filters.wave].filter((p): p is string => Boolean(p)).map((p) => p.replace(/[^A-Za-z0-9_-]+/g, "_"));
  return `${parts.join("-")}.${ext}`;
}

/** The start list as a CSV download; authorized and validated before (DomainError), so errors come as JSON. */
export async function startListCsvResponse(actor: Actor, eventSlug: string, raw: Record<string, string | undefined>): Promise<Response> {
  const list = await getStartList(actor, eventSlug, raw);
  return new Response(startListCsv(list.entries), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${exportFileName(list.event.slug, "start-list", list.filters, "csv")}"`,
      "cache-control": "private, no-store",
    },
  });
}
