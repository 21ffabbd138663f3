/**
 * The thin CSV layer under the results import: text to records that know the line they start on, so errors can
 * name the line as a person counts it in the file (the header is line 1). Parsing is csv-parse's; this module
 * only picks its options and keeps line numbers. A byte order mark is dropped; `\r\n`, `\n` and `\r` all end a
 * record; blank lines are skipped (and still counted); a semicolon or tab header selects that delimiter, as
 * spreadsheets in many locales write it.
 */
import { CsvError, parse } from "csv-parse/sync";

export interface CsvRecord {
  /** Line on which the record starts, counting from 1. */
  line: number;
  fields: string[];
}

export type CsvOutcome = { ok: true; records: CsvRecord[] } | { ok: false; line: number; message: string };

/** The delimiter of the header line: `;` or tab when the header holds one of those and no comma. */
export function detectDelimiter(text: string): "," | ";" | "\t" {
  const end = text.search(/\r|\n/);
  const header = end === -1 ? text : text.slice(0, end);
  if (header.includes(",")) return ",";
  if (header.includes(";")) return ";";
  if (header.includes("\t")) return "\t";
  return ",";
}

const LINE_BREAK = /\r\n|\r|\n/g;

/** Line breaks inside the fields of one record (quoted values), and how many of them are `\r\n`. */
function lineBreaks(fields: string[]): { all: number; crlf: number } {
  let all = 0;
  let crlf = 0;
  for (const field of fields) {
    if (!field.includes("\n") && !field.includes("\r")) continue;
    all += field.match(LINE_BREAK)?.length ?? 0;
    crlf += field.split("\r\n").length - 1;
  }
  return { all, crlf };
}

/** Records in file order; lines that are empty or hold only blanks and delimiters are left out. */
export function parseCsv(text: string): CsvOutcome {
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parse(text, {
      bom: true,
      delimiter: detectDelimiter(text.replace(/^\uFEFF/, "")),
      record_delimiter: ["\r\n", "\n", "\r"],
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    if (error instanceof CsvError) {
      const line = Number((error as CsvError & { lines?: number }).lines) || 1;
      return { ok: false, line, message: `the file is not valid CSV: ${error.message}` };
    }
    throw error;
  }
  const records: CsvRecord[] = [];
  // csv-parse (7.0.3) gives the line a record ends on, and counts a `\r\n` inside a quoted value as two lines;
  // both are corrected here (csv.test.ts pins this down).
  let extraLines = 0;
  for (const { record, info } of parsed) {
    const breaks = lineBreaks(record);
    extraLines += breaks.crlf;
    if (record.every((field) => field.trim() === "")) continue;
    records.push({ line: info.lines - extraLines - breaks.all, fields: record });
  }
  return { ok: true, records };
}
