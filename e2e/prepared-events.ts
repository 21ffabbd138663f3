/**
 * The dates and names of the events e2e/prepare-db.ts made: their dates are relative to the day it ran
 * (scripts/event-dates.ts), so specs read them here instead of writing a date down.
 */
import fs from "node:fs";
import path from "node:path";
import { E2E_DATA_DIR } from "./tokens";

export const EVENTS_FILE = path.join(E2E_DATA_DIR, "events.json");

export interface PreparedEvents {
  demo: {
    /** Race day, YYYY-MM-DD. */
    date: string;
    name: { en: string; zh: string };
    /** The half marathon's early-bird price ends at this instant (ISO 8601). */
    earlyBirdEndsAt: string;
  };
}

let cached: PreparedEvents | undefined;

export function preparedEvents(): PreparedEvents {
  if (!cached) {
    if (!fs.existsSync(EVENTS_FILE)) throw new Error(`${EVENTS_FILE} is missing: it is written when Playwright starts the e2e web server.`);
    cached = JSON.parse(fs.readFileSync(EVENTS_FILE, "utf8")) as PreparedEvents;
  }
  return cached;
}

export function writePreparedEvents(events: PreparedEvents): void {
  fs.mkdirSync(path.dirname(EVENTS_FILE), { recursive: true });
  fs.writeFileSync(EVENTS_FILE, JSON.stringify(events, null, 2) + "\n");
}
