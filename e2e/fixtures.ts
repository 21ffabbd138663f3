/**
 * Accounts and data that e2e/global-setup.ts creates before the Playwright run (a fresh SQLite database,
 * seeded with the demo event). Specs import from here; nothing else hard-codes them.
 */
export const E2E_PASSWORD = "e2e-password-123";

export const STAFF = {
  admin: "admin@e2e.test",
  /** Organizer of the demo event. */
  organizer: "organizer@e2e.test",
  /** Organizer of OTHER_EVENT_SLUG only. */
  otherOrganizer: "other-organizer@e2e.test",
  /** Volunteer on the demo event. */
  volunteer: "volunteer@e2e.test",
} as const;

export { DEMO_EVENT_SLUG } from "../scripts/seed";
/** A second, published event organized by STAFF.otherOrganizer. */
export const OTHER_EVENT_SLUG = "other-city-10k";

/**
 * A race of OTHER_EVENT_SLUG with one place, free when the database is prepared: e2e/registration.spec.ts sells
 * it out (through the API and the test checkout) while a runner has the form open.
 */
export const SOLD_OUT_RACE = { slug: "mile", name: { en: "Charity Mile", zh: "公益一英里" } } as const;
