/**
 * One intake for a results file, wherever it comes in: the API's import (`POST …/races/{race}/results`) and chip
 * reads as CSV (`POST …/reads`), and the admin upload's preview and import (app/admin/events/[slug]/races/[race]/
 * results/upload.ts). One size limit, one decoding, one error shape:
 *
 * - 413 `payload_too_large` (`details.maxBytes`) as soon as the body passes MAX_RESULTS_FILE_BYTES: a Content-Length
 *   over it before a byte is read, a chunked body at the first byte too many (server/api/http.ts readBodyBytes);
 * - 422 `invalid_results_file` for a file that is not UTF-8, with `details = { errors: [{ line, column, code,
 *   message }], errorCount }`, the shape of every problem a file can have (core/results/import-file.ts);
 * - 415 `unsupported_media_type` for another content type than CSV or plain text, where the caller names it (the
 *   API); the admin's own pages send the file as it was chosen.
 *
 * What the rows say is checked by the import and the preview themselves (core/results/import-file.ts), with the same
 * shape of errors.
 */
import "server-only";
import { MAX_RESULTS_FILE_BYTES } from "../../core/results/file-limits";
import { readBodyBytes } from "../api/http";
import { DomainError } from "../errors";

export { MAX_RESULTS_FILE_BYTES };

export interface IntakeOptions {
  /** Take the body whatever its Content-Type (the admin's upload); otherwise CSV or plain text only (the API). */
  anyContentType?: boolean;
}

/** The request body as the file's text: UTF-8 (a byte order mark dropped), within the limit. */
export async function readResultsFile(request: Request, options: IntakeOptions = {}): Promise<string> {
  if (!options.anyContentType) {
    const [mediaType = ""] = (request.headers.get("content-type") ?? "").toLowerCase().split(";"); // split answers at least one part
    const type = mediaType.trim();
    if (type !== "text/csv" && type !== "text/plain") {
      throw new DomainError("unsupported_media_type", "Send the file as CSV with Content-Type: text/csv (UTF-8).");
    }
  }
  const bytes = await readBodyBytes(request, MAX_RESULTS_FILE_BYTES);
  try {
    // fatal: a byte sequence that is not UTF-8 (GBK from a spreadsheet, say) is refused rather than read into mojibake.
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new DomainError("invalid_results_file", "The file is not UTF-8 text.", [], {
      errors: [{ line: 1, column: null, code: "invalidCsv", message: "The file is not UTF-8 text: save it as CSV UTF-8." }],
      errorCount: 1,
    });
  }
}
