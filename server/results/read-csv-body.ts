import { DomainError } from "../errors";

/** 64 MB: a 30,000-runner file with eight splits is about 4 MB. */
export const MAX_CSV_BYTES = 64 * 1024 * 1024;

/** The request body as UTF-8 CSV text (415 for another content type, 422 for an oversized or non-UTF-8 body). */
export async function readCsvBody(request: Request): Promise<string> {
  const type = (request.headers.get("content-type") ?? "").toLowerCase().split(";")[0].trim();
  if (type !== "text/csv" && type !== "text/plain") {
    throw new DomainError("unsupported_media_type", "Send the file as CSV with Content-Type: text/csv (UTF-8).");
  }
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > MAX_CSV_BYTES) throw tooLarge();
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > MAX_CSV_BYTES) throw tooLarge();
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new DomainError("invalid_results_file", "The file is not UTF-8 text.", [], {
      errors: [{ line: 1, column: null, code: "invalidCsv", message: "The file is not UTF-8 text: save it as CSV UTF-8." }],
      errorCount: 1,
    });
  }
}

function tooLarge(): DomainError {
  return new DomainError("invalid_results_file", `The file is larger than ${MAX_CSV_BYTES / 1024 / 1024} MB.`, [], {
    errors: [{ line: 1, column: null, code: "invalidCsv", message: "The file is too large." }],
    errorCount: 1,
  });
}
