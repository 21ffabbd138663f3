/**
 * An event's staff (issue 6): invitations by email, accepting one, and removing a staff member.
 *
 * Who may do what (docs/decisions/007-staff-invitations.md):
 * - admins (and the operator's CLI) invite organizers and volunteers to any event, revoke any invitation and remove
 *   anyone's event role;
 * - an event's organizers invite volunteers to that event, revoke its volunteer invitations and remove its
 *   volunteers; organizers are invited and removed by admins only;
 * - volunteers and everyone else: nothing.
 *
 * The link's token (32 random bytes) goes out by email only; the table keeps its SHA-256, so the database alone
 * cannot accept an invitation. An invitation works once, until it expires (7 days) or is revoked; inviting the
 * same address to the same event again revokes the pending one, so only the newest link works. Accepting is one
 * conditional update (accepted, not revoked, not expired), so two clicks on one link cannot both succeed. It
 * creates the account when the address has none (the password rules of createUser), or adds the event role to the
 * existing account; an organizer invitation raises a volunteer account to organizer (the account's role caps the
 * event role in policy.ts, so the invitation would otherwise give nothing). Every change writes the audit log in
 * its transaction.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { z } from "zod";
import { personText } from "../../core/text";
import { fromZodIssues } from "../../core/validation";
import { getConnection, isUniqueViolation, withTransaction, type Database } from "../db";
import { EVENT_ROLES, type EventRole, type UserRole } from "../../core/domain";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { hashPassword, MIN_PASSWORD_LENGTH } from "../auth/passwords";
import { eventAccessOf } from "../auth/policy";
import { actorForUser, findUserByEmail, findUserById, normalizeEmail } from "../auth/users";
import { deliverOutboxSoon, enqueueEmail } from "../email/outbox";
import { env } from "../env";
import { DomainError } from "../errors";
import { findEventBySlug, type EventRow } from "../events/queries";
import { invitationLocale, renderInvitationEmail } from "./invitation-email";
import { first } from "../../core/lists";

/** How long an invitation link works. */
export const INVITATION_TTL_MS = 7 * 24 * 3_600_000;

export type InvitationStatus = "pending" | "accepted" | "revoked" | "expired";

/** Why an invitation cannot be used or changed (DomainError details.reason; the pages word each one). */
export type InvitationRefusal = "unknown" | "expired" | "accepted" | "revoked" | "already_staff" | "not_staff";

type InvitationRow = typeof import("../../db/schema.pg").invitations.$inferSelect;

export interface InvitationItem {
  id: string;
  email: string;
  role: EventRole;
  status: InvitationStatus;
  invitedBy: string | null;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}

export interface StaffMember {
  userId: string;
  email: string;
  name: string | null;
  /** The event role as stored. */
  role: EventRole;
  /** The account's role: a volunteer account stays a volunteer on an event whatever its event role says. */
  accountRole: UserRole;
  disabled: boolean;
  since: Date;
}

export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function invitationLink(token: string): string {
  return `${env().PUBLIC_URL}/admin/invitations/${token}`;
}

function refusal(reason: InvitationRefusal, message: string): DomainError {
  return new DomainError(reason === "unknown" || reason === "not_staff" ? "not_found" : "conflict", message, [], { reason });
}

export function invitationStatus(row: Pick<InvitationRow, "acceptedAt" | "revokedAt" | "expiresAt">, now = new Date()): InvitationStatus {
  if (row.acceptedAt) return "accepted";
  if (row.revokedAt) return "revoked";
  return row.expiresAt.getTime() <= now.getTime() ? "expired" : "pending";
}

async function eventOrThrow(slug: string): Promise<EventRow> {
  const event = await findEventBySlug(slug);
  if (!event) throw new DomainError("not_found", `No event "${slug}".`);
  return event;
}

/** admins: every role; the event's organizers: volunteers; anyone else: refused. */
async function requireStaffManager(actor: Actor, event: EventRow, role: EventRole): Promise<void> {
  const access = await eventAccessOf(actor, event.id);
  if (access === "admin") return;
  if (access === "organizer" && role === "volunteer") return;
  throw new DomainError("forbidden", access === "organizer" ? "Only admins can invite or remove organizers." : "You may not manage this event's staff.");
}

/** Who may see the staff page of an event: its organizers and admins. */
async function requireStaffViewer(actor: Actor, event: EventRow): Promise<"admin" | "organizer"> {
  const access = await eventAccessOf(actor, event.id);
  if (access === "admin" || access === "organizer") return access;
  throw new DomainError("forbidden", "You may not see this event's staff.");
}

const inviteSchema = z.object({
  email: z.email("emailFormat").max(320).transform(normalizeEmail),
  role: z.enum(EVENT_ROLES),
});

export interface InviteResult {
  id: string;
  email: string;
  role: EventRole;
  expiresAt: Date;
  /**
   * The link's token, for the operator's CLI and tests; the admin pages never show it (it goes out by email).
   */
  token: string;
}

/**
 * Invites `email` to the event's staff in `role` and queues the email (in `locale`, the inviter's language) in the
 * same transaction; delivery follows the commit. A pending invitation of the same address to the event is revoked.
 */
export async function inviteStaff(
  actor: Actor,
  eventSlug: string,
  input: { email: string; role: string; locale?: string },
  now = new Date(),
): Promise<InviteResult> {
  const event = await eventOrThrow(eventSlug);
  const parsed = inviteSchema.safeParse({ email: input.email?.trim(), role: input.role }, { reportInput: true });
  if (!parsed.success) throw new DomainError("validation_failed", "The invitation is not valid; see the fields.", fromZodIssues(parsed.error.issues));
  const { email, role } = parsed.data;
  await requireStaffManager(actor, event, role);
  const inviter = actor.kind === "user" ? await findUserById(actor.userId) : null;

  const token = randomBytes(32).toString("base64url");
  const id = randomUUID();
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
  const message = renderInvitationEmail({
    locale: invitationLocale(input.locale),
    event,
    role,
    inviter: inviter?.email ?? null,
    link: invitationLink(token),
    expiresAt,
    timezone: event.timezone,
  });
  const { schema } = getConnection();
  const inv = schema.invitations;
  await withTransaction(async (tx) => {
    const [existing] = await tx
      .select({ role: schema.eventRoles.role })
      .from(schema.eventRoles)
      .innerJoin(schema.users, eq(schema.users.id, schema.eventRoles.userId))
      .where(and(eq(schema.eventRoles.eventId, event.id), eq(schema.users.email, email)));
    if (existing) throw refusal("already_staff", `${email} is already on this event's staff.`);
    // Only the newest link to an address works.
    const replaced = await tx
      .update(inv)
      .set({ revokedAt: now })
      .where(and(eq(inv.eventId, event.id), eq(inv.email, email), isNull(inv.acceptedAt), isNull(inv.revokedAt)))
      .returning({ id: inv.id });
    await tx.insert(inv).values({ id, eventId: event.id, email, role, tokenHash: hashInvitationToken(token), invitedBy: inviter?.id ?? null, createdAt: now, expiresAt });
    const messageId = await enqueueEmail(tx, { to: email, locale: message.locale, template: "staff_invitation", subject: message.subject, html: message.html, text: message.text }, now);
    await recordAudit(
      tx,
      actor,
      { action: "staff.invite", entityType: "invitation", entityId: id, data: { eventId: event.id, email, role, messageId, replaced: replaced.map((r) => r.id) } },
      now,
    );
  });
  deliverOutboxSoon();
  return { id, email, role, expiresAt, token };
}

/** The event's invitations, newest first: pending ones only unless `all`. Organizers and admins of the event. */
export async function listInvitations(actor: Actor, eventSlug: string, options: { all?: boolean; now?: Date } = {}): Promise<InvitationItem[]> {
  const event = await eventOrThrow(eventSlug);
  await requireStaffViewer(actor, event);
  const now = options.now ?? new Date();
  const { db, schema } = getConnection();
  const inv = schema.invitations;
  const rows = await db
    .select({ invitation: inv, invitedBy: schema.users.email })
    .from(inv)
    .leftJoin(schema.users, eq(schema.users.id, inv.invitedBy))
    .where(and(eq(inv.eventId, event.id), options.all ? undefined : and(isNull(inv.acceptedAt), isNull(inv.revokedAt), gt(inv.expiresAt, now))))
    .orderBy(desc(inv.createdAt), desc(inv.id))
    .limit(200);
  return rows.map(({ invitation: r, invitedBy }) => ({
    id: r.id,
    email: r.email,
    role: r.role,
    status: invitationStatus(r, now),
    invitedBy,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    acceptedAt: r.acceptedAt,
    revokedAt: r.revokedAt,
  }));
}

/** The event's staff (event roles), organizers first. Organizers and admins of the event. */
export async function listStaff(actor: Actor, eventSlug: string): Promise<StaffMember[]> {
  const event = await eventOrThrow(eventSlug);
  await requireStaffViewer(actor, event);
  const { db, schema } = getConnection();
  const rows = await db
    .select({ role: schema.eventRoles, user: schema.users })
    .from(schema.eventRoles)
    .innerJoin(schema.users, eq(schema.users.id, schema.eventRoles.userId))
    .where(eq(schema.eventRoles.eventId, event.id))
    .orderBy(schema.eventRoles.role, schema.users.email);
  return rows.map(({ role, user }) => ({
    userId: user.id,
    email: user.email,
    name: user.name,
    role: role.role,
    accountRole: user.role,
    disabled: user.disabled,
    since: role.createdAt,
  }));
}

/** Withdraws a pending invitation: its link stops working. */
export async function revokeInvitation(actor: Actor, eventSlug: string, invitationId: string, now = new Date()): Promise<void> {
  const event = await eventOrThrow(eventSlug);
  const { db, schema } = getConnection();
  const inv = schema.invitations;
  const [row] = z.uuid().safeParse(invitationId).success ? await db.select().from(inv).where(and(eq(inv.id, invitationId), eq(inv.eventId, event.id))) : [];
  if (!row) {
    await requireStaffViewer(actor, event);
    throw refusal("unknown", "No such invitation for this event.");
  }
  await requireStaffManager(actor, event, row.role);
  await withTransaction(async (tx) => {
    const [done] = await tx
      .update(inv)
      .set({ revokedAt: now })
      .where(and(eq(inv.id, row.id), isNull(inv.acceptedAt), isNull(inv.revokedAt)))
      .returning({ id: inv.id });
    if (!done) {
      const status = invitationStatus(row, now);
      throw refusal(status === "pending" ? "accepted" : status, `The invitation was already ${status === "pending" ? "accepted" : status}.`);
    }
    await recordAudit(tx, actor, { action: "staff.invitation_revoke", entityType: "invitation", entityId: row.id, data: { eventId: event.id, email: row.email, role: row.role } }, now);
  });
}

/** Takes a staff member off the event (their event role); the account itself stays. */
export async function removeStaff(actor: Actor, eventSlug: string, userId: string, now = new Date()): Promise<{ role: EventRole }> {
  const event = await eventOrThrow(eventSlug);
  const { db, schema } = getConnection();
  const er = schema.eventRoles;
  const [row] = z.uuid().safeParse(userId).success ? await db.select().from(er).where(and(eq(er.eventId, event.id), eq(er.userId, userId))) : [];
  if (!row) {
    await requireStaffViewer(actor, event);
    throw refusal("not_staff", "That person is not on this event's staff.");
  }
  await requireStaffManager(actor, event, row.role);
  await withTransaction(async (tx) => {
    const removed = await tx
      .delete(er)
      .where(and(eq(er.eventId, event.id), eq(er.userId, userId)))
      .returning({ role: er.role });
    if (removed.length === 0) throw refusal("not_staff", "That person is not on this event's staff.");
    await recordAudit(tx, actor, { action: "staff.remove", entityType: "event", entityId: event.id, data: { userId, role: first(removed).role } }, now);
  });
  return { role: row.role };
}

export interface InvitationLanding {
  status: InvitationStatus | "unknown";
  email: string | null;
  role: EventRole | null;
  event: { slug: string; nameEn: string; nameZh: string } | null;
  expiresAt: Date | null;
  /** The address already has an account: accepting asks for no password, the person signs in with their own. */
  hasAccount: boolean;
}

function tokenShapeOk(token: string): boolean {
  return /^[A-Za-z0-9_-]{20,100}$/.test(token);
}

/** What the invitation page shows for a link, without using it (a mail scanner's visit changes nothing). */
export async function getInvitationLanding(token: string, now = new Date()): Promise<InvitationLanding> {
  const none: InvitationLanding = { status: "unknown", email: null, role: null, event: null, expiresAt: null, hasAccount: false };
  if (!tokenShapeOk(token)) return none;
  const { db, schema } = getConnection();
  const inv = schema.invitations;
  const [row] = await db
    .select({ invitation: inv, slug: schema.events.slug, nameEn: schema.events.nameEn, nameZh: schema.events.nameZh })
    .from(inv)
    .innerJoin(schema.events, eq(schema.events.id, inv.eventId))
    .where(eq(inv.tokenHash, hashInvitationToken(token)));
  if (!row) return none;
  const status = invitationStatus(row.invitation, now);
  const user = status === "pending" ? await findUserByEmail(row.invitation.email) : null;
  return {
    status,
    email: row.invitation.email,
    role: row.invitation.role,
    event: { slug: row.slug, nameEn: row.nameEn, nameZh: row.nameZh },
    expiresAt: row.invitation.expiresAt,
    hasAccount: Boolean(user),
  };
}

const newAccountSchema = z.object({
  name: personText({ max: 120, min: 0 }).optional(),
  password: z.string().min(MIN_PASSWORD_LENGTH, "passwordTooShort").max(200),
});

export interface AcceptResult {
  userId: string;
  email: string;
  eventSlug: string;
  role: EventRole;
  /** A new account was made (with the password given); otherwise the role went to the existing one. */
  createdAccount: boolean;
}

async function addEventRole(tx: Database, userId: string, eventId: string, role: EventRole, now: Date): Promise<void> {
  const { schema } = getConnection();
  await tx
    .insert(schema.eventRoles)
    .values({ userId, eventId, role, createdAt: now })
    .onConflictDoUpdate({ target: [schema.eventRoles.userId, schema.eventRoles.eventId], set: { role } });
}

/**
 * Uses an invitation link: a new account with `password` (and `name`) when the address has none, else the event
 * role for the existing account (its password is not touched). Unknown, used, revoked and expired links are refused
 * with their reason.
 */
export async function acceptInvitation(token: string, input: { name?: string; password?: string }, now = new Date()): Promise<AcceptResult> {
  if (!tokenShapeOk(token)) throw refusal("unknown", "This invitation link is not valid.");
  const { db, schema } = getConnection();
  const inv = schema.invitations;
  const tokenHash = hashInvitationToken(token);
  const [found] = await db.select().from(inv).where(eq(inv.tokenHash, tokenHash));
  if (!found) throw refusal("unknown", "This invitation link is not valid.");
  const before = invitationStatus(found, now);
  if (before !== "pending") throw refusal(before, `This invitation was ${before}.`);

  const existingUser = await findUserByEmail(found.email);
  let passwordHash: string | null = null;
  let name: string | null = null;
  if (!existingUser) {
    const parsed = newAccountSchema.safeParse({ name: input.name || undefined, password: input.password ?? "" });
    if (!parsed.success) throw new DomainError("validation_failed", "Choose a password; see the fields.", fromZodIssues(parsed.error.issues));
    // bcrypt takes a while: outside the transaction, which on SQLite holds the only writer.
    passwordHash = await hashPassword(parsed.data.password);
    name = parsed.data.name || null;
  }

  const event = await db.select({ slug: schema.events.slug }).from(schema.events).where(eq(schema.events.id, found.eventId));
  try {
    return await withTransaction(async (tx) => {
      // One statement decides: a second click, a revocation or the expiry in between leaves nothing to update.
      const [claimed] = await tx
        .update(inv)
        .set({ acceptedAt: now })
        .where(and(eq(inv.id, found.id), isNull(inv.acceptedAt), isNull(inv.revokedAt), gt(inv.expiresAt, now)))
        .returning({ id: inv.id });
      if (!claimed) {
        const [again] = await tx.select().from(inv).where(eq(inv.id, found.id));
        const status = again ? invitationStatus(again, now) : "revoked";
        throw refusal(status === "pending" ? "accepted" : status, `This invitation was ${status}.`);
      }
      const [current] = await tx.select().from(schema.users).where(eq(schema.users.email, found.email));
      let user = current;
      let createdAccount = false;
      if (!user) {
        if (!passwordHash) throw new DomainError("validation_failed", "Choose a password.", [{ path: "password", key: "required" }]);
        const id = randomUUID();
        user = first(
          await tx.insert(schema.users).values({ id, email: found.email, name, passwordHash, role: found.role, createdAt: now }).returning(),
          "user",
        );
        createdAccount = true;
      } else if (found.role === "organizer" && user.role === "volunteer") {
        // The account's role caps the event role (policy.ts): an organizer invitation raises a volunteer account.
        await tx.update(schema.users).set({ role: "organizer" }).where(eq(schema.users.id, user.id));
      }
      await addEventRole(tx, user.id, found.eventId, found.role, now);
      const actor = actorForUser(user, "invitation");
      if (createdAccount) await recordAudit(tx, actor, { action: "user.create", entityType: "user", entityId: user.id, data: { role: found.role, invitationId: found.id } }, now);
      await recordAudit(
        tx,
        actor,
        { action: "staff.invitation_accept", entityType: "invitation", entityId: found.id, data: { eventId: found.eventId, userId: user.id, role: found.role, createdAccount } },
        now,
      );
      return { userId: user.id, email: user.email, eventSlug: event[0]?.slug ?? "", role: found.role, createdAccount };
    });
  } catch (error) {
    // Someone made the account between our look-up and the insert: the invitation stays unused; try again.
    if (isUniqueViolation(error)) throw new DomainError("conflict", "The account was just created elsewhere; open the link again.");
    throw error;
  }
}
