/** Logs name the failure and where it happened, never its message (which may carry names, IDs, addresses). */
import { describe, expect, it } from "vitest";
import { errorKind, errorTrace } from "./log-safe";

class QueryError extends Error {
  constructor(message: string, readonly cause: { code: string }) {
    super(message);
    this.name = "QueryError";
  }
}

describe("log-safe", () => {
  const failure = new QueryError("Failed query: insert into registrations … params: 张伟,330106199005200011,li.na@example.com", { code: "SQLITE_CONSTRAINT_UNIQUE" });

  it("keeps the class and code, drops the message", () => {
    expect(errorKind(failure)).toBe("QueryError (SQLITE_CONSTRAINT_UNIQUE)");
    expect(errorKind("a string")).toBe("unknown error");
  });

  it("keeps the stack frames without the message", () => {
    const trace = errorTrace(failure);
    expect(trace.split("\n")[0]).toBe("QueryError (SQLITE_CONSTRAINT_UNIQUE)");
    expect(trace).toMatch(/\n\s+at /);
    for (const secret of ["张伟", "330106199005200011", "li.na@example.com", "Failed query"]) expect(trace).not.toContain(secret);
  });
});
