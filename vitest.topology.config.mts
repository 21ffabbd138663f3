import path from "node:path";
import { defineConfig } from "vitest/config";

/**
 * The topology test (test/topology/topology.test.ts): nginx, two app processes and a PostgreSQL server of its own,
 * all real, on the real clock. Not part of `npx vitest run`: scripts/test.sh runs it as its own stage after the build.
 */
export default defineConfig({
  resolve: { alias: { "server-only": path.resolve("test/server-only-stub.ts"), "@": path.resolve(".") } },
  test: {
    name: "topology",
    include: ["test/topology/**/*.test.ts"],
    testTimeout: 300_000,
    hookTimeout: 900_000,
    pool: "forks",
  },
});
