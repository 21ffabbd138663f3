import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

describe("configuration", () => {
  it("defaults to the embedded SQLite file", () => {
    expect(parseEnv({}).DATABASE_URL).toBe("file:data/finishline.db");
    expect(parseEnv({ DATABASE_URL: "" }).DATABASE_URL).toBe("file:data/finishline.db");
  });
  it("names every bad variable with what it must be", () => {
    const error = (() => {
      try {
        parseEnv({ DATABASE_URL: "mysql://x", DATABASE_POOL_SIZE: "lots", AUTH_SECRET: "short" });
      } catch (e) {
        return e as EnvError;
      }
    })();
    expect(error).toBeInstanceOf(EnvError);
    expect(error?.message).toContain('DATABASE_URL: must be "file:<path>" (SQLite) or start with "postgres://"');
    expect(error?.message).toContain('DATABASE_POOL_SIZE: must be a whole number from 1 to 200 (got "lots")');
    expect(error?.message).toContain("AUTH_SECRET: must be at least 32 characters");
  });
  it("accepts postgres URLs and numbers", () => {
    const env = parseEnv({ DATABASE_URL: "postgresql://u@h/db", DATABASE_POOL_SIZE: "20", SIGN_IN_ATTEMPTS_PER_15_MIN: "3" });
    expect(env).toMatchObject({ DATABASE_POOL_SIZE: 20, SIGN_IN_ATTEMPTS_PER_15_MIN: 3 });
  });
  it("reads TRUSTED_PROXIES as ranges, none by default, and names bad entries", () => {
    expect(parseEnv({}).TRUSTED_PROXIES).toEqual([]);
    expect(parseEnv({ TRUSTED_PROXIES: "127.0.0.1, 10.0.0.0/8" }).TRUSTED_PROXIES).toEqual([
      { version: 4, bytes: [127, 0, 0, 1], prefix: 32 },
      { version: 4, bytes: [10, 0, 0, 0], prefix: 8 },
    ]);
    expect(() => parseEnv({ TRUSTED_PROXIES: "127.0.0.1, lb.internal, 10.0.0.0/40" })).toThrow(
      'TRUSTED_PROXIES: must be IP addresses or CIDR ranges separated by commas (not "lb.internal", "10.0.0.0/40")',
    );
  });
});
