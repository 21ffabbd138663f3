/**
 * Reads the import route's answer as it arrives: newline-delimited JSON (one ImportStreamLine per line). The
 * response text only grows, so the reader keeps the offset of the first character it has not consumed; a line
 * cut off at the end of a chunk waits for the rest.
 */
import type { ImportStreamLine } from "./results-upload-types";

export interface StreamRead {
  lines: ImportStreamLine[];
  /** Where the next read starts: after the last complete line. */
  offset: number;
}

function isStreamLine(value: unknown): value is ImportStreamLine {
  if (typeof value !== "object" || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return type === "progress" || type === "done" || type === "error";
}

/** The complete lines of `text` after `offset`; blank and unknown lines are skipped, a line that is not JSON throws. */
export function readStreamLines(text: string, offset: number): StreamRead {
  const lines: ImportStreamLine[] = [];
  let start = offset;
  for (let end = text.indexOf("\n", start); end !== -1; end = text.indexOf("\n", start)) {
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === "") continue;
    const value: unknown = JSON.parse(line);
    if (isStreamLine(value)) lines.push(value);
  }
  return { lines, offset: start };
}
