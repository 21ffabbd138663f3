/**
 * The server actions' one wrapper (app/_lib/actions.ts), on both engines, through real actions and services: a
 * form that cannot be read answers at once and runs nothing; an edit updates the cache tags of what it changed
 * (core/cache-tags.ts), never another event's and never the whole site; a refusal updates nothing; an unexpected
 * error is logged without its message and thrown on; Next's redirects pass through. The session and Next's cache
 * functions are replaced (the cache itself is exercised against a production build in e2e/cache-tags.spec.ts).
 */
import { refresh, revalidatePath, revalidateTag, updateTag } from "next/cache";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { payOrder } from "../../app/[locale]/checkout/[code]/actions";
import { addRaceAction, setEventStatusAction, updateEventAction } from "../../app/admin/events/[slug]/actions";
import { updateRaceAction } from "../../app/admin/events/[slug]/races/[race]/actions";
import { createEventAction } from "../../app/admin/events/new/actions";
import { createTokenAction, revokeTokenAction } from "../../app/admin/tokens/actions";
import { getConnection } from "../db";
import { dataSnapshot, makeStaff, resetDatabase } from "../../test/db";
import { eventInput, raceInput } from "../../test/factories";
import type { Actor } from "../actor";
import { createEvent } from "../events/manage-events";
import { first } from "../../core/lists";

const signedIn: { actor: Actor | null } = { actor: null };
const failing: { error: Error | null } = { error: null };

vi.mock("@/server/auth/session", async (importOriginal) => {
  const original = await importOriginal<typeof import("./session")>();
  const { redirect } = await import("next/navigation");
  return {
    ...original,
    getActor: async () => signedIn.actor,
    requireStaff: async (returnTo = "/admin") => signedIn.actor ?? redirect(`/admin/sign-in?callbackUrl=${encodeURIComponent(original.safeAdminPath(returnTo))}`),
  };
});
vi.mock("@/server/staff/tokens", async (importOriginal) => {
  const original = await importOriginal<typeof import("../staff/tokens")>();
  return {
    ...original,
    createOwnApiToken: async (...args: Parameters<typeof original.createOwnApiToken>) => {
      if (failing.error) throw failing.error;
      return original.createOwnApiToken(...args);
    },
  };
});
vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn(), updateTag: vi.fn(), refresh: vi.fn() }));
vi.mock("next/headers", () => ({ cookies: async () => ({ set: vi.fn(), get: () => undefined }), headers: async () => new Headers() }));
vi.mock("next-intl/server", () => {
  const translator = (ns?: string) => {
    const t = (key: string) => (ns ? `${ns}.${key}` : key);
    return Object.assign(t, { raw: t, has: () => false, rich: t, markup: t });
  };
  return { getTranslations: async (ns?: string | { namespace?: string }) => translator(typeof ns === "string" ? ns : ns?.namespace), getLocale: async () => "en" };
});

const IDLE = { status: "idle" as const, message: null, fieldErrors: {}, values: {} };
const A = "tags-event-a";
const B = "tags-event-b";
let admin: Actor;
let volunteer: Actor;

function form(fields: Record<string, string | Blob>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
}

/** The action's answer, or where it redirected to. */
async function outcome(call: Promise<unknown>): Promise<unknown> {
  try {
    return await call;
  } catch (error) {
    const digest = (error as { digest?: string }).digest ?? "";
    if (!digest.startsWith("NEXT_REDIRECT")) throw error;
    return { redirect: digest.split(";")[2] };
  }
}

/** Every cache call the action made: the tags it updated, and whether it refreshed the caller's view. */
function cacheCalls() {
  return {
    tags: vi.mocked(updateTag).mock.calls.map(([tag]) => tag),
    refreshed: vi.mocked(refresh).mock.calls.length,
    other: vi.mocked(revalidatePath).mock.calls.length + vi.mocked(revalidateTag).mock.calls.length,
  };
}

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

describe(`server actions through their wrapper, on ${process.env.TEST_ENGINE}`, () => {
  beforeAll(async () => {
    await resetDatabase();
    admin = await makeStaff("admin");
    await createEvent(admin, eventInput({ slug: A, races: [raceInput({ bibRanges: [] })] }));
    await createEvent(admin, eventInput({ slug: B, races: [raceInput({ bibRanges: [] })] }));
    const { db, schema } = getConnection();
    const event = first(await db.select().from(schema.events));
    volunteer = await makeStaff("volunteer", [{ eventId: event.id, role: "volunteer" }]);
  });

  beforeEach(() => {
    vi.clearAllMocks();
    signedIn.actor = admin;
    failing.error = null;
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("keeps each action's arity: useActionState's (state, form), a form's action (form)", () => {
    expect(updateEventAction.length).toBe(2);
    expect(createTokenAction.length).toBe(2);
    expect(payOrder.length).toBe(1);
  });

  describe("an edit updates the tags of what it changed, and nothing else", () => {
    it("an event's fields: that event's tag (old and new slug when it moves)", async () => {
      const fields = { eventSlug: A, slug: A, "name.en": "Renamed", "name.zh": "改名", date: "2027-04-18", timezone: "Asia/Shanghai" };
      expect(await outcome(updateEventAction(IDLE, form(fields)))).toEqual({ redirect: `/admin/events/${A}?notice=saved` });
      expect(cacheCalls()).toEqual({ tags: [`event:${A}`], refreshed: 0, other: 0 });

      vi.clearAllMocks();
      expect(await outcome(updateEventAction(IDLE, form({ ...fields, slug: `${A}-moved` })))).toEqual({ redirect: `/admin/events/${A}-moved?notice=saved` });
      expect(cacheCalls()).toEqual({ tags: [`event:${A}`, `event:${A}-moved`], refreshed: 0, other: 0 });
      vi.clearAllMocks();
      await outcome(updateEventAction(IDLE, form({ ...fields, eventSlug: `${A}-moved` })));
      expect(cacheCalls().tags).toEqual([`event:${A}-moved`, `event:${A}`]);
    });

    it("publishing, adding a race, a new event: the event's tag", async () => {
      expect(await outcome(setEventStatusAction(IDLE, form({ eventSlug: B, status: "draft" })))).toEqual({ redirect: `/admin/events/${B}?notice=unpublished` });
      expect(cacheCalls()).toEqual({ tags: [`event:${B}`], refreshed: 0, other: 0 });

      vi.clearAllMocks();
      expect(await outcome(addRaceAction(IDLE, form({ eventSlug: B, timezone: "Asia/Shanghai", ...RACE_FIELDS, slug: "ten-k" })))).toEqual({ redirect: `/admin/events/${B}?notice=raceAdded` });
      expect(cacheCalls()).toEqual({ tags: [`event:${B}`], refreshed: 0, other: 0 });

      vi.clearAllMocks();
      const created = {
        slug: "tags-event-c",
        "name.en": "Event C",
        "name.zh": "活动 C",
        date: "2027-06-06",
        timezone: "Asia/Shanghai",
        ...Object.fromEntries(Object.entries(RACE_FIELDS).map(([k, v]) => [`races.0.${k}`, v])),
        "races.0.slug": "10k",
        "races.0.startTime": "2027-06-06T07:30",
      };
      expect(await outcome(createEventAction(IDLE, form(created)))).toEqual({ redirect: "/admin/events/tags-event-c?notice=created" });
      expect(cacheCalls()).toEqual({ tags: ["event:tags-event-c"], refreshed: 0, other: 0 });
    });

    it("a race: that race's tag (its pages, and the event's page that lists it)", async () => {
      const fields = { eventSlug: B, raceSlug: "half", timezone: "Asia/Shanghai", ...RACE_FIELDS, slug: "half", capacity: "450" };
      expect(await outcome(updateRaceAction(IDLE, form(fields)))).toEqual({ redirect: `/admin/events/${B}?notice=raceSaved` });
      expect(cacheCalls()).toEqual({ tags: [`race:${B}/half`], refreshed: 0, other: 0 });
    });

    it("a change only the admin shows: no tag, the caller's view refreshed", async () => {
      const answer = (await createTokenAction(IDLE, form({ name: "Timing laptop" }))) as { status: string; created?: { token: string } };
      expect(answer.status).toBe("ok");
      expect(answer.created?.token).toMatch(/^fl_/);
      expect(cacheCalls()).toEqual({ tags: [], refreshed: 1, other: 0 });
    });
  });

  describe("a refusal runs nothing further and updates nothing", () => {
    it("a form that cannot be read: answered before the session is even asked for, nothing written", async () => {
      signedIn.actor = null;
      const before = await dataSnapshot();
      const withFile = form({ eventSlug: A, status: "draft", extra: new Blob(["x"]) });
      expect(await outcome(setEventStatusAction(IDLE, withFile))).toMatchObject({ status: "error", message: "admin.errorCodes.unreadable" });
      expect(await outcome(setEventStatusAction(IDLE, form({ eventSlug: A, status: "archived" })))).toMatchObject({ status: "error", message: "admin.errorCodes.unreadable" });
      expect(await outcome(revokeTokenAction(IDLE, form({ tokenId: "" })))).toMatchObject({ status: "error", message: "admin.errorCodes.unreadable" });
      expect(cacheCalls()).toEqual({ tags: [], refreshed: 0, other: 0 });
      expect(await dataSnapshot()).toBe(before);
    });

    it("signed out: to sign-in and back to the action's page; not allowed: the form's message", async () => {
      const before = await dataSnapshot();
      signedIn.actor = null;
      expect(await outcome(setEventStatusAction(IDLE, form({ eventSlug: A, status: "draft" })))).toEqual({ redirect: `/admin/sign-in?callbackUrl=${encodeURIComponent(`/admin/events/${A}`)}` });
      signedIn.actor = volunteer;
      expect(await outcome(setEventStatusAction(IDLE, form({ eventSlug: A, status: "draft" })))).toMatchObject({ status: "error", message: "admin.errorCodes.forbidden" });
      expect(cacheCalls()).toEqual({ tags: [], refreshed: 0, other: 0 });
      expect(await dataSnapshot()).toBe(before);
    });

    it("a refusal from the service: the form's state, no tag", async () => {
      const taken = { eventSlug: B, timezone: "Asia/Shanghai", ...RACE_FIELDS, slug: "half" };
      expect(await outcome(addRaceAction(IDLE, form(taken)))).toMatchObject({ status: "error" });
      expect(cacheCalls()).toEqual({ tags: [], refreshed: 0, other: 0 });
    });
  });

  it("logs an unexpected error by its kind and stack, never its message, and throws it on", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    failing.error = new TypeError("could not store the token of Zhang Wei 110101199003071234");
    await expect(createTokenAction(IDLE, form({ name: "Laptop" }))).rejects.toBe(failing.error);
    expect(log).toHaveBeenCalledTimes(1);
    const line = String(first(first(log.mock.calls)));
    expect(line).toMatch(/^\[action\] unexpected error: TypeError\n\s+at /);
    expect(line).not.toContain("Zhang Wei");
    expect(line).not.toContain("110101199003071234");
    expect(cacheCalls()).toEqual({ tags: [], refreshed: 0, other: 0 });
  });

  it("lets Next's redirect from a refusal through, unlogged (a wrong order link shows the checkout's not-found page)", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const answer = await outcome(payOrder(form({ locale: "en", code: "FL-ZZZZZZZZ", token: "nope" })));
    expect(answer).toEqual({ redirect: "/en/checkout/FL-ZZZZZZZZ?token=nope" });
    expect(log).not.toHaveBeenCalled();
  });
});
