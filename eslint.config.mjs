// ESLint 9 flat config. eslint-config-next 16 ships flat configs (arrays) as its `core-web-vitals` and
// `typescript` entry points; drizzle's rules stop a delete/update without a where clause (create-t3-app's
// `_eslint.drizzle.js`); eslint-plugin-security flags risky Node patterns (warnings).
import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import drizzle from "eslint-plugin-drizzle";
import security from "eslint-plugin-security";

const drizzleObjectName = ["db", "tx"];

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
