/**
 * Spreadsheet formula injection (a runner named "=HYPERLINK(…)" or "@SUM(…)"): a cell a spreadsheet would run as a
 * formula starts with an apostrophe instead, as in the registrations CSV (server/registration/registrations-csv.ts).
 */

/** CSV: every cell starting with =, +, -, @, tab or carriage return gets a leading apostrophe ("+86 138…" too). */
export function neutralizeCsvCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * XLSX: cells are written as text, which Excel and LibreOffice never run; the guard is for a copy saved as CSV
 * later. In a phone column, a phone number ("+86 138 0013 8000": only digits, spaces and + - ( ) .) can call
 * nothing, so it stays as it is for the printer; every other cell that looks like a formula gets the apostrophe.
 */
export function neutralizeXlsxCell(value: string, kind: "text" | "phone" = "text"): string {
  if (kind === "phone" && /^\+[\d\s().+-]*$/.test(value)) return value;
  return neutralizeCsvCell(value);
}
