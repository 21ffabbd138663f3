/**
 * Who may do what (the table in docs/authorization.md, checked by server/auth/authorization.test.ts):
 * - admin: everything;
 * - organizer: creates events (and becomes their organizer), edits the events they organize;
 * - volunteer: sees the events they are assigned to, edits nothing.
 * The operator's CLI acts as the system and may do everything.
 */
import { and, eq } from "drizzle-orm";
import { getConnection } from "../db";
import type { EventRole } from "../../core/domain";
import type { Actor } from "../actor";
import { DomainError } from "../errors";

export type EventAccess = "admin" | "organizer" | "volunteer" | null;

export async function eventAccessOf(actor: Actor, eventId: string): Promise<EventAccess> {
  if (actor.kind === "system" || actor.role === "admin") return "admin";
  const { db, schema } = getConnection();
  const [row] = await db
    .select({ role: schema.eventRoles.role })
    .from(schema.eventRoles)
    .where(and(eq(schema.eventRoles.userId, actor.userId), eq(schema.eventRoles.eventId, eventId)));
  return accessFromRole(actor, row?.role ?? null);
}

/**
 * The access an actor has to an event, given their role on it (null: none), for a query that read that role
 * itself (the pickup desk's one-query look-up, server/pickup/runner.ts).
 */
export function accessFromRole(actor: Actor, eventRole: EventRole | null): EventAccess {
  if (actor.kind === "system" || actor.role === "admin") return "admin";
  if (!eventRole) return null;
  // A volunteer account assigned as organizer stays a volunteer: the account's role caps the event role.
  return eventRole === "organizer" && actor.role === "organizer" ? "organizer" : "volunteer";
}

/** 403 forbidden for an actor with no access to the event (the refusal requireEventViewer gives). */
export function noEventAccess(): DomainError {
  return new DomainError("forbidden", "You have no access to this event.");
}

export function requireEventCreator(actor: Actor): void {
  if (actor.kind === "system" || actor.role === "admin" || actor.role === "organizer") return;
  throw new DomainError("forbidden", "Only organizers and admins can create events.");
}

export async function requireEventEditor(actor: Actor, eventId: string): Promise<void> {
  const access = await eventAccessOf(actor, eventId);
  if (access === "admin" || access === "organizer") return;
  throw new DomainError("forbidden", "You may not change this event.");
}

export async function requireEventViewer(actor: Actor, eventId: string): Promise<Exclude<EventAccess, null>> {
  const access = await eventAccessOf(actor, eventId);
  if (access) return access;
  throw noEventAccess();
}

export function requireAdmin(actor: Actor): void {
  if (actor.kind === "system" || actor.role === "admin") return;
  throw new DomainError("forbidden", "Only admins can do this.");
}
