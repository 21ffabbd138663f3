/**
 * The bytes of an uploaded results file as text, for the preview action and the import route alike: UTF-8 only
 * (a byte order mark is dropped), and at most RESULTS_FILE_MAX_BYTES. A file saved in another encoding (GBK from a
 * spreadsheet, say) is refused by name rather than read into mojibake names.
 */
import "server-only";

/** 30,000 rows with 8 splits are about 4 MB; the server action body limit (next.config.ts) leaves room above this. */
export const RESULTS_FILE_MAX_BYTES = 16 * 1024 * 1024;

export type ResultsFileText = { ok: true; text: string } | { ok: false; reason: "notUtf8" | "tooLarge" };

export function decodeResultsFile(bytes: ArrayBuffer | Uint8Array): ResultsFileText {
  if (bytes.byteLength > RESULTS_FILE_MAX_BYTES) return { ok: false, reason: "tooLarge" };
  try {
    // fatal: a byte sequence that is not UTF-8 throws instead of turning into U+FFFD; the BOM is dropped.
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, reason: "notUtf8" };
  }
}
