/** Which errors mean "the database cannot be reached right now" (503) rather than a bug (500): db/client.ts. */
import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./client";

const wrapped = (cause: unknown) => Object.assign(new Error("Failed query: select 1"), { cause });

describe("isDatabaseUnavailable", () => {
  it("knows a refused connection, PostgreSQL shutting down or starting, and node-postgres's broken connections", () => {
    for (const error of [
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
      Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }),
      Object.assign(new Error("the database system is starting up"), { code: "57P03" }),
      Object.assign(new Error("the database system is shutting down"), { code: "57P03" }),
      new Error("Connection terminated unexpectedly"),
      new Error("Client has encountered a connection error and is not queryable"),
      new Error("timeout exceeded when trying to connect"),
    ]) {
      expect(isDatabaseUnavailable(error), error.message).toBe(true);
      expect(isDatabaseUnavailable(wrapped(error)), `wrapped: ${error.message}`).toBe(true);
    }
  });

  it("leaves our own bugs and constraint errors to be 500s or their own answers", () => {
    for (const error of [
      new Error("Cannot read properties of undefined"),
      Object.assign(new Error("duplicate key value violates unique constraint"), { code: "23505" }),
      Object.assign(new Error("syntax error at or near"), { code: "42601" }),
      Object.assign(new Error("invalid byte sequence for encoding UTF8"), { code: "22021" }),
      wrapped(Object.assign(new Error("deadlock detected"), { code: "40P01" })),
      "a string",
      null,
    ]) {
      expect(isDatabaseUnavailable(error)).toBe(false);
    }
  });
});
