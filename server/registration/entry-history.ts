/**
 * An entry's full history from the audit log, newest first, for its page in the admin: the rows about the entry
 * itself (confirmation's bib and wave, bibs and waves set by hand or by a batch, swaps, pickup, cancellation,
 * corrections with their previous values) and those about its order (creation, payment, refunds, expiry, emails
 * resent), less the order's rows about another entry of the same order (that entry's refund or cancellation).
 * Admins and the event's organizers only (volunteers see the entry without its history).
 */
import { and, desc, eq, or } from "drizzle-orm";
import { z } from "zod";
import { isSlug } from "../../core/event-input";
import { getConnection } from "../db";
import type { Actor } from "../actor";
import { requireEventEditor } from "../auth/policy";
import { DomainError } from "../errors";

export interface EntryHistoryItem {
  id: number;
  at: string;
  action: string;
  /** The staff member's email, or the system's label (`registrant`, `sweep`, `payment:…`, a token's label). */
  actor: string;
  actorKind: "user" | "system";
  entityType: string;
  data: Record<string, unknown>;
  /** For a correction (`registration.update`): each changed field with its value before and after. */
  changes: { field: string; before: unknown; after: unknown }[] | null;
}

/** Keys of audit data that may carry a document number; shown masked whatever wrote them. */
const DOCUMENT_KEYS = /idnumber/i;

function masked(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, DOCUMENT_KEYS.test(k) && typeof v === "string" ? `****${v.slice(-4)}` : v]));
}

function changesOf(action: string, data: Record<string, unknown>): EntryHistoryItem["changes"] {
  if (action !== "registration.update") return null;
  const before = (data.before ?? {}) as Record<string, unknown>;
  const after = (data.after ?? {}) as Record<string, unknown>;
  return Object.keys(after).map((field) => ({ field, before: before[field] ?? null, after: after[field] ?? null }));
}

/** The history of one entry of the event, newest first (404 when the entry is not in the event; 403 for volunteers and others). */
export async function listEntryHistory(actor: Actor, eventSlug: string, registrationId: string): Promise<EntryHistoryItem[]> {
  const { db, schema } = getConnection();
  const r = schema.registrations;
  const [entry] = z.uuid().safeParse(registrationId).success && isSlug(eventSlug)
    ? await db
        .select({ id: r.id, orderId: r.orderId, eventId: r.eventId })
        .from(r)
        .innerJoin(schema.events, eq(schema.events.id, r.eventId))
        .where(and(eq(r.id, registrationId), eq(schema.events.slug, eventSlug)))
    : [];
  if (!entry) throw new DomainError("not_found", "No such entry in this event.");
  await requireEventEditor(actor, entry.eventId);

  const a = schema.auditLog;
  const rows = await db
    .select({ entry: a, email: schema.users.email })
    .from(a)
    .leftJoin(schema.users, eq(schema.users.id, a.actorUserId))
    .where(or(and(eq(a.entityType, "registration"), eq(a.entityId, entry.id)), and(eq(a.entityType, "order"), eq(a.entityId, entry.orderId))))
    .orderBy(desc(a.at), desc(a.id));
  return rows
    .filter(({ entry: row }) => !(typeof row.data.registrationId === "string" && row.data.registrationId !== entry.id))
    .map(({ entry: row, email }) => {
      const data = masked(row.data);
      return {
        id: row.id,
        at: row.at.toISOString(),
        action: row.action,
        actor: email ?? row.actorLabel,
        actorKind: row.actorUserId || email ? "user" : "system",
        entityType: row.entityType,
        data,
        changes: changesOf(row.action, data),
      };
    });
}
