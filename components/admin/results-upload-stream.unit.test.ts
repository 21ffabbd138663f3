import { describe, expect, it } from "vitest";
import { readStreamLines } from "./results-upload-stream";

describe("readStreamLines", () => {
  it("reads complete lines and waits for the rest of a line cut off mid-chunk", () => {
    const first = '{"type":"progress","done":500,"total":3000}\n{"type":"progress","do';
    const a = readStreamLines(first, 0);
    expect(a.lines).toEqual([{ type: "progress", done: 500, total: 3000 }]);
    expect(first.slice(a.offset)).toBe('{"type":"progress","do');

    const more = `${first}ne":3000,"total":3000}\n{"type":"done","rows":3000,"created":2990,"updated":10,"unchanged":0,"version":2}\n`;
    const b = readStreamLines(more, a.offset);
    expect(b.lines).toEqual([
      { type: "progress", done: 3000, total: 3000 },
      { type: "done", rows: 3000, created: 2990, updated: 10, unchanged: 0, version: 2 },
    ]);
    expect(b.offset).toBe(more.length);
    expect(readStreamLines(more, b.offset).lines).toEqual([]);
  });

  it("passes an error line with its details, and skips blank lines and lines of other types", () => {
    const text = '\n{"type":"keepalive"}\n{"type":"error","code":"invalid_results_file","message":"bad","details":{"errors":[{"line":3,"column":"gun_time","code":"badTime","message":"x"}],"errorCount":1}}\n';
    const { lines } = readStreamLines(text, 0);
    expect(lines).toEqual([
      { type: "error", code: "invalid_results_file", message: "bad", details: { errors: [{ line: 3, column: "gun_time", code: "badTime", message: "x" }], errorCount: 1 } },
    ]);
  });

  it("throws on a line that is not JSON (the answer is not the import's stream)", () => {
    expect(() => readStreamLines("<html>\n", 0)).toThrow();
  });
});
