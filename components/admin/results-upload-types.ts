/**
 * What the results upload talks to (app/admin/events/[slug]/races/[race]/results/): the preview route's answer
 * (ResultsFilePreview, server/results/types.ts), the import route's NDJSON lines (one JSON object per line), and
 * either route's refusal before it reads the file's rows (UploadRefusal).
 */
import type { ImportError } from "../../core/results/import-file";
import type { ImportSummary } from "../../server/results/types";

/**
 * A refusal with its status (401, 403, 404, 413 `payload_too_large`, 422 `invalid_results_file` for a file that is
 * not UTF-8), as the API words errors.
 */
export interface UploadRefusal {
  error?: { code?: string; message?: string; details?: { errors?: ImportError[]; errorCount?: number } };
}

/** Rows written so far; `total` is every row of the file. */
export interface ImportProgressLine {
  type: "progress";
  done: number;
  total: number;
}

export type ImportDoneLine = { type: "done" } & ImportSummary;

/** `invalid_results_file` carries the file's problems in `details` (the first ones, and how many in all). */
export interface ImportErrorLine {
  type: "error";
  code: string;
  message: string;
  details?: { errors?: ImportError[]; errorCount?: number };
}

export type ImportStreamLine = ImportProgressLine | ImportDoneLine | ImportErrorLine;
