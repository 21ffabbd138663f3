/**
 * What the results upload talks to: the preview server action (app/admin/events/[slug]/races/[race]/results/
 * actions.ts) and the import route's NDJSON lines (…/results/import/route.ts), one JSON object per line.
 */
import type { ImportError } from "../../core/results/import-file";
import type { ImportSummary, ResultsFilePreview } from "../../server/results/types";

/** "error": not allowed, signed out, a file that is not UTF-8 or too large: one sentence, already translated. */
export type ResultsPreviewState = { status: "idle" } | { status: "ok"; preview: ResultsFilePreview } | { status: "error"; message: string };

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
