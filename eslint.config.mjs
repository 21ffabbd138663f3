// ESLint 9 flat config. eslint-config-next 16 ships flat configs (arrays) as its `core-web-vitals` and
// `typescript` entry points; drizzle's rules stop a delete/update without a where clause (create-t3-app's
// `_eslint.drizzle.js`); eslint-plugin-security flags risky Node patterns (warnings).
import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import drizzle from "eslint-plugin-drizzle";
import security from "eslint-plugin-security";

const drizzleObjectName = ["db", "tx"];

/**
 * The layers (docs/architecture.md "Layers"): app → server → core, and db below server. An import that crosses a layer
 * the wrong way is an error; test/layers.unit.test.ts shows each rule catches a violating import. Tests and test
 * tooling are not a layer: they may reach anything.
 */
const layer = (name, ...targets) => ({
  regex: `^(?:(?:\\.\\./)+|@/)(?:${targets.join("|")})(?:/|$)`,
  message: `${name} may not import from ${targets.join(", ")}/ (docs/architecture.md "Layers").`,
});
const TEST_FILES = ["**/*.test.ts", "**/*.test.tsx"];

const config = [
  {
    ignores: [
      ".next/**",
      ".next-*/**",
      "node_modules/**",
      "data/**",
      "db/migrations/**",
      "test-results/**",
      "playwright-report/**",
      "coverage/**",
      "next-env.d.ts",
    ],
  },
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    name: "finishline/drizzle",
    files: ["**/*.{ts,tsx,mts,js,mjs}"],
    plugins: { drizzle },
    rules: {
      "drizzle/enforce-delete-with-where": ["error", { drizzleObjectName }],
      "drizzle/enforce-update-with-where": ["error", { drizzleObjectName }],
    },
  },
  security.configs.recommended,
  {
    name: "finishline/security-tuning",
    rules: {
      // Fires on every `obj[key]` (23 hits on day one, none real); TypeScript's index types cover this.
      "security/detect-object-injection": "off",
    },
  },
  {
    name: "finishline/layers/core",
    files: ["core/**/*.{ts,tsx}"],
    ignores: TEST_FILES,
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            layer("core/ (pure domain logic)", "db", "server", "app", "components", "scripts", "bench", "test", "e2e"),
            { regex: "^(next|react|react-dom|drizzle-orm|better-sqlite3|pg|server-only)(/|$)", message: "core/ is pure: no framework, database or server-only imports (docs/architecture.md \"Layers\")." },
            { regex: "^node:", message: "core/ is pure and runs in the browser too: no node:* imports (docs/architecture.md \"Layers\")." },
          ],
        },
      ],
    },
  },
  {
    name: "finishline/layers/db",
    files: ["db/**/*.ts"],
    ignores: TEST_FILES,
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            layer("db/ (schema and connections)", "server", "app", "components", "scripts", "bench", "test", "e2e"),
            { regex: "^(next|react|react-dom|server-only)(/|$)", message: "db/ knows no framework (docs/architecture.md \"Layers\")." },
          ],
        },
      ],
    },
  },
  {
    name: "finishline/layers/server",
    files: ["server/**/*.{ts,tsx}"],
    ignores: TEST_FILES,
    rules: {
      "no-restricted-imports": ["error", { patterns: [layer("server/ (services)", "app", "components", "scripts", "bench", "test", "e2e")] }],
    },
  },
  {
    name: "finishline/layers/ui",
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    ignores: TEST_FILES,
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [layer("app/ and components/ (routes and UI)", "db", "scripts", "bench", "test", "e2e"), layer("app/ and components/ (routes and UI: server/db.ts is the data layer's door for services)", "server/db")] },
      ],
    },
  },
  {
    // Tests and tooling build file paths and patterns from their own constants, never from a request.
    name: "finishline/security-tooling",
    files: ["bench/**", "e2e/**", "scripts/**", "test/**", "**/*.test.ts", "*.config.{ts,mts,mjs}"],
    rules: {
      "security/detect-non-literal-fs-filename": "off",
      "security/detect-non-literal-regexp": "off",
    },
  },
];

export default config;
