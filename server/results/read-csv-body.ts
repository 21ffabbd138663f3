import { readBodyBytes } from "../api/http";
import { DomainError } from "../errors";

/**
 * 64 MB, for results files and chip reads (CSV, or JSON on the reads route): a 30,000-runner file with eight splits
 * is about 4 MB. Every other JSON body has the smaller MAX_JSON_BYTES (server/api/http.ts).
 */
export const MAX_CSV_BYTES = 64 * 1024 * 1024;

/**
 * The request body as UTF-8 CSV text: 415 for another content type, 413 payload_too_large as soon as it passes
 * MAX_CSV_BYTES (nothing past that is read), 422 for a body that is not UTF-8.
 */
export async function readCsvBody(request: Request): Promise<string> {
  const type = (request.headers.get("content-type") ?? "").toLowerCase().split(";")[0].trim();
  if (type !== "text/csv" && type !== "text/plain") {
    throw new DomainError("unsupported_media_type", "Send the file as CSV with Content-Type: text/csv (UTF-8).");
  }
  const bytes = await readBodyBytes(request, MAX_CSV_BYTES);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new DomainError("invalid_results_file", "The file is not UTF-8 text.", [], {
      errors: [{ line: 1, column: null, code: "invalidCsv", message: "The file is not UTF-8 text: save it as CSV UTF-8." }],
      errorCount: 1,
    });
  }
}
