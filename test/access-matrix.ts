/**
 * Every admin page, server action and organizer API route, with the roles allowed to use it. The vitest
 * authorization test (server/auth/authorization.test.ts) checks the API routes and actions against every role,
 * e2e/authorization.spec.ts checks the pages, and both fail when a route or page exists that is not listed here.
 * Every new route joins this list.
 *
 * Roles: anonymous, runner (signed in with an emailed link: a session, but no staff role and no API token),
 * volunteer (of the event), otherOrganizer (organizer of another event), organizer (of the event), admin.
 */
export const ROLES = ["anonymous", "runner", "volunteer", "otherOrganizer", "organizer", "admin"] as const;

/** Roles without a staff session: refused as a stranger is (sent to sign-in, 401), never as "not allowed". */
export const SIGNED_OUT_OF_ADMIN: readonly Role[] = ["anonymous", "runner"];
export type Role = (typeof ROLES)[number];

const EVERYONE: Role[] = [...ROLES];
const CREATORS: Role[] = ["otherOrganizer", "organizer", "admin"];
const EDITORS: Role[] = ["organizer", "admin"];
const STAFF_OF_EVENT: Role[] = ["volunteer", "organizer", "admin"];

export interface ApiEntry {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** Route file under app/api/v1, e.g. "events/[event]/route.ts". */
  file: string;
  allowed: Role[];
  /**
   * For routes that API tokens do not open (e.g. a signed webhook): the status every role gets for the test's
   * request, whatever token it sends. `allowed` is then empty.
   */
  everyoneGets?: number;
}

export const API_ROUTES: ApiEntry[] = [
  { method: "GET", file: "events/route.ts", allowed: EVERYONE },
  { method: "POST", file: "events/route.ts", allowed: CREATORS },
  { method: "GET", file: "events/[event]/route.ts", allowed: EVERYONE },
  { method: "PATCH", file: "events/[event]/route.ts", allowed: EDITORS },
  { method: "POST", file: "events/[event]/races/route.ts", allowed: EDITORS },
  { method: "PATCH", file: "events/[event]/races/[race]/route.ts", allowed: EDITORS },
  // Registration is public; the order and its refunds are for the event's organizers (or the order's owner with
  // its private token, which the matrix does not send).
  { method: "POST", file: "events/[event]/registrations/route.ts", allowed: EVERYONE },
  { method: "GET", file: "orders/[code]/route.ts", allowed: EDITORS },
  { method: "POST", file: "orders/[code]/refunds/route.ts", allowed: EDITORS },
  // Stripe's webhook: the signature is the credential, tokens open nothing (an unsigned body is refused).
  { method: "POST", file: "webhooks/stripe/route.ts", allowed: [], everyoneGets: 400 },
  // The entry list and its CSV: the event's organizers and admins (volunteers read the list in the admin only).
  { method: "GET", file: "events/[event]/registrations/route.ts", allowed: EDITORS },
  { method: "GET", file: "events/[event]/registrations.csv/route.ts", allowed: EDITORS },
  // The timing start list (JSON and CSV): the event's organizers and admins.
  { method: "GET", file: "events/[event]/entries/route.ts", allowed: EDITORS },
  { method: "GET", file: "events/[event]/entries.csv/route.ts", allowed: EDITORS },
  // Discount codes: the event's organizers and admins only (volunteers never see them).
  { method: "GET", file: "events/[event]/discount-codes/route.ts", allowed: EDITORS },
  { method: "POST", file: "events/[event]/discount-codes/route.ts", allowed: EDITORS },
  { method: "PATCH", file: "events/[event]/discount-codes/[code]/route.ts", allowed: EDITORS },
  // The dashboard's figures (places, money, codes, shirts, ages, nationalities, pickups): organizers and admins.
  { method: "GET", file: "events/[event]/dashboard/route.ts", allowed: EDITORS },
  // Packet pickup: the event's volunteers work the desks (and scanners with their tokens), with organizers and admins.
  { method: "POST", file: "events/[event]/pickups/route.ts", allowed: STAFF_OF_EVENT },
  { method: "GET", file: "events/[event]/pickups/route.ts", allowed: STAFF_OF_EVENT },
  // Bibs: the batch (preview or apply) and a bib by hand, for the event's organizers and admins.
  { method: "POST", file: "events/[event]/races/[race]/bibs/assign/route.ts", allowed: EDITORS },
  { method: "PUT", file: "events/[event]/registrations/[id]/bib/route.ts", allowed: EDITORS },
  // Results: timers (the event's organizers' tokens) and admins import files and chip reads; everyone reads them.
  { method: "POST", file: "events/[event]/races/[race]/results/route.ts", allowed: EDITORS },
  { method: "POST", file: "events/[event]/reads/route.ts", allowed: EDITORS },
  { method: "GET", file: "events/[event]/races/[race]/results/route.ts", allowed: EVERYONE },
  { method: "GET", file: "events/[event]/races/[race]/results/[bib]/route.ts", allowed: EVERYONE },
  { method: "GET", file: "events/[event]/races/[race]/results.csv/route.ts", allowed: EVERYONE },
  { method: "GET", file: "events/[event]/races/[race]/results/live/route.ts", allowed: EVERYONE },
  { method: "GET", file: "events/[event]/races/[race]/results/[bib]/certificate.pdf/route.ts", allowed: EVERYONE },
];

export interface PageEntry {
  /** The page file under app/admin, e.g. "events/[slug]/page.tsx" (or a route handler, "…/route.ts"). */
  file: string;
  /** The URL, with placeholders the spec fills in: {event} (the demo event), {race}, {registration}, {message} (an email of the demo event). */
  path: string;
  allowed: Role[];
  /**
   * POST for a route handler the admin's pages post to (the spec sends an empty body): allowed roles get 200,
   * anonymous callers 401 and other staff 403, as JSON. GET (the default) otherwise.
   */
  method?: "POST";
}

const STAFF: Role[] = ["volunteer", "otherOrganizer", "organizer", "admin"];

/** Refused: anonymous visitors are sent to sign-in; signed-in staff get 403 with a "not allowed" page. */
export const ADMIN_PAGES: PageEntry[] = [
  { file: "sign-in/page.tsx", path: "/admin/sign-in", allowed: EVERYONE },
  { file: "page.tsx", path: "/admin", allowed: STAFF },
  { file: "events/new/page.tsx", path: "/admin/events/new", allowed: CREATORS },
  // Volunteers see their event read-only (they will run packet pickup).
  { file: "events/[slug]/page.tsx", path: "/admin/events/{event}", allowed: STAFF_OF_EVENT },
  { file: "events/[slug]/races/[race]/page.tsx", path: "/admin/events/{event}/races/{race}", allowed: EDITORS },
  // Entries: volunteers read them for packet pickup (no contacts, money or actions); the outbox is for admins (all
  // mail) and organizer accounts (their events' mail only; docs/decisions/005-outbox-visibility.md).
  { file: "events/[slug]/registrations/page.tsx", path: "/admin/events/{event}/registrations", allowed: STAFF_OF_EVENT },
  { file: "events/[slug]/registrations/[id]/page.tsx", path: "/admin/events/{event}/registrations/{registration}", allowed: STAFF_OF_EVENT },
  // A route handler in the admin (the list's CSV download): checked like a page, by its answer.
  { file: "events/[slug]/registrations/export/route.ts", path: "/admin/events/{event}/registrations/export", allowed: EDITORS },
  // The participants table's XLSX of the filtered view (the same rows as the CSV): organizers and admins.
  { file: "events/[slug]/registrations/export.xlsx/route.ts", path: "/admin/events/{event}/registrations/export.xlsx?gender=F&sort=name", allowed: EDITORS },
  { file: "outbox/page.tsx", path: "/admin/outbox", allowed: CREATORS },
  { file: "outbox/[id]/page.tsx", path: "/admin/outbox/{message}", allowed: EDITORS },
  { file: "events/[slug]/discount-codes/page.tsx", path: "/admin/events/{event}/discount-codes", allowed: EDITORS },
  // Exports for the printer and timing: the page and its downloads (route handlers), organizers and admins.
  { file: "events/[slug]/exports/page.tsx", path: "/admin/events/{event}/exports", allowed: EDITORS },
  { file: "events/[slug]/exports/bibs.csv/route.ts", path: "/admin/events/{event}/exports/bibs.csv", allowed: EDITORS },
  { file: "events/[slug]/exports/bibs.xlsx/route.ts", path: "/admin/events/{event}/exports/bibs.xlsx", allowed: EDITORS },
  { file: "events/[slug]/exports/bibs.pdf/route.ts", path: "/admin/events/{event}/exports/bibs.pdf?layout=a4", allowed: EDITORS },
  { file: "events/[slug]/exports/start-list.csv/route.ts", path: "/admin/events/{event}/exports/start-list.csv", allowed: EDITORS },
  // Packet pickup: the desk and its progress, for the event's volunteers, organizers and admins.
  { file: "events/[slug]/pickup/page.tsx", path: "/admin/events/{event}/pickup", allowed: STAFF_OF_EVENT },
  { file: "events/[slug]/pickup/progress/page.tsx", path: "/admin/events/{event}/pickup/progress", allowed: STAFF_OF_EVENT },
  // The event's dashboard (figures and charts, the same as the API's): organizers and admins.
  { file: "events/[slug]/dashboard/page.tsx", path: "/admin/events/{event}/dashboard", allowed: EDITORS },
  // A race's bib numbers (preview and apply the batch): the event's organizers and admins.
  { file: "events/[slug]/races/[race]/bibs/page.tsx", path: "/admin/events/{event}/races/{race}/bibs", allowed: EDITORS },
  // A race's results: the page, the preview it posts the file to (an empty file is answered 200 with its problem,
  // and nothing is written) and the import (an empty file is refused inside the 200 answer's stream, and changes
  // nothing).
  { file: "events/[slug]/races/[race]/results/page.tsx", path: "/admin/events/{event}/races/{race}/results", allowed: EDITORS },
  { file: "events/[slug]/races/[race]/results/preview/route.ts", path: "/admin/events/{event}/races/{race}/results/preview", allowed: EDITORS, method: "POST" },
  { file: "events/[slug]/races/[race]/results/import/route.ts", path: "/admin/events/{event}/races/{race}/results/import", allowed: EDITORS, method: "POST" },
  // Staff and access (docs/decisions/007-staff-invitations.md): an event's staff and invitations for its organizers
  // and admins; the invitation page is public (its token is the credential; a wrong one says so, 200); every staff
  // member manages their own API tokens; the audit log for organizer accounts (their events) and admins.
  { file: "events/[slug]/staff/page.tsx", path: "/admin/events/{event}/staff", allowed: EDITORS },
  { file: "invitations/[token]/page.tsx", path: "/admin/invitations/not-a-valid-invitation-link", allowed: EVERYONE },
  { file: "tokens/page.tsx", path: "/admin/tokens", allowed: STAFF },
  { file: "audit/page.tsx", path: "/admin/audit", allowed: CREATORS },
  // Messages to runners (compose, preview, send, progress): the event's organizers and admins.
  { file: "events/[slug]/messages/page.tsx", path: "/admin/events/{event}/messages", allowed: EDITORS },
];

export interface ActionEntry {
  /** Module under app/admin, e.g. "events/[slug]/actions.ts", and the exported function. */
  file: string;
  name: string;
  allowed: Role[];
}

/**
 * Refused: anonymous callers are redirected to sign-in; signed-in staff get the "not allowed" form state and
 * nothing changes. Server actions are public endpoints: each checks on its own (server/auth/admin-actions.test.ts).
 */
export const ADMIN_ACTIONS: ActionEntry[] = [
  { file: "sign-in/actions.ts", name: "signInAction", allowed: EVERYONE },
  { file: "actions.ts", name: "setLanguageAction", allowed: EVERYONE },
  { file: "actions.ts", name: "signOutAction", allowed: EVERYONE },
  { file: "events/new/actions.ts", name: "createEventAction", allowed: CREATORS },
  { file: "events/[slug]/actions.ts", name: "updateEventAction", allowed: EDITORS },
  { file: "events/[slug]/actions.ts", name: "setEventStatusAction", allowed: EDITORS },
  { file: "events/[slug]/actions.ts", name: "addRaceAction", allowed: EDITORS },
  { file: "events/[slug]/races/[race]/actions.ts", name: "updateRaceAction", allowed: EDITORS },
  { file: "events/[slug]/registrations/[id]/actions.ts", name: "cancelEntryAction", allowed: EDITORS },
  { file: "events/[slug]/registrations/[id]/actions.ts", name: "refundEntryAction", allowed: EDITORS },
  { file: "events/[slug]/registrations/[id]/actions.ts", name: "resendConfirmationAction", allowed: EDITORS },
  { file: "events/[slug]/discount-codes/actions.ts", name: "createDiscountCodeAction", allowed: EDITORS },
  { file: "events/[slug]/discount-codes/actions.ts", name: "endDiscountCodeAction", allowed: EDITORS },
  { file: "events/[slug]/pickup/actions.ts", name: "findForPickupAction", allowed: STAFF_OF_EVENT },
  { file: "events/[slug]/pickup/actions.ts", name: "recordPickupAction", allowed: STAFF_OF_EVENT },
  { file: "events/[slug]/pickup/actions.ts", name: "lookupForPickupAction", allowed: STAFF_OF_EVENT },
  { file: "events/[slug]/pickup/actions.ts", name: "pickupProgressAction", allowed: STAFF_OF_EVENT },
  { file: "events/[slug]/races/[race]/bibs/actions.ts", name: "applyBibsAction", allowed: EDITORS },
  { file: "events/[slug]/registrations/[id]/actions.ts", name: "setBibAction", allowed: EDITORS },
  { file: "events/[slug]/registrations/[id]/actions.ts", name: "swapBibsAction", allowed: EDITORS },
  { file: "events/[slug]/registrations/[id]/actions.ts", name: "setWaveAction", allowed: EDITORS },
  // Correcting a runner's details on the entry page (audited with the previous values): organizers and admins.
  { file: "events/[slug]/registrations/[id]/actions.ts", name: "updateEntryAction", allowed: EDITORS },
  // Staff: organizers invite, revoke and remove volunteers (the recipes' role), admins anyone.
  { file: "events/[slug]/staff/actions.ts", name: "inviteStaffAction", allowed: EDITORS },
  { file: "events/[slug]/staff/actions.ts", name: "revokeInvitationAction", allowed: EDITORS },
  { file: "events/[slug]/staff/actions.ts", name: "removeStaffAction", allowed: EDITORS },
  // Accepting an invitation: anyone holding a valid link (one per call).
  { file: "invitations/[token]/actions.ts", name: "acceptInvitationAction", allowed: EVERYONE },
  // Tokens: any staff member creates their own; a token of the event's organizer is revoked by them or an admin.
  { file: "tokens/actions.ts", name: "createTokenAction", allowed: STAFF },
  { file: "tokens/actions.ts", name: "revokeTokenAction", allowed: EDITORS },
  // Messages to runners: preview and send (one action), and stopping one, for the event's organizers and admins.
  { file: "events/[slug]/messages/actions.ts", name: "sendBroadcastAction", allowed: EDITORS },
  { file: "events/[slug]/messages/actions.ts", name: "cancelBroadcastAction", allowed: EDITORS },
];

export { EVERYONE, CREATORS, EDITORS, STAFF_OF_EVENT, STAFF };
