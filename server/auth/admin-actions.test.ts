/**
 * The admin server actions against every role, on both engines (test/access-matrix.ts ADMIN_ACTIONS). A server
 * action is a public endpoint: whoever posts to it reaches the function, so each must check on its own. Here the
 * signed-in staff member is whoever the test says (the session module is replaced), the rest is real: the action,
 * the domain service, the database. An allowed role gets its change (a redirect to the result); a refused one is
 * sent to sign-in (anonymous) or gets the "not allowed" state, and nothing is written. An exported action that the
 * matrix does not list fails the test.
 */
import fs from "node:fs";
import path from "node:path";
import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getConnection } from "../db";
import { ADMIN_ACTIONS, ROLES, SIGNED_OUT_OF_ADMIN, type Role } from "../../test/access-matrix";
import { makeStaff, resetDatabase } from "../../test/db";
import { eventInput, raceInput } from "../../test/factories";
import type { Actor } from "../actor";
import { createDiscountCode } from "../events/discount-codes";
import { createEvent } from "../events/manage-events";
import { first, present } from "../../core/lists";

const ADMIN_DIR = path.resolve("app/admin");
const EVENT = "actions-event";

const signedIn: { actor: Actor | null } = { actor: null };

vi.mock("@/server/auth/session", async (importOriginal) => {
  const original = await importOriginal<typeof import("./session")>();
  const { redirect } = await import("next/navigation");
  return {
    ...original,
    getActor: async () => signedIn.actor,
    requireStaff: async (returnTo = "/admin") => signedIn.actor ?? redirect(`/admin/sign-in?callbackUrl=${encodeURIComponent(original.safeAdminPath(returnTo))}`),
  };
});
// next-auth's own sign-in and sign-out are exercised in the e2e specs; here they only must not be refused.
vi.mock("@/server/auth", () => ({ signIn: vi.fn(async () => undefined), signOut: vi.fn(async () => undefined), auth: vi.fn(async () => null) }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn(), updateTag: vi.fn(), refresh: vi.fn() }));
vi.mock("next/headers", () => ({ cookies: async () => ({ set: vi.fn(), get: () => undefined }), headers: async () => new Headers() }));
// Messages come back as their keys, so the test can tell "not allowed" from a field error.
vi.mock("next-intl/server", () => {
  const translator = (ns?: string) => {
    const t = (key: string) => (ns ? `${ns}.${key}` : key);
    return Object.assign(t, { raw: t, has: () => false, rich: t, markup: t });
  };
  return { getTranslations: async (ns?: string | { namespace?: string }) => translator(typeof ns === "string" ? ns : ns?.namespace), getLocale: async () => "en" };
});

function exportedActions(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return exportedActions(full);
    if (d.name !== "actions.ts") return [];
    const source = fs.readFileSync(full, "utf8");
    // An action is an exported async function, or an exported constant made by staffAction/publicAction (app/_lib/actions.ts).
    return [...source.matchAll(/export (?:async function|const) (\w+)/g)].map((m) => `${path.relative(ADMIN_DIR, full)} ${m[1]}`);
  });
}

let n = 0;
const RACE_FIELDS = {
  "name.en": "Ten K",
  "name.zh": "十公里",
  distanceMeters: "10000",
  capacity: "300",
  currency: "CNY",
  price: "80.00",
  minAge: "16",
  maxAge: "80",
  startTime: "2027-04-18T08:00",
  rankBy: "gun",
  ageGroupBounds: "",
  bibRanges: "",
  waves: "",
};

/** Confirmed entries of EVENT, one per call of an action on an entry (a cancelled entry cannot be cancelled again). */
const paidEntries: string[] = [];
function nextPaidEntry(): string {
  const id = paidEntries.pop();
  if (!id) throw new Error("Out of paid entries: make more in beforeAll");
  return id;
}

async function makePaidEntries(count: number): Promise<void> {
  const { registerEntries } = await import("../registration/register");
  const { confirmPayment } = await import("../payments/confirm-payment");
  const { participant, registrationBody } = await import("../../test/factories");
  const now = new Date("2026-12-01T04:00:00Z");
  const { db, schema } = getConnection();
  for (let i = 0; i < count; i++) {
    const result = await registerEntries(EVENT, registrationBody([participant()]), { clientIp: `198.51.100.${i + 1}`, now });
    const order = first(await db.select().from(schema.orders).where(eq(schema.orders.code, result.order.code)));
    await confirmPayment({ orderId: order.id, provider: "simulated", providerPaymentId: `sim_${order.id}`, amountCents: order.totalCents, currency: "CNY", now });
    paidEntries.push(first(result.registrations).id);
  }
}

/** Invitations, volunteers and an organizer's tokens for the staff and token actions: one per call, made in beforeAll. */
const pools = { invitationTokens: [] as string[], invitationIds: [] as string[], volunteerIds: [] as string[], organizerTokenIds: [] as string[], broadcastIds: [] as string[] };
function take(pool: string[]): string {
  const value = pool.pop();
  if (!value) throw new Error("Out of staff fixtures: make more in beforeAll");
  return value;
}

/** A valid submission for each action: an allowed role's call succeeds with it. */
function formFor(name: string): FormData {
  n += 1;
  const fields = ((): Record<string, string> => {
    switch (name) {
      case "signInAction":
        return { email: "someone@example.com", password: "whatever-123" };
      case "setLanguageAction":
        return { locale: "zh" };
      case "signOutAction":
        return {};
      case "createEventAction":
        return {
          slug: `made-${n}`,
          "name.en": `Made ${n}`,
          "name.zh": `新建 ${n}`,
          date: "2027-06-06",
          timezone: "Asia/Shanghai",
          ...Object.fromEntries(Object.entries(RACE_FIELDS).map(([k, v]) => [`races.0.${k}`, v])),
          "races.0.slug": "10k",
          "races.0.startTime": "2027-06-06T07:30",
        };
      case "updateEventAction":
        return { eventSlug: EVENT, slug: EVENT, "name.en": `Renamed ${n}`, "name.zh": `改名 ${n}`, date: "2027-04-18", timezone: "Asia/Shanghai" };
      case "setEventStatusAction":
        return { eventSlug: EVENT, status: n % 2 ? "draft" : "published" };
      case "addRaceAction":
        return { eventSlug: EVENT, timezone: "Asia/Shanghai", ...RACE_FIELDS, slug: `race-${n}` };
      case "updateRaceAction":
        return { eventSlug: EVENT, raceSlug: "half", timezone: "Asia/Shanghai", ...RACE_FIELDS, slug: "half", capacity: String(400 + n) };
      case "cancelEntryAction":
        return { eventSlug: EVENT, registrationId: nextPaidEntry(), notify: "on" };
      case "refundEntryAction":
        return { eventSlug: EVENT, registrationId: nextPaidEntry(), scope: "entry", amountCents: "" };
      case "resendConfirmationAction":
        return { eventSlug: EVENT, registrationId: nextPaidEntry() };
      case "createDiscountCodeAction":
        return { eventSlug: EVENT, code: `matrix-${n}`, kind: "percent", value: "10", race: "", validFrom: "", validUntil: "", maxUses: "100" };
      case "endDiscountCodeAction":
        return { eventSlug: EVENT, code: "MATRIX-END" };
      case "findForPickupAction":
        return { eventSlug: EVENT, registrationId: nextPaidEntry(), desk: "Matrix desk" };
      case "recordPickupAction":
        return { eventSlug: EVENT, registrationId: nextPaidEntry(), desk: "Matrix desk" };
      case "lookupForPickupAction":
        return { eventSlug: EVENT, q: "zhang" };
      case "pickupProgressAction":
        return { eventSlug: EVENT };
      case "applyBibsAction":
        return { eventSlug: EVENT, raceSlug: "half" };
      case "setBibAction":
        return { eventSlug: EVENT, registrationId: nextPaidEntry(), bib: String(5000 + n), locked: "on" };
      case "swapBibsAction":
        return { eventSlug: EVENT, registrationId: nextPaidEntry(), other: nextPaidEntry() };
      case "setWaveAction":
        // No wave: the race's waves are replaced by updateRaceAction's calls before this runs.
        return { eventSlug: EVENT, registrationId: nextPaidEntry(), waveId: "" };
      case "updateEntryAction":
        return { eventSlug: EVENT, registrationId: nextPaidEntry(), familyName: `Matrix${n}`, predicted: "1:55" };
      case "inviteStaffAction":
        return { eventSlug: EVENT, email: `invited-${n}@matrix.test`, role: "volunteer" };
      case "revokeInvitationAction":
        return { eventSlug: EVENT, invitationId: take(pools.invitationIds) };
      case "removeStaffAction":
        return { eventSlug: EVENT, userId: take(pools.volunteerIds) };
      case "acceptInvitationAction":
        return { token: take(pools.invitationTokens), name: "Matrix Helper", password: "matrix-password-1", passwordConfirm: "matrix-password-1" };
      case "createTokenAction":
        return { name: `Matrix ${n}` };
      case "revokeTokenAction":
        return { tokenId: take(pools.organizerTokenIds) };
      case "sendBroadcastAction":
        return { eventSlug: EVENT, intent: "send", race: "half", wave: "", pickedUp: "no", subjectZh: "通知", bodyZh: "正文", subjectEn: "Notice", bodyEn: "Text", ratePerMinute: "300" };
      case "cancelBroadcastAction":
        return { eventSlug: EVENT, broadcastId: take(pools.broadcastIds) };
      default:
        throw new Error(`No form recipe for ${name}: add one here and list the action in test/access-matrix.ts`);
    }
  })();
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return form;
}

type Outcome = { kind: "done"; to?: string } | { kind: "toSignIn" } | { kind: "notAllowed" } | { kind: "error"; detail: string };

async function outcomeOf(call: () => Promise<unknown>): Promise<Outcome> {
  try {
    const state = (await call()) as { status?: string; message?: string | null; fieldErrors?: object } | undefined;
    // The pickup desk's actions answer data with status "ok" (app/admin/events/[slug]/pickup/desk-types.ts).
    if (!state || state.status === "idle" || state.status === "ok") return { kind: "done" };
    if (state.message === "admin.errorCodes.forbidden") return { kind: "notAllowed" };
    return { kind: "error", detail: JSON.stringify(state) };
  } catch (error) {
    const digest = (error as { digest?: string }).digest ?? "";
    if (!digest.startsWith("NEXT_REDIRECT")) throw error;
    const to = digest.split(";")[2] ?? ""; // NEXT_REDIRECT;<type>;<url>;…
    return to.startsWith("/admin/sign-in?callbackUrl=") ? { kind: "toSignIn" } : { kind: "done", to };
  }
}

async function auditRows(): Promise<number> {
  const { db, schema } = getConnection();
  const row = first(await db.select({ n: count() }).from(schema.auditLog));
  return row.n;
}

describe(`admin server actions by role on ${process.env.TEST_ENGINE}`, () => {
  const actors = {} as Record<Role, Actor | null>;

  beforeAll(async () => {
    await resetDatabase();
    const organizer = await makeStaff("organizer");
    await createEvent(organizer, eventInput({ slug: EVENT, races: [raceInput({ bibRanges: [] })] }));
    const other = await makeStaff("organizer");
    await createEvent(other, eventInput({ slug: "someone-elses", races: [raceInput({ bibRanges: [] })] }));
    const { db, schema } = getConnection();
    const event = first(await db.select().from(schema.events).where(eq(schema.events.slug, EVENT)));
    Object.assign(actors, {
      anonymous: null,
      // A runner's email-link session is no staff session: getActor() answers null for it (server/auth/session.ts).
      runner: null,
      volunteer: await makeStaff("volunteer", [{ eventId: event.id, role: "volunteer" }]),
      otherOrganizer: other,
      organizer,
      admin: await makeStaff("admin"),
    });
    await createDiscountCode(organizer, EVENT, { code: "MATRIX-END", kind: "percent", value: 10 });
    // One entry per call of an entry action (the pickup desk's look-up and handover too), and one more per role for
    // the swap, which takes two.
    const onEntries = ADMIN_ACTIONS.filter((a) => a.file.startsWith("events/[slug]/registrations/") || a.name === "findForPickupAction" || a.name === "recordPickupAction");
    await makePaidEntries((onEntries.length + 1) * ROLES.length);
    const { inviteStaff } = await import("../staff/invitations");
    const { createOwnApiToken } = await import("../staff/tokens");
    for (let i = 0; i < ROLES.length; i++) {
      pools.invitationTokens.push((await inviteStaff(present(actors.admin), EVENT, { email: `accept-${i}@matrix.test`, role: "volunteer" })).token);
      pools.invitationIds.push((await inviteStaff(present(actors.admin), EVENT, { email: `revoke-${i}@matrix.test`, role: "volunteer" })).id);
      pools.volunteerIds.push((await makeStaff("volunteer", [{ eventId: event.id, role: "volunteer" }])).userId);
      pools.organizerTokenIds.push((await createOwnApiToken(organizer, { name: `Matrix ${i}` })).id);
    }
    // Messages still going out (nothing queued yet), one per call of the stop action.
    const { createBroadcast } = await import("../messages/broadcast");
    const message = { subject: { zh: "通知", en: "Notice" }, body: { zh: "正文", en: "Text" }, filter: { race: null, wave: null, pickedUp: null } };
    for (let i = 0; i < ROLES.length; i++) pools.broadcastIds.push((await createBroadcast(organizer, EVENT, message, { queueNow: false })).id);
  });

  it("lists every exported admin server action", () => {
    expect(exportedActions(ADMIN_DIR).sort()).toEqual(ADMIN_ACTIONS.map((a) => `${a.file} ${a.name}`).sort());
  });

  for (const entry of ADMIN_ACTIONS) {
    for (const role of ROLES) {
      const allowed = entry.allowed.includes(role);
      it(`${entry.name} as ${role} → ${allowed ? "allowed" : "refused"}`, async () => {
        const mod = (await import(/* @vite-ignore */ path.join(ADMIN_DIR, entry.file))) as Record<string, (...args: unknown[]) => Promise<unknown>>;
        const action = mod[entry.name];
        if (!action) throw new Error(`${entry.file} exports no ${entry.name}`);
        const form = formFor(entry.name);
        const args = action.length >= 2 ? [{ status: "idle", message: null, fieldErrors: {}, values: {} }, form] : [form];
        signedIn.actor = actors[role];
        const before = await auditRows();
        const outcome = await outcomeOf(() => action(...args));
        if (allowed) {
          expect(outcome, JSON.stringify(outcome)).toMatchObject({ kind: "done" });
        } else {
          expect(outcome).toEqual({ kind: SIGNED_OUT_OF_ADMIN.includes(role) ? "toSignIn" : "notAllowed" });
          expect(await auditRows(), "a refused action writes nothing").toBe(before);
        }
      });
    }
  }
});
