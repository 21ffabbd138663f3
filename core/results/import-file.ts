/**
 * Validates a results file (issue 5, "Import"). All or nothing: either every row is good and comes back typed,
 * or the file is refused with every problem found as `{ line, column, message }` (lines as a person counts them
 * in the file, header = line 1; `column` is the header as written, or null for the whole row).
 *
 * Columns (header names case-insensitive; spaces and `-` read as `_`, so `Net Time` is `net_time`):
 * - `bib` (required): letters, digits and `-`, up to 16; upper-cased (`f12` is `F12`); unique in the file.
 * - `name`; `gender` M, F or X; `age` (whole years on race day) and/or `birth_date` (`YYYY-MM-DD`).
 * - `gun_time`, `net_time`: see time.ts; `-` or empty for none.
 * - `status`: finished | dnf | dns | dq; empty means finished when the row has a time. A finisher needs a time
 *   on the race's rank basis (gun: a gun time; net: a net time or, failing that, a gun time, as ranking.ts
 *   falls back). dns has no times at all; dnf has no finish time (splits are fine); dq may keep its times.
 * - `split_<label>` (e.g. `split_5k`, `split_half`): cumulative elapsed time at that point, in course order as
 *   the columns stand. Splits run on the same clock as the finish they are checked against: the net time when
 *   the row has one, the gun time otherwise. Each split must be later than the one before it and no later than
 *   that finish. A missing split (`-`) is simply left out.
 * - Any other column is ignored and listed in `columns` for the upload preview.
 */
import { codePoints, textProblem } from "../text";
import { isCalendarDate } from "../time";
import type { CsvRecord } from "./csv";
import { parseCsv } from "./csv";
import { formatRaceTimeExact, parseRaceTime } from "./time";
import { RESULT_BIB_PATTERN, resultBib } from "../bibs";
import { RESULT_STATUSES, type Gender, type RankBy, type ResultStatus, type SplitTime } from "./types";
import { nth } from "../lists";

export interface ImportedResult {
  /** The line the row is on, for messages later on (e.g. the bib is not in this race). */
  line: number;
  bib: string;
  name: string | null;
  gender: Gender | null;
  age: number | null;
  birthDate: string | null;
  status: ResultStatus;
  gunTimeMs: number | null;
  netTimeMs: number | null;
  /** Present splits only, in course (column) order. */
  splits: SplitTime[];
}

export type ImportErrorCode =
  | "invalidCsv"
  | "empty"
  | "missingColumn"
  | "duplicateColumn"
  | "badSplitLabel"
  | "fieldCount"
  | "missingBib"
  | "badBib"
  | "duplicateBib"
  | "badName"
  | "badGender"
  | "badAge"
  | "badBirthDate"
  | "badStatus"
  | "badTime"
  | "missingTime"
  | "timeNotAllowed"
  | "netLongerThanGun"
  | "splitAfterFinish"
  | "splitsNotIncreasing"
  | "bibInOtherRace";

export interface ImportError {
  line: number;
  column: string | null;
  /** Stable key for translated messages; `message` is the English detail. */
  code: ImportErrorCode;
  message: string;
}

export type ResultField = "bib" | "name" | "gender" | "age" | "birth_date" | "gun_time" | "net_time" | "status" | "split";

/** How each header cell was read: for the upload preview. `field` null means the column is ignored. */
export interface ColumnMapping {
  header: string;
  field: ResultField | null;
  splitLabel?: string;
}

export interface ResultsFileOptions {
  /** The race's rank basis; decides which time a finisher must have. Default `net` (either time will do). */
  rankBy?: RankBy;
  /** At most this many errors are listed (default 100); `errorCount` has them all. */
  maxErrors?: number;
}

export type ResultsFileOutcome =
  | { ok: true; rows: ImportedResult[]; columns: ColumnMapping[]; splitLabels: string[] }
  | { ok: false; errors: ImportError[]; errorCount: number };

const SINGLE_FIELDS: readonly Exclude<ResultField, "split">[] = ["bib", "name", "gender", "age", "birth_date", "gun_time", "net_time", "status"];
const SPLIT_LABEL = /^[a-z0-9][a-z0-9_-]{0,31}$/;
const MAX_NAME = 200;
const MAX_AGE = 120;

function normalizeHeader(header: string): string {
  return header.trim().toLowerCase().replace(/[\s-]+/g, "_");
}

class ErrorList {
  readonly errors: ImportError[] = [];
  count = 0;
  constructor(private readonly max: number) {}
  add(line: number, column: string | null, code: ImportErrorCode, message: string) {
    this.count += 1;
    if (this.errors.length < this.max) this.errors.push({ line, column, code, message });
  }
}

interface Layout {
  headers: string[];
  single: Partial<Record<ResultField, number>>;
  splits: { label: string; index: number }[];
  mapping: ColumnMapping[];
}

function readHeader(record: CsvRecord, errors: ErrorList): Layout {
  const layout: Layout = { headers: record.fields.map((h) => h.trim()), single: {}, splits: [], mapping: [] };
  const seen = new Map<string, string>();
  layout.headers.forEach((header, index) => {
    const name = normalizeHeader(header);
    const previous = seen.get(name);
    if (name !== "" && previous !== undefined) {
      errors.add(record.line, header, "duplicateColumn", `column ${JSON.stringify(header)} appears twice (also ${JSON.stringify(previous)})`);
      return;
    }
    seen.set(name, header);
    if ((SINGLE_FIELDS as readonly string[]).includes(name)) {
      layout.single[name as ResultField] = index;
      layout.mapping.push({ header, field: name as ResultField });
    } else if (name.startsWith("split_")) {
      const label = name.slice("split_".length);
      if (!SPLIT_LABEL.test(label) || label === "start" || label === "finish")
        errors.add(record.line, header, "badSplitLabel", `split column ${JSON.stringify(header)}: the label after split_ takes letters, digits, _ and - (up to 32), and is not start or finish`);
      layout.splits.push({ label, index });
      layout.mapping.push({ header, field: "split", splitLabel: label });
    } else {
      layout.mapping.push({ header, field: null });
    }
  });
  if (layout.single.bib === undefined) errors.add(record.line, null, "missingColumn", "the header has no bib column");
  return layout;
}

/** Validates records of a results file, the header first (see the module comment). */
export function validateResultsFile(records: readonly CsvRecord[], options: ResultsFileOptions = {}): ResultsFileOutcome {
  const rankBy = options.rankBy ?? "net";
  const errors = new ErrorList(options.maxErrors ?? 100);
  const [header, ...body] = records;
  if (header === undefined) {
    errors.add(1, null, "empty", "the file is empty");
    return { ok: false, errors: errors.errors, errorCount: errors.count };
  }
  const layout = readHeader(header, errors);
  if (errors.count > 0) return { ok: false, errors: errors.errors, errorCount: errors.count };
  if (body.length === 0) errors.add(header.line, null, "empty", "the file has a header but no results");

  const rows: ImportedResult[] = [];
  const bibLines = new Map<string, number>();
  for (const record of body) {
    const row = readRow(record, layout, rankBy, errors);
    if (row === null) continue;
    const earlier = bibLines.get(row.bib);
    if (earlier !== undefined) errors.add(record.line, columnOf(layout, "bib"), "duplicateBib", `bib ${row.bib} is already on line ${earlier}`);
    else bibLines.set(row.bib, record.line);
    rows.push(row);
  }
  if (errors.count > 0) return { ok: false, errors: errors.errors, errorCount: errors.count };
  return { ok: true, rows, columns: layout.mapping, splitLabels: layout.splits.map((s) => s.label) };
}

/** Parses and validates a results CSV in one go; a CSV syntax error is reported like any other. */
export function readResultsCsv(text: string, options: ResultsFileOptions = {}): ResultsFileOutcome {
  const parsed = parseCsv(text);
  if (!parsed.ok) return { ok: false, errors: [{ line: parsed.line, column: null, code: "invalidCsv", message: parsed.message }], errorCount: 1 };
  return validateResultsFile(parsed.records, options);
}

/** The header of a single-value column, null when the file has no such column. */
function columnOf(layout: Layout, field: ResultField): string | null {
  const index = layout.single[field];
  return index === undefined ? null : nth(layout.headers, index, "column");
}

/** One row, or null when it has errors (they are added to `errors`). */
function readRow(record: CsvRecord, layout: Layout, rankBy: RankBy, errors: ErrorList): ImportedResult | null {
  const { line, fields } = record;
  if (fields.length !== layout.headers.length) {
    errors.add(line, null, "fieldCount", `the row has ${fields.length} fields; the header has ${layout.headers.length}`);
    return null;
  }
  const before = errors.count;
  // The row has a field under every header (checked above), so an index of the layout reads one.
  const column = (field: ResultField) => columnOf(layout, field);
  const cell = (field: ResultField): string => {
    const index = layout.single[field];
    return index === undefined ? "" : nth(fields, index, "field").trim();
  };
  let timesRead = true;
  const time = (index: number): number | null => {
    const parsed = parseRaceTime(nth(fields, index, "field"));
    if (parsed.ok && parsed.ms !== 0) return parsed.ms;
    errors.add(line, nth(layout.headers, index, "column"), "badTime", parsed.ok ? "a time of 0:00:00 is not a race time" : parsed.message);
    timesRead = false;
    return null;
  };

  const bib = resultBib(cell("bib"));
  if (bib === "") errors.add(line, column("bib"), "missingBib", "the bib is missing");
  else if (!RESULT_BIB_PATTERN.test(bib)) errors.add(line, column("bib"), "badBib", `bib ${JSON.stringify(bib)}: use letters, digits and - (up to 16)`);

  const name = cell("name");
  // A name is text a person typed (core/text.ts): the one rule of every other name.
  const nameProblem = textProblem(name);
  if (nameProblem !== null) errors.add(line, column("name"), "badName", `the name has ${nameProblem === "textInvisible" ? "only invisible characters" : nameProblem === "textEncoding" ? "a broken character (half of a surrogate pair)" : "a control character or a line break"}`);
  else if (codePoints(name) > MAX_NAME) errors.add(line, column("name"), "badName", `the name is longer than ${MAX_NAME} characters`);

  const genderText = cell("gender").toUpperCase();
  const gender = genderText === "" ? null : (["M", "F", "X"] as const).find((g) => g === genderText);
  if (gender === undefined) errors.add(line, column("gender"), "badGender", `gender ${JSON.stringify(cell("gender"))} is not M, F or X`);

  const ageText = cell("age");
  const age = ageText === "" ? null : /^[0-9]{1,3}$/.test(ageText) && Number(ageText) <= MAX_AGE ? Number(ageText) : undefined;
  if (age === undefined) errors.add(line, column("age"), "badAge", `age ${JSON.stringify(ageText)} is not a whole number of years from 0 to ${MAX_AGE}`);

  const birthDate = cell("birth_date") || null;
  if (birthDate !== null && !isCalendarDate(birthDate)) errors.add(line, column("birth_date"), "badBirthDate", `birth date ${JSON.stringify(birthDate)} is not a date YYYY-MM-DD`);

  const gunTimeMs = layout.single.gun_time === undefined ? null : time(layout.single.gun_time);
  const netTimeMs = layout.single.net_time === undefined ? null : time(layout.single.net_time);
  const splits: SplitTime[] = [];
  const splitsRead: { column: string; elapsedMs: number }[] = [];
  for (const split of layout.splits) {
    const elapsedMs = time(split.index);
    if (elapsedMs !== null) {
      splits.push({ label: split.label, elapsedMs });
      splitsRead.push({ column: nth(layout.headers, split.index, "column"), elapsedMs });
    }
  }

  const statusText = cell("status").toLowerCase();
  let status: ResultStatus | undefined;
  if (statusText === "") status = gunTimeMs !== null || netTimeMs !== null || !timesRead ? "finished" : undefined;
  else status = RESULT_STATUSES.find((s) => s === statusText);
  if (statusText !== "" && status === undefined)
    errors.add(line, column("status"), "badStatus", `status ${JSON.stringify(cell("status"))} is not one of ${RESULT_STATUSES.join(", ")}`);
  else if (status === undefined)
    errors.add(line, layout.single.status === undefined ? null : column("status"), "missingTime", "the row has neither a time nor a status (dnf, dns or dq)");

  // Checks across cells, only on cells that were read.
  if (timesRead && status !== undefined) {
    const finish = netTimeMs ?? gunTimeMs;
    const finishColumn = netTimeMs !== null ? column("net_time") : gunTimeMs !== null ? column("gun_time") : null;
    if (status === "finished") {
      if (rankBy === "gun" && gunTimeMs === null)
        errors.add(line, layout.single.gun_time === undefined ? null : column("gun_time"), "missingTime", "a finisher needs a gun time (the race ranks by gun time)");
      else if (finish === null) errors.add(line, null, "missingTime", "a finisher needs a gun_time or a net_time");
    }
    if (status === "dns" && (finish !== null || splits.length > 0))
      errors.add(line, finishColumn ?? splitsRead[0]?.column ?? null, "timeNotAllowed", "a runner who did not start (dns) has no times");
    if (status === "dnf" && finish !== null)
      errors.add(line, finishColumn, "timeNotAllowed", "a runner who did not finish (dnf) has no finish time; leave it empty or make the status finished");
    if (gunTimeMs !== null && netTimeMs !== null && netTimeMs > gunTimeMs)
      errors.add(line, column("net_time"), "netLongerThanGun", `the net time ${formatRaceTimeExact(netTimeMs)} is longer than the gun time ${formatRaceTimeExact(gunTimeMs)}`);
    for (const [i, { column: splitColumn, elapsedMs }] of splitsRead.entries()) {
      const previous = splitsRead[i - 1];
      if (previous !== undefined && elapsedMs <= previous.elapsedMs)
        errors.add(line, splitColumn, "splitsNotIncreasing", `${formatRaceTimeExact(elapsedMs)} is not later than ${previous.column} ${formatRaceTimeExact(previous.elapsedMs)}`);
      if (finish !== null && elapsedMs > finish)
        errors.add(line, splitColumn, "splitAfterFinish", `${formatRaceTimeExact(elapsedMs)} is after the finish (${finishColumn} ${formatRaceTimeExact(finish)})`);
    }
  }

  if (errors.count > before) return null;
  return { line, bib, name: name || null, gender: gender ?? null, age: age ?? null, birthDate, status: status as ResultStatus, gunTimeMs, netTimeMs, splits };
}
