/**
 * Staff invitations on both engines (issue 6): an admin invites by email, the outbox holds the message with the
 * link in the inviter's language, the link creates the account with its event role (or adds the role to an
 * existing account), works once, and not after it expired or was revoked; organizers invite volunteers only;
 * removing someone's event role takes their access away at once, in the admin's policy and through the API.
 */
import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { GET as getRegistrations } from "../../app/api/v1/events/[event]/registrations/route";
import { getConnection } from "../db";
import { makeStaff, resetDatabase } from "../../test/db";
import { eventInput } from "../../test/factories";
import { CLI_ACTOR, type Actor } from "../actor";
import { createApiToken } from "../auth/tokens";
import { eventAccessOf, requireEventEditor } from "../auth/policy";
import { findUserByEmail, verifyCredentials } from "../auth/users";
import { DomainError } from "../errors";
import { createEvent } from "../events/manage-events";
import { acceptInvitation, getInvitationLanding, INVITATION_TTL_MS, inviteStaff, listInvitations, listStaff, removeStaff, revokeInvitation } from "./invitations";
import { first, present } from "../../core/lists";

const EVENT = "staff-half-2027";
const OTHER = "staff-other-2027";

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "expected a DomainError").toBeInstanceOf(DomainError);
  return error as DomainError;
}

function reasonOf(error: DomainError): string | undefined {
  return (error.details as { reason?: string } | undefined)?.reason;
}

/** The newest invitation email to `to`, with the token of its link. */
async function invitationMail(to: string) {
  const { db, schema } = getConnection();
  const o = schema.emailOutbox;
  const rows = await db.select().from(o).where(and(eq(o.toAddress, to), eq(o.template, "staff_invitation")));
  expect(rows.length, `no invitation email to ${to}`).toBeGreaterThan(0);
  const mail = first(rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1)), "invitation email");
  const token = /https?:\/\/\S+\/admin\/invitations\/([A-Za-z0-9_-]+)/.exec(mail.textBody)?.[1];
  expect(token, "the email carries the invitation link").toBeDefined();
  const link = present(token, "the invitation link");
  expect(mail.html).toContain(`/admin/invitations/${link}`);
  return { ...mail, token: link };
}

async function auditActions(prefix: string): Promise<string[]> {
  const { db, schema } = getConnection();
  const rows = await db.select({ action: schema.auditLog.action }).from(schema.auditLog).orderBy(schema.auditLog.id);
  return rows.map((r) => r.action).filter((a) => a.startsWith(prefix));
}

async function eventId(slug: string): Promise<string> {
  const { db, schema } = getConnection();
  const row = first(await db.select({ id: schema.events.id }).from(schema.events).where(eq(schema.events.slug, slug)));
  return row.id;
}

function actorOf(user: { id: string; role: "admin" | "organizer" | "volunteer" }): Actor {
  return { kind: "user", userId: user.id, role: user.role, label: `user:${user.id}` };
}

describe(`staff invitations on ${process.env.TEST_ENGINE}`, () => {
  let admin: Actor;
  let organizer: Actor;
  let otherOrganizer: Actor;

  beforeEach(async () => {
    await resetDatabase();
    admin = await makeStaff("admin");
    organizer = await makeStaff("organizer");
    otherOrganizer = await makeStaff("organizer");
    await createEvent(organizer, eventInput({ slug: EVENT }));
    await createEvent(otherOrganizer, eventInput({ slug: OTHER }));
  });

  it("invites by email, and the link makes the account with its role on the event, once", async () => {
    const invited = await inviteStaff(admin, EVENT, { email: "  New.Organizer@Example.com ", role: "organizer", locale: "en" });
    expect(invited.email).toBe("new.organizer@example.com");
    expect(invited.expiresAt.getTime() - Date.now()).toBeGreaterThan(INVITATION_TTL_MS - 60_000);

    const mail = await invitationMail("new.organizer@example.com");
    expect(mail.token).toBe(invited.token);
    expect(mail.locale).toBe("en");
    expect(mail.subject).toBe("Invitation to the staff of Test Half 2027");
    expect(mail.textBody).toContain("as Organizer");
    // Only the token's hash is stored.
    const { db, schema } = getConnection();
    const stored = first(await db.select().from(schema.invitations).where(eq(schema.invitations.id, invited.id)));
    expect(stored.tokenHash).not.toContain(invited.token);
    expect(JSON.stringify(stored)).not.toContain(invited.token);

    const landing = await getInvitationLanding(mail.token);
    expect(landing).toMatchObject({ status: "pending", email: "new.organizer@example.com", role: "organizer", hasAccount: false, event: { slug: EVENT } });
    expect((await listInvitations(organizer, EVENT)).map((i) => i.email)).toEqual(["new.organizer@example.com"]);

    const accepted = await acceptInvitation(mail.token, { name: "Wang Fang", password: "a-long-password-1" });
    expect(accepted).toMatchObject({ email: "new.organizer@example.com", eventSlug: EVENT, role: "organizer", createdAccount: true });
    const user = present(await findUserByEmail("new.organizer@example.com"));
    expect(user).toMatchObject({ role: "organizer", name: "Wang Fang" });
    expect(await eventAccessOf(actorOf(user), await eventId(EVENT))).toBe("organizer");
    expect(await eventAccessOf(actorOf(user), await eventId(OTHER))).toBeNull();
    const signIn = await verifyCredentials("new.organizer@example.com", "a-long-password-1", null);
    expect(signIn.ok).toBe(true);

    // Single use: the same link again is refused, and the landing page says it was used.
    const again = await refusal(acceptInvitation(mail.token, { password: "another-password-2" }));
    expect(again.code).toBe("conflict");
    expect(reasonOf(again)).toBe("accepted");
    expect((await getInvitationLanding(mail.token)).status).toBe("accepted");
    expect(await listInvitations(organizer, EVENT)).toEqual([]);
    expect((await listStaff(admin, EVENT)).map((s) => [s.email, s.role])).toContainEqual(["new.organizer@example.com", "organizer"]);
    expect(await auditActions("staff.")).toEqual(["staff.invite", "staff.invitation_accept"]);
    expect(await auditActions("user.create")).toHaveLength(4);
  });

  it("writes the email in the inviter's language", async () => {
    await inviteStaff(admin, EVENT, { email: "zh@example.com", role: "volunteer", locale: "zh" });
    const mail = await invitationMail("zh@example.com");
    expect(mail.locale).toBe("zh");
    expect(mail.subject).toBe("测试半程马拉松工作人员邀请");
    expect(mail.textBody).toContain("志愿者");
  });

  it("refuses an expired link, a revoked link and an unknown one, each with its reason", async () => {
    const start = new Date();
    const old = await inviteStaff(admin, EVENT, { email: "late@example.com", role: "volunteer" }, start);
    const later = new Date(start.getTime() + INVITATION_TTL_MS + 1000);
    const expired = await refusal(acceptInvitation(old.token, { password: "a-long-password-1" }, later));
    expect(reasonOf(expired)).toBe("expired");
    expect((await getInvitationLanding(old.token, later)).status).toBe("expired");
    expect(await findUserByEmail("late@example.com")).toBeNull();

    const revoked = await inviteStaff(admin, EVENT, { email: "gone@example.com", role: "volunteer" });
    await revokeInvitation(organizer, EVENT, revoked.id);
    const refused = await refusal(acceptInvitation(revoked.token, { password: "a-long-password-1" }));
    expect(reasonOf(refused)).toBe("revoked");
    expect((await getInvitationLanding(revoked.token)).status).toBe("revoked");
    // Revoking twice says it is no longer pending.
    expect(reasonOf(await refusal(revokeInvitation(admin, EVENT, revoked.id)))).toBe("revoked");

    const unknown = await refusal(acceptInvitation("x".repeat(43), { password: "a-long-password-1" }));
    expect(unknown.code).toBe("not_found");
    expect((await getInvitationLanding("not a token")).status).toBe("unknown");
    expect(await findUserByEmail("gone@example.com")).toBeNull();
    expect(await auditActions("staff.")).toEqual(["staff.invite", "staff.invite", "staff.invitation_revoke"]);
  });

  it("keeps only the newest link to an address working", async () => {
    const first = await inviteStaff(admin, EVENT, { email: "twice@example.com", role: "volunteer" });
    const second = await inviteStaff(admin, EVENT, { email: "twice@example.com", role: "volunteer" });
    expect(reasonOf(await refusal(acceptInvitation(first.token, { password: "a-long-password-1" })))).toBe("revoked");
    await acceptInvitation(second.token, { password: "a-long-password-1" });
    expect((await findUserByEmail("twice@example.com"))?.role).toBe("volunteer");
  });

  it("asks a new account for a valid password, and refuses someone already on the staff", async () => {
    const invited = await inviteStaff(admin, EVENT, { email: "short@example.com", role: "volunteer" });
    const short = await refusal(acceptInvitation(invited.token, { password: "short" }));
    expect(short.code).toBe("validation_failed");
    expect(short.issues).toEqual([expect.objectContaining({ path: "password", key: "passwordTooShort" })]);
    // The refused attempt did not use the link.
    await acceptInvitation(invited.token, { password: "long-enough-now" });

    const bad = await refusal(inviteStaff(admin, EVENT, { email: "not-an-address", role: "volunteer" }));
    expect(bad.issues).toEqual([expect.objectContaining({ path: "email", key: "emailFormat" })]);
    const badRole = await refusal(inviteStaff(admin, EVENT, { email: "x@example.com", role: "admin" }));
    expect(badRole.issues.map((i) => i.path)).toEqual(["role"]);

    const { db, schema } = getConnection();
    const organizerUser = first(await db.select().from(schema.users).where(eq(schema.users.id, (organizer as { userId: string }).userId)));
    const already = await refusal(inviteStaff(admin, EVENT, { email: organizerUser.email, role: "volunteer" }));
    expect(already.code).toBe("conflict");
    expect(reasonOf(already)).toBe("already_staff");
  });

  it("adds the role to an existing account without touching its password, raising a volunteer account to organizer", async () => {
    const volunteer = await makeStaff("volunteer", [{ eventId: await eventId(OTHER), role: "volunteer" }]);
    const { db, schema } = getConnection();
    const user = first(await db.select().from(schema.users).where(eq(schema.users.id, volunteer.userId)));
    const invited = await inviteStaff(admin, EVENT, { email: user.email, role: "organizer" });
    expect((await getInvitationLanding(invited.token)).hasAccount).toBe(true);
    const accepted = await acceptInvitation(invited.token, { password: "ignored-for-existing" });
    expect(accepted.createdAccount).toBe(false);
    const after = present(await findUserByEmail(user.email));
    expect(after.role).toBe("organizer");
    expect(after.passwordHash).toBe(user.passwordHash);
    expect(await eventAccessOf(actorOf(after), await eventId(EVENT))).toBe("organizer");
    // The other event's role is untouched.
    expect(await eventAccessOf(actorOf(after), await eventId(OTHER))).toBe("volunteer");
  });

  it("lets the event's organizers invite and remove volunteers only; volunteers and other organizers nothing", async () => {
    const forbidden = async (p: Promise<unknown>) => expect((await refusal(p)).code).toBe("forbidden");
    await forbidden(inviteStaff(organizer, EVENT, { email: "org2@example.com", role: "organizer" }));
    await forbidden(inviteStaff(otherOrganizer, EVENT, { email: "vol@example.com", role: "volunteer" }));
    const volunteer = await makeStaff("volunteer", [{ eventId: await eventId(EVENT), role: "volunteer" }]);
    await forbidden(inviteStaff(volunteer, EVENT, { email: "vol@example.com", role: "volunteer" }));
    await forbidden(listStaff(volunteer, EVENT));
    await forbidden(listInvitations(otherOrganizer, EVENT));
    expect(await auditActions("staff.")).toEqual([]);

    const invited = await inviteStaff(organizer, EVENT, { email: "vol@example.com", role: "volunteer" });
    await forbidden(revokeInvitation(otherOrganizer, EVENT, invited.id));
    await forbidden(removeStaff(otherOrganizer, EVENT, volunteer.userId));
    await forbidden(removeStaff(volunteer, EVENT, volunteer.userId));
    // An organizer cannot take another organizer (or themselves) off the event; an admin can.
    await forbidden(removeStaff(organizer, EVENT, (organizer as { userId: string }).userId));
    await removeStaff(organizer, EVENT, volunteer.userId);
    expect(await eventAccessOf(volunteer, await eventId(EVENT))).toBeNull();
    expect(reasonOf(await refusal(removeStaff(organizer, EVENT, volunteer.userId)))).toBe("not_staff");
  });

  it("takes an organizer's access away when their event role is removed: pages' policy and API tokens", async () => {
    const invited = await inviteStaff(admin, EVENT, { email: "leaving@example.com", role: "organizer" });
    const { userId } = await acceptInvitation(invited.token, { password: "a-long-password-1" });
    const user = present(await findUserByEmail("leaving@example.com"));
    const { token } = await createApiToken(CLI_ACTOR, { email: user.email });
    const call = () =>
      getRegistrations(new Request(`http://localhost/api/v1/events/${EVENT}/registrations`, { headers: { authorization: `Bearer ${token}` } }), {
        params: Promise.resolve({ event: EVENT }),
      });
    expect((await call()).status).toBe(200);
    await requireEventEditor(actorOf(user), await eventId(EVENT));

    await removeStaff(admin, EVENT, userId);
    expect(await eventAccessOf(actorOf(user), await eventId(EVENT))).toBeNull();
    expect((await refusal(requireEventEditor(actorOf(user), await eventId(EVENT)))).code).toBe("forbidden");
    expect((await call()).status).toBe(403);
    expect((await listStaff(admin, EVENT)).map((s) => s.email)).not.toContain("leaving@example.com");
    expect(await auditActions("staff.")).toEqual(["staff.invite", "staff.invitation_accept", "staff.remove"]);
  });

  it("lets only one of two simultaneous clicks on a link through", async () => {
    const invited = await inviteStaff(admin, EVENT, { email: "race@example.com", role: "volunteer" });
    const outcomes = await Promise.allSettled([
      acceptInvitation(invited.token, { password: "first-password-1" }),
      acceptInvitation(invited.token, { password: "second-password-2" }),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const failed = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
    expect(failed.reason).toBeInstanceOf(DomainError);
    const { db, schema } = getConnection();
    const users = await db.select().from(schema.users).where(eq(schema.users.email, "race@example.com"));
    expect(users).toHaveLength(1);
    expect(await auditActions("staff.invitation_accept")).toHaveLength(1);
  });
});
