import path from "node:path";
import { defineConfig } from "vitest/config";

/**
 * Three projects: pure unit tests, and the integration tests (server/**) run twice, once on SQLite and once on
 * PostgreSQL (docs/decisions/001). test/setup-db.ts gives every test file a fresh database of its engine.
 */
// next-auth imports "next/server" without an extension, which Node's ESM resolver (used by vitest) does not accept.
const alias = { "server-only": path.resolve("test/server-only-stub.ts"), "@": path.resolve("."), "next/server": "next/server.js" };
const integration = (engine: "sqlite" | "postgres") => ({
  resolve: { alias },
  test: {
    name: engine,
    include: ["server/**/*.test.ts", "db/**/*.int.test.ts", "scripts/**/*.test.ts"],
    exclude: ["**/*.unit.test.ts", "node_modules/**"],
    setupFiles: ["test/setup-clock.ts", "test/setup-db.ts"],
    env: { TEST_ENGINE: engine },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks" as const,
    // Bundled by vite so the alias above applies inside next-auth.
    server: { deps: { inline: ["next-auth"] } },
  },
});

export default defineConfig({
  test: {
    projects: [
      { resolve: { alias }, test: { name: "unit", setupFiles: ["test/setup-clock.ts"], include: ["core/**/*.test.ts", "**/*.unit.test.ts"], exclude: ["node_modules/**", ".next*/**"] } },
      integration("sqlite"),
      integration("postgres"),
    ],
  },
});
