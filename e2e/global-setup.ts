/**
 * Runs after Playwright has started the web server (whose command prepared a fresh database with
 * e2e/prepare-db.ts; Playwright starts webServer before globalSetup). Checks that the preparation happened and
 * that the server answers, so a broken setup fails once with a clear message instead of in every spec.
 */
import fs from "node:fs";
import type { FullConfig } from "@playwright/test";
import { TOKENS_FILE } from "./tokens";

export default async function globalSetup(config: FullConfig): Promise<void> {
  if (!fs.existsSync(TOKENS_FILE)) {
    throw new Error(
      `${TOKENS_FILE} is missing. The e2e web server command prepares the database and writes it; ` +
        `if you reused a server you started yourself, start it with e2e/prepare-db.ts first (see playwright.config.ts).`,
    );
  }
  const baseURL = config.projects[0]?.use.baseURL ?? "http://127.0.0.1:3100";
  const res = await fetch(new URL("/api/health", baseURL));
  if (!res.ok) throw new Error(`${baseURL}/api/health answered ${res.status}`);
}
