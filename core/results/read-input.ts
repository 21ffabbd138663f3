/**
 * Raw chip reads as a timer sends them (issue 5, `POST /api/v1/events/{event}/reads`): CSV with the columns
 * `bib`, `point`, `time` and optionally `source`, `device`; or JSON `{ "reads": [ { bib, point, time, source?, device? } ] }`
 * (a bare array too). `time` is ISO 8601 (`2027-04-18T07:45:12.345+08:00`; without an offset, local time in the
 * event's timezone) or a time of day (`07:45:12.345`) on the event's date in its timezone.
 * All or nothing: any bad read rejects the batch with `{ line, column, code, message }` (line = CSV line, or the
 * read's 1-based position in the JSON array). Pure.
 */
import { DateTime } from "luxon";
import { codePoints, textProblem } from "../text";
import { parseInstant } from "../time";
import type { CsvRecord } from "./csv";
import { parseCsv } from "./csv";
import type { ImportError } from "./import-file";
import type { ChipRead } from "./reads";
import { RESULT_BIB_PATTERN, resultBib } from "../bibs";

export interface TimedRead extends ChipRead {
  source: string | null;
  device: string | null;
}

export type ReadsOutcome = { ok: true; reads: TimedRead[] } | { ok: false; errors: ImportError[]; errorCount: number };

const POINT = /^[a-z0-9][a-z0-9_-]{0,31}$/;
// Bounded quantifiers only: no backtracking blow-up.
// eslint-disable-next-line security/detect-unsafe-regex
const TIME_OF_DAY = /^(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/;
const MAX_TAG = 64;
export const MAX_READS = 200_000;
const MAX_ERRORS = 100;

export interface ReadsContext {
  /** `YYYY-MM-DD`, for times of day. */
  eventDate: string;
  timezone: string;
}

function parseReadTime(text: string, ctx: ReadsContext): number | null {
  const t = text.trim();
  const tod = TIME_OF_DAY.exec(t);
  if (tod) {
    const [h, m, s] = [Number(tod[1]), Number(tod[2]), Number(tod[3])];
    if (h > 23 || m > 59 || s > 59) return null;
    const ms = tod[4] ? Number(tod[4].padEnd(3, "0")) : 0;
    const dt = DateTime.fromISO(ctx.eventDate, { zone: ctx.timezone }).set({ hour: h, minute: m, second: s, millisecond: ms });
    return dt.isValid ? dt.toMillis() : null;
  }
  const instant = parseInstant(t, ctx.timezone);
  return instant ? instant.getTime() : null;
}

interface RawRead {
  line: number;
  bib: unknown;
  point: unknown;
  time: unknown;
  source?: unknown;
  device?: unknown;
}

function checkReads(raw: RawRead[], ctx: ReadsContext): ReadsOutcome {
  const errors: ImportError[] = [];
  let errorCount = 0;
  const fail = (line: number, column: string, code: ImportError["code"], message: string) => {
    errorCount += 1;
    if (errors.length < MAX_ERRORS) errors.push({ line, column, code, message });
  };
  if (raw.length === 0) return { ok: false, errors: [{ line: 1, column: null, code: "empty", message: "There are no reads." }], errorCount: 1 };
  if (raw.length > MAX_READS) return { ok: false, errors: [{ line: 1, column: null, code: "invalidCsv", message: `At most ${MAX_READS} reads at a time.` }], errorCount: 1 };
  const reads: TimedRead[] = [];
  for (const r of raw) {
    const bib = typeof r.bib === "string" || typeof r.bib === "number" ? resultBib(String(r.bib)) : "";
    const point = typeof r.point === "string" ? r.point.trim().toLowerCase() : "";
    const time = typeof r.time === "string" ? r.time : "";
    const tag = (value: unknown, column: string): string | null => {
      if (value === undefined || value === null || value === "") return null;
      // Text a timer typed or its device wrote (core/text.ts): no control characters, not only invisible ones.
      if (typeof value !== "string" || codePoints(value.trim()) > MAX_TAG || textProblem(value.trim()) !== null) {
        fail(r.line, column, "badName", `"${column}" is text of at most ${MAX_TAG} characters, without control characters.`);
        return null;
      }
      return value.trim() || null;
    };
    let ok = true;
    if (!RESULT_BIB_PATTERN.test(bib)) {
      fail(r.line, "bib", bib === "" ? "missingBib" : "badBib", bib === "" ? "The bib is missing." : `"${bib}" is not a bib (letters, digits and -, up to 16).`);
      ok = false;
    }
    if (!POINT.test(point)) {
      fail(r.line, "point", "badSplitLabel", `"${String(r.point ?? "")}" is not a timing point: start, finish or a split label like 5k.`);
      ok = false;
    }
    const at = time === "" ? null : parseReadTime(time, ctx);
    if (at === null) {
      fail(r.line, "time", "badTime", `"${time}" is not a time: ISO 8601 (2027-04-18T07:45:12.345+08:00) or a time of day (07:45:12.345).`);
      ok = false;
    }
    const source = tag(r.source, "source");
    const device = tag(r.device, "device");
    if (ok && at !== null) reads.push({ bib, point, at, source, device }); // at is null only when ok is false
  }
  return errorCount > 0 ? { ok: false, errors, errorCount } : { ok: true, reads };
}

/** Reads from CSV text (header names case-insensitive). */
export function readReadsCsv(text: string, ctx: ReadsContext): ReadsOutcome {
  const parsed = parseCsv(text);
  if (!parsed.ok) return { ok: false, errors: [{ line: parsed.line, column: null, code: "invalidCsv", message: parsed.message }], errorCount: 1 };
  const records: CsvRecord[] = parsed.records;
  const [headerRecord] = records;
  if (headerRecord === undefined) return { ok: false, errors: [{ line: 1, column: null, code: "empty", message: "The file is empty." }], errorCount: 1 };
  const header = headerRecord.fields.map((h) => h.trim().toLowerCase());
  const missing = ["bib", "point", "time"].filter((c) => !header.includes(c));
  if (missing.length > 0) {
    return { ok: false, errors: missing.map((c) => ({ line: headerRecord.line, column: c, code: "missingColumn" as const, message: `The column "${c}" is missing.` })), errorCount: missing.length };
  }
  const col = (name: string) => header.indexOf(name);
  const raw = records.slice(1).map((rec) => ({
    line: rec.line,
    bib: rec.fields[col("bib")] ?? "",
    point: rec.fields[col("point")] ?? "",
    time: rec.fields[col("time")] ?? "",
    source: col("source") >= 0 ? rec.fields[col("source")] : undefined,
    device: col("device") >= 0 ? rec.fields[col("device")] : undefined,
  }));
  return checkReads(raw, ctx);
}

/** Reads from a parsed JSON body: `{ reads: [...] }` or `[...]`. */
export function readReadsJson(body: unknown, ctx: ReadsContext): ReadsOutcome {
  const list = Array.isArray(body) ? body : body && typeof body === "object" && Array.isArray((body as { reads?: unknown }).reads) ? (body as { reads: unknown[] }).reads : null;
  if (list === null) return { ok: false, errors: [{ line: 1, column: null, code: "invalidCsv", message: 'Send { "reads": [ { "bib", "point", "time" } ] }.' }], errorCount: 1 };
  return checkReads(
    list.map((item, i) => (item && typeof item === "object" ? { line: i + 1, ...(item as object) } : { line: i + 1, bib: undefined, point: undefined, time: undefined })) as RawRead[],
    ctx,
  );
}
