/**
 * End-to-end tests in Debian's Chromium against the production build (`next build` into .next-e2e, then
 * `next start` on port 3100) on a fresh SQLite database that e2e/prepare-db.ts makes when the server starts.
 * `npm test` builds first (scripts/test.sh); run alone, `npx playwright test` builds when .next-e2e is missing.
 * Reporters: PLAYWRIGHT_JSON_OUTPUT_NAME=<file> adds the JSON reporter (scripts/test.sh counts from it).
 * Email: a second web server, e2e/smtp-sink.ts, receives the app's mail over SMTP (SMTP_URL) and serves it over HTTP
 * at E2E_MAIL_SINK_URL (set below for the specs: GET <url>/messages?to=<address>).
 */
import { defineConfig, devices, type ReporterDescription } from "@playwright/test";
import { E2E_DATABASE_FILE } from "./e2e/tokens";

// E2E_PORT and E2E_DIST_DIR let two e2e runs of one checkout coexist; the data directory follows the port.
const PORT = Number(process.env.E2E_PORT || 3100);
const baseURL = `http://127.0.0.1:${PORT}`;
const distDir = process.env.E2E_DIST_DIR || ".next-e2e";
const databaseFile = E2E_DATABASE_FILE;
const isCI = Boolean(process.env.CI);
// The mail sink's ports follow the app's, so parallel runs on other E2E_PORTs do not collide.
const mailSmtpPort = PORT + 20_000;
const mailHttpPort = PORT + 21_000;
const mailSinkUrl = `http://127.0.0.1:${mailHttpPort}`;
// Specs run in worker processes, which inherit this environment.
process.env.E2E_MAIL_SINK_URL = mailSinkUrl;

const jsonFile = process.env.PLAYWRIGHT_JSON_OUTPUT_NAME;
const reporter: ReporterDescription[] = [["list"]];
if (jsonFile) reporter.push(["json", { outputFile: jsonFile }]);
else if (!isCI) reporter.push(["html", { open: "never" }]);

const tsx = "npx tsx --conditions=react-server";

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  // No retries: a flaky test should fail, not hide.
  retries: 0,
  forbidOnly: isCI,
  // Stories of several pages with axe on each, one worker, on a 2-core CI machine that also runs the server: a
  // minute per test (most take 5–20 s; a slow one used to cross 30 s when the machine was busy).
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter,
  globalSetup: "./e2e/global-setup.ts",
  // Inside test-results/ but not test-results/ itself: Playwright empties its outputDir, and scripts/test.sh keeps
  // the vitest report there.
  // Per port, like the data directory: a run empties its outputDir, which must not be another run's.
  outputDir: PORT === 3100 ? "test-results/playwright" : `test-results/playwright-${PORT}`,
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    locale: "en-US",
    timezoneId: "Asia/Shanghai",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
          ],
        },
      },
    },
  ],
  webServer: [
    {
      command: `${tsx} e2e/smtp-sink.ts`,
      url: `${mailSinkUrl}/health`,
      reuseExistingServer: !isCI,
      timeout: 30_000,
      stdout: "pipe",
      stderr: "pipe",
      env: { MAIL_SINK_SMTP_PORT: String(mailSmtpPort), MAIL_SINK_HTTP_PORT: String(mailHttpPort) },
    },
    {
      // Fresh database first (Playwright starts the server before globalSetup), build only when missing.
      command: `${tsx} e2e/prepare-db.ts && { [ -f ${distDir}/BUILD_ID ] || npx next build; } && exec npx next start -H 127.0.0.1 -p ${PORT}`,
      url: `${baseURL}/api/health`,
      reuseExistingServer: !isCI,
      timeout: 300_000,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        NEXT_DIST_DIR: distDir,
        DATABASE_URL: `file:${databaseFile}`,
        PUBLIC_URL: baseURL,
        AUTH_TRUST_HOST: "true",
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        SMTP_URL: `smtp://127.0.0.1:${mailSmtpPort}`,
        // Every e2e registration comes from 127.0.0.1: the per-address limit would refuse the suite, not a flood.
        RATE_LIMIT_REGISTRATIONS_PER_MINUTE: "1000",
      },
    },
  ],
});
