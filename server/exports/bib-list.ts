/**
 * The printer's list of bibs (CSV and XLSX): confirmed entries that have a bib, in bib order within each race,
 * with the names in both scripts, race, wave, shirt size and emergency contact (printed on the back of a bib).
 * Organizers and admins of the event only.
 */
import "server-only";
import { stringify } from "csv-stringify/sync";
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import type { Actor } from "../actor";
import { nativeName } from "../../core/names";
import { loadExportRows, type ExportRow, type ExportSet } from "./export-entries";
import { neutralizeCsvCell, neutralizeXlsxCell } from "./formula-guard";
import { exportFileName } from "./start-list";

interface Column {
  header: string;
  /** Width in characters in the XLSX. */
  width: number;
  value: (r: ExportRow) => string;
  /** A phone number: kept as typed in the XLSX (see neutralizeXlsxCell). */
  phone?: boolean;
}

/** Stable English column names, whatever the reader's language (as the other CSV exports). */
export const BIB_LIST_COLUMNS: Column[] = [
  { header: "bib", width: 10, value: (r) => r.bib ?? "" },
  { header: "name", width: 16, value: (r) => nativeName(r) },
  { header: "latinName", width: 24, value: (r) => r.latinName ?? "" },
  { header: "familyName", width: 12, value: (r) => r.familyName },
  { header: "givenName", width: 12, value: (r) => r.givenName },
  { header: "race", width: 14, value: (r) => r.race.slug },
  { header: "raceNameZh", width: 18, value: (r) => r.race.nameZh },
  { header: "raceNameEn", width: 22, value: (r) => r.race.nameEn },
  { header: "wave", width: 10, value: (r) => r.wave?.name ?? "" },
  { header: "tshirtSize", width: 10, value: (r) => r.tshirtSize ?? "" },
  { header: "emergencyName", width: 16, value: (r) => r.emergencyName },
  { header: "emergencyPhone", width: 20, value: (r) => r.emergencyPhone, phone: true },
];

/** Confirmed entries with a bib, for the filters `race` (slug) and `wave` (name); `status` is ignored. */
export function loadBibList(actor: Actor, eventSlug: string, raw: Record<string, string | undefined>): Promise<ExportSet> {
  return loadExportRows(actor, eventSlug, raw, { status: "confirmed", withBib: true });
}

export function bibListCsv(rows: ExportRow[]): string {
  return stringify(
    rows.map((r) => BIB_LIST_COLUMNS.map((c) => c.value(r))),
    { header: true, bom: true, columns: BIB_LIST_COLUMNS.map((c) => c.header), record_delimiter: "windows", cast: { string: neutralizeCsvCell } },
  );
}

/**
 * One sheet "Bibs": a bold header row that stays in view (frozen) with a filter, column widths that fit the
 * usual content, and every cell as text (a bib "0042" keeps its zeros; nothing is read as a number or date).
 * Written with exceljs's streaming writer, row by row (8,000 rows in well under a second).
 */
export async function bibListXlsx(set: ExportSet): Promise<Uint8Array> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (chunk: Buffer) => chunks.push(chunk));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = "Finishline";
  workbook.title = `${set.event.slug} bibs`;
  const sheet = workbook.addWorksheet("Bibs", { views: [{ state: "frozen", ySplit: 1, xSplit: 0 }] });
  sheet.columns = BIB_LIST_COLUMNS.map((c) => ({ header: c.header, key: c.header, width: c.width, style: { numFmt: "@" } }));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: BIB_LIST_COLUMNS.length } };
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.commit();
  for (const row of set.rows) {
    // An empty value is an empty cell (no wave, no shirt size), not a cell holding "".
    sheet.addRow(BIB_LIST_COLUMNS.map((c) => neutralizeXlsxCell(c.value(row), c.phone ? "phone" : "text") || null)).commit();
  }
  sheet.commit();
  await workbook.commit();
  return new Uint8Array(Buffer.concat(chunks));
}

const headers = (type: string, fileName: string) => ({
  "content-type": type,
  "content-disposition": `attachment; filename="${fileName}"`,
  "cache-control": "private, no-store",
});

export async function bibListCsvResponse(actor: Actor, eventSlug: string, raw: Record<string, string | undefined>): Promise<Response> {
  const set = await loadBibList(actor, eventSlug, raw);
  return new Response(bibListCsv(set.rows), { headers: headers("text/csv; charset=utf-8", exportFileName(set.event.slug, "bibs", set.filters, "csv")) });
}

export async function bibListXlsxResponse(actor: Actor, eventSlug: string, raw: Record<string, string | undefined>): Promise<Response> {
  const set = await loadBibList(actor, eventSlug, raw);
  const body = await bibListXlsx(set);
  return new Response(body as BodyInit, {
    headers: headers("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", exportFileName(set.event.slug, "bibs", set.filters, "xlsx")),
  });
}
