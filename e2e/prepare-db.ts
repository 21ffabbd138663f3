/**
 * Makes the e2e database from scratch: data/e2e/e2e.db (or DATABASE_URL when it is a file: URL), migrated,
 * seeded with the demo event, plus the accounts of e2e/fixtures.ts and one API token each, written to
 * data/e2e/tokens.json for the API specs (read them with e2e/tokens.ts).
 *
 * Playwright starts its webServer before globalSetup, so this runs as the first half of the webServer command
 * (playwright.config.ts): `tsx --conditions=react-server e2e/prepare-db.ts && next start …`.
 */
import fs from "node:fs";
import { DateTime } from "luxon";
import path from "node:path";
import { closeConnection, getConnection } from "../server/db";
import { eventDatesFrom } from "../scripts/event-dates";
import { demoEventInput, seedDemoEvent } from "../scripts/seed";
import { CLI_ACTOR } from "../server/actor";
import { createApiToken } from "../server/auth/tokens";
import { assignEventRole, createUser } from "../server/auth/users";
import { createEvent } from "../server/events/manage-events";
import { findEventBySlug } from "../server/events/queries";
import { DEMO_EVENT_SLUG, E2E_PASSWORD, OTHER_EVENT_SLUG, SOLD_OUT_RACE, STAFF } from "./fixtures";
import { E2E_DATABASE_FILE, TOKENS_FILE, type E2eTokens } from "./tokens";
import { writePreparedEvents } from "./prepared-events";
import { seedPaidEntries } from "./paid-entries";
import { seedBibEvent } from "./bib-event";
import { first, present } from "../core/lists";

// About five months ahead of the day the database is prepared, registration open now.
const otherDates = eventDatesFrom(new Date(), { daysAhead: 150, closesDaysBefore: 14 });
const otherEventInput = {
  slug: OTHER_EVENT_SLUG,
  name: { en: "Other City 10K", zh: "他城十公里" },
  date: otherDates.date,
  timezone: "Asia/Shanghai",
  venue: { en: "Riverside Park", zh: "滨江公园" },
  city: { en: "Suzhou", zh: "苏州" },
  description: { en: "A flat 10 km along the river.", zh: "沿江平坦的十公里。" },
  status: "published",
  registrationOpensAt: otherDates.registrationOpensAt,
  registrationClosesAt: otherDates.registrationClosesAt,
  races: [
    {
      slug: "10k",
      name: { en: "10K", zh: "十公里" },
      distanceMeters: 10000,
      capacity: 3000,
      currency: "CNY",
      priceCents: 8000,
      minAge: 16,
      maxAge: 80,
      startTime: otherDates.at("07:30"),
      rankBy: "net",
      bibRanges: [{ from: 1, to: 3000, reserved: false, label: null }],
      waves: [{ name: "A", startTime: otherDates.at("07:30") }],
    },
    {
      ...SOLD_OUT_RACE,
      distanceMeters: 1609.344,
      capacity: 1,
      currency: "CNY",
      priceCents: 3000,
      minAge: 10,
      maxAge: 80,
      startTime: otherDates.at("09:00"),
      rankBy: "gun",
      bibRanges: [{ from: 9001, to: 9001, reserved: false, label: null }],
      waves: [],
    },
  ],
};

function removeDatabase(file: string): void {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(file + suffix, { force: true });
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL || `file:${E2E_DATABASE_FILE}`;
  if (!url.startsWith("file:")) throw new Error(`e2e needs a SQLite DATABASE_URL (file:…), got ${url}`);
  process.env.DATABASE_URL = url;
  const file = path.resolve(url.slice("file:".length));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  removeDatabase(file);
  fs.rmSync(TOKENS_FILE, { force: true });

  await getConnection().migrate();
  const now = new Date();
  await seedDemoEvent(CLI_ACTOR, now);
  const demoInput = demoEventInput(now);
  const earlyBird = first(first(demoInput.races, "race").priceTiers ?? [], "price tier").endsAt;
  if (!earlyBird) throw new Error("The demo event's first price tier has no end: it is not an early bird");
  writePreparedEvents({
    demo: { date: demoInput.date, name: demoInput.name, earlyBirdEndsAt: present(DateTime.fromISO(earlyBird, { zone: demoInput.timezone }).toISO()) },
  });
  await createEvent(CLI_ACTOR, otherEventInput);
  const demo = await findEventBySlug(DEMO_EVENT_SLUG);
  const other = await findEventBySlug(OTHER_EVENT_SLUG);
  if (!demo || !other) throw new Error("e2e events were not created");

  await createUser(CLI_ACTOR, { email: STAFF.admin, password: E2E_PASSWORD, role: "admin", name: "E2E Admin" });
  const organizer = await createUser(CLI_ACTOR, { email: STAFF.organizer, password: E2E_PASSWORD, role: "organizer", name: "E2E Organizer" });
  const otherOrganizer = await createUser(CLI_ACTOR, {
    email: STAFF.otherOrganizer,
    password: E2E_PASSWORD,
    role: "organizer",
    name: "E2E Other Organizer",
  });
  const volunteer = await createUser(CLI_ACTOR, { email: STAFF.volunteer, password: E2E_PASSWORD, role: "volunteer", name: "E2E Volunteer" });
  await assignEventRole(CLI_ACTOR, { userId: organizer.id, eventId: demo.id, role: "organizer" });
  await assignEventRole(CLI_ACTOR, { userId: otherOrganizer.id, eventId: other.id, role: "organizer" });
  await assignEventRole(CLI_ACTOR, { userId: volunteer.id, eventId: demo.id, role: "volunteer" });

  const tokens: E2eTokens = {
    admin: (await createApiToken(CLI_ACTOR, { email: STAFF.admin, name: "e2e" })).token,
    organizer: (await createApiToken(CLI_ACTOR, { email: STAFF.organizer, name: "e2e" })).token,
    otherOrganizer: (await createApiToken(CLI_ACTOR, { email: STAFF.otherOrganizer, name: "e2e" })).token,
    volunteer: (await createApiToken(CLI_ACTOR, { email: STAFF.volunteer, name: "e2e" })).token,
  };
  fs.mkdirSync(path.dirname(TOKENS_FILE), { recursive: true });
  fs.writeFileSync(TOKENS_FILE, JSON.stringify(tokens, null, 2) + "\n", { mode: 0o600 });
  await seedPaidEntries();
  await seedBibEvent(organizer.id);
  console.log(`e2e database ready: ${file} (tokens in ${path.relative(process.cwd(), TOKENS_FILE)})`);
}

main()
  .then(() => closeConnection())
  .catch(async (error: unknown) => {
    console.error(error);
    await closeConnection().catch(() => {});
    process.exitCode = 1;
  });
