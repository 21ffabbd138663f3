/**
 * An event's entries as CSV (the organizers' export): stable English column names, UTF-8 with BOM so Excel reads
 * Chinese, formula-looking cells neutralized, streamed in batches. Used by the API
 * (GET /api/v1/events/{event}/registrations.csv, token) and the admin's download (session).
 */
import "server-only";
import { stringify } from "csv-stringify/sync";
import type { Actor } from "../actor";
import { errorTrace } from "../log-safe";
import { exportRegistrations, type RegistrationListItem } from "./list-registrations";

/** The columns, in order: stable English names (the JSON list's fields), whatever the reader's language (the XLSX too). */
export const COLUMNS: { header: string; value: (r: RegistrationListItem) => string | number | null }[] = [
  { header: "id", value: (r) => r.id },
  { header: "orderCode", value: (r) => r.orderCode },
  { header: "status", value: (r) => r.status },
  { header: "race", value: (r) => r.race.slug },
  { header: "raceNameZh", value: (r) => r.race.name.zh },
  { header: "raceNameEn", value: (r) => r.race.name.en },
  { header: "familyName", value: (r) => r.familyName },
  { header: "givenName", value: (r) => r.givenName },
  { header: "latinName", value: (r) => r.latinName },
  { header: "gender", value: (r) => r.gender },
  { header: "birthDate", value: (r) => r.birthDate },
  { header: "nationality", value: (r) => r.nationality },
  { header: "idType", value: (r) => r.idType },
  { header: "idNumber", value: (r) => r.idNumber },
  { header: "email", value: (r) => r.email },
  { header: "phone", value: (r) => r.phone },
  { header: "emergencyName", value: (r) => r.emergencyName },
  { header: "emergencyPhone", value: (r) => r.emergencyPhone },
  { header: "guardianName", value: (r) => r.guardianName },
  { header: "guardianPhone", value: (r) => r.guardianPhone },
  { header: "tshirtSize", value: (r) => r.tshirtSize },
  { header: "predictedFinishSeconds", value: (r) => r.predictedFinishSeconds },
  { header: "bib", value: (r) => r.bib },
  { header: "wave", value: (r) => r.wave },
  { header: "priceCents", value: (r) => r.priceCents },
  { header: "discountCents", value: (r) => r.discountCents },
  { header: "currency", value: (r) => r.currency },
  { header: "registeredAt", value: (r) => r.registeredAt },
  { header: "confirmedAt", value: (r) => r.confirmedAt },
  { header: "cancelledAt", value: (r) => r.cancelledAt },
  { header: "checkedInAt", value: (r) => r.checkedInAt },
];

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, tab, carriage return first) starts with an apostrophe
 * instead, so a name like "=HYPERLINK(…)" stays text (and "+86 138…" shows as the phone number it is).
 */
function neutralize(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function toCsv(rows: RegistrationListItem[], first: boolean): string {
  return stringify(
    rows.map((r) => COLUMNS.map((c) => c.value(r))),
    {
      header: first,
      bom: first, // UTF-8 with BOM: Excel then reads Chinese names correctly
      columns: COLUMNS.map((c) => c.header),
      record_delimiter: "windows",
      cast: { string: neutralize },
    },
  );
}

/**
 * Every entry matching the list's filters (as the JSON list; `page` and `pageSize` are ignored), in its order.
 * Authorization and the filters are checked before the first byte (DomainError: forbidden, not_found,
 * validation_failed), then the rows stream.
 */
export async function registrationsCsvResponse(actor: Actor, event: string, filters: Record<string, string | undefined>): Promise<Response> {
  const { eventSlug, rows } = await exportRegistrations(actor, event, filters);
  const encoder = new TextEncoder();
  let first = true;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await rows.next();
        if (next.done) {
          if (first) controller.enqueue(encoder.encode(toCsv([], true)));
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(toCsv(next.value, first)));
        first = false;
      } catch (error) {
        console.error(`[csv] registrations export failed: ${errorTrace(error)}`);
        controller.error(error);
      }
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${eventSlug}-registrations-${stamp}.csv"`,
      "cache-control": "private, no-store",
    },
  });
}
