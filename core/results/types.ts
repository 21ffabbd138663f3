/**
 * Shapes shared by the results modules (issue 5). Pure: no I/O.
 * Times are whole milliseconds; "gun" time runs from the wave's gun start, "net" (chip) time from the runner's
 * own crossing of the start mat.
 */
export type { Gender, RankBy, ResultStatus } from "../domain";
export { RESULT_STATUSES } from "../domain";
import type { ResultSplit } from "../domain";

/** One cumulative split (net basis: from the runner's start; see import-file.ts). */
export type SplitTime = ResultSplit;

