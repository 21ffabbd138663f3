/**
 * Where the e2e run keeps its database and the API tokens of the e2e accounts (STAFF in fixtures.ts), which
 * e2e/prepare-db.ts writes when Playwright starts the web server.
 * Usage in a spec: `request.get("/api/v1/…", { headers: authHeader("organizer") })`.
 */
import fs from "node:fs";
import path from "node:path";

/** data/e2e for the default port 3100, data/e2e-<port> for a run on another E2E_PORT. */
const port = process.env.E2E_PORT && process.env.E2E_PORT !== "3100" ? `-${process.env.E2E_PORT}` : "";
export const E2E_DATA_DIR = path.resolve(process.cwd(), "data", `e2e${port}`);
export const E2E_DATABASE_FILE = path.join(E2E_DATA_DIR, "e2e.db");
export const TOKENS_FILE = path.join(E2E_DATA_DIR, "tokens.json");

export interface E2eTokens {
  admin: string;
  organizer: string;
  otherOrganizer: string;
  volunteer: string;
}

let cached: E2eTokens | undefined;

export function readTokens(): E2eTokens {
  if (!cached) {
    if (!fs.existsSync(TOKENS_FILE)) throw new Error(`${TOKENS_FILE} is missing: it is written when Playwright starts the e2e web server.`);
    cached = JSON.parse(fs.readFileSync(TOKENS_FILE, "utf8")) as E2eTokens;
  }
  return cached;
}

export function apiToken(who: keyof E2eTokens): string {
  return readTokens()[who];
}

export function authHeader(who: keyof E2eTokens): { Authorization: string } {
  return { Authorization: `Bearer ${apiToken(who)}` };
}
