/**
 * The organizers' export of an event's entries as XLSX: the same rows (the list's filters and order, every page)
 * and the same columns as the CSV (registrations-csv.ts), one sheet "Registrations" with a bold, frozen header row
 * and a filter. Every cell is text (a bib "0042" keeps its zeros, a birth date stays a date as typed); a cell that
 * looks like a formula gets an apostrophe (server/exports/formula-guard.ts), phone numbers aside. ID numbers are
 * masked, as everywhere in the list.
 */
import "server-only";
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import type { Actor } from "../actor";
import { neutralizeXlsxCell } from "../exports/formula-guard";
import { exportRegistrations, type RegistrationListItem } from "./list-registrations";
import { COLUMNS } from "./registrations-csv";

const PHONE_COLUMNS = new Set(["phone", "emergencyPhone", "guardianPhone"]);
const WIDE = new Set(["id", "email", "raceNameEn", "raceNameZh", "latinName", "registeredAt", "confirmedAt", "cancelledAt", "checkedInAt"]);

/** The workbook of the entries `batches` yields, as bytes (exceljs's streaming writer, row by row). */
export async function registrationsXlsx(eventSlug: string, batches: AsyncGenerator<RegistrationListItem[]>): Promise<Uint8Array> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (chunk: Buffer) => chunks.push(chunk));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = "Finishline";
  workbook.title = `${eventSlug} registrations`;
  const sheet = workbook.addWorksheet("Registrations", { views: [{ state: "frozen", ySplit: 1, xSplit: 0 }] });
  sheet.columns = COLUMNS.map((c) => ({ header: c.header, key: c.header, width: WIDE.has(c.header) ? 24 : 14, style: { numFmt: "@" } }));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: COLUMNS.length } };
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.commit();
  for await (const batch of batches) {
    for (const r of batch) {
      sheet
        .addRow(
          COLUMNS.map((c) => {
            const v = c.value(r);
            // Empty stays empty (no cell holding ""); numbers as text like the rest (the column is text).
            return v === null || v === "" ? null : neutralizeXlsxCell(String(v), PHONE_COLUMNS.has(c.header) ? "phone" : "text");
          }),
        )
        .commit();
    }
  }
  sheet.commit();
  await workbook.commit();
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * The XLSX download: every entry matching the list's filters in the list's order. Authorization and filters are
 * checked before anything is written (DomainError: forbidden, not_found, validation_failed).
 */
export async function registrationsXlsxResponse(actor: Actor, event: string, filters: Record<string, string | undefined>): Promise<Response> {
  const { eventSlug, rows } = await exportRegistrations(actor, event, filters);
  const body = await registrationsXlsx(eventSlug, rows);
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(body as BodyInit, {
    headers: {
      "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "content-disposition": `attachment; filename="${eventSlug}-registrations-${stamp}.xlsx"`,
      "cache-control": "private, no-store",
    },
  });
}
