/**
 * The email outbox as staff read it (/admin/outbox). Who sees what (docs/decisions/005-outbox-visibility.md):
 * - admins: every message;
 * - organizer accounts: the messages of orders of the events they organize (their runners' confirmations,
 *   cancellations, refunds), nothing else; messages tied to no order (staff mail, sign-in links) are admin-only;
 * - volunteer accounts: none (403).
 * Messages carry personal data and private order links, so the scope is applied in the query, not by hiding rows.
 */
import { and, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { fromZodIssues } from "../../core/validation";
import { getConnection } from "../db";
import type { OutboxStatus } from "../../core/domain";
import type { Actor } from "../actor";
import { DomainError } from "../errors";
import { only } from "../../core/lists";

export const OUTBOX_STATUSES = ["queued", "sending", "sent", "failed", "recorded"] as const satisfies readonly OutboxStatus[];
export const OUTBOX_PAGE_SIZE = 50;

export interface OutboxListItem {
  id: string;
  toAddress: string;
  subject: string;
  template: string;
  locale: string;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  order: { code: string; eventSlug: string; eventName: { en: string; zh: string } } | null;
}

export interface OutboxMessage extends OutboxListItem {
  html: string;
  textBody: string;
}

export interface OutboxPage {
  total: number;
  page: number;
  pageSize: number;
  /** `all` for admins; `events` when limited to the events the actor organizes. */
  scope: "all" | "events";
  status: OutboxStatus | undefined;
  messages: OutboxListItem[];
}

/** all: admins and the CLI; events: organizer accounts (limited to their events). Volunteers are refused. */
function scopeOf(actor: Actor): "all" | "events" {
  if (actor.kind === "system" || actor.role === "admin") return "all";
  if (actor.role === "organizer") return "events";
  throw new DomainError("forbidden", "Only administrators and organizers can read the email outbox.");
}

/** Condition limiting messages to orders of the events the actor organizes. */
function organizedEvents(actor: Actor & { kind: "user" }): SQL {
  const { db, schema } = getConnection();
  const roles = db
    .select({ eventId: schema.eventRoles.eventId })
    .from(schema.eventRoles)
    .where(and(eq(schema.eventRoles.userId, actor.userId), eq(schema.eventRoles.role, "organizer")));
  return inArray(schema.orders.eventId, roles);
}

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const querySchema = z.object({
  status: z.preprocess(blank, z.enum(OUTBOX_STATUSES).optional()),
  page: z.preprocess(
    (v) => (typeof blank(v) === "string" && /^\s*\d+\s*$/.test(v as string) ? Number(v) : blank(v)),
    z.number({ error: (issue) => (issue.code === "invalid_type" ? "wholeNumber" : undefined) }).int("wholeNumber").min(1).max(1_000_000).optional(),
  ),
});

function selectMessages() {
  const { db, schema } = getConnection();
  const o = schema.emailOutbox;
  return db
    .select({
      message: o,
      orderCode: schema.orders.code,
      eventSlug: schema.events.slug,
      eventNameEn: schema.events.nameEn,
      eventNameZh: schema.events.nameZh,
    })
    .from(o)
    .leftJoin(schema.orders, eq(schema.orders.id, o.orderId))
    .leftJoin(schema.events, eq(schema.events.id, schema.orders.eventId));
}

type Row = Awaited<ReturnType<ReturnType<typeof selectMessages>["where"]>>[number];

function presentItem(row: Row): OutboxListItem {
  const m = row.message;
  return {
    id: m.id,
    toAddress: m.toAddress,
    subject: m.subject,
    template: m.template,
    locale: m.locale,
    status: m.status,
    attempts: m.attempts,
    lastError: m.lastError,
    createdAt: m.createdAt.toISOString(),
    sentAt: m.sentAt?.toISOString() ?? null,
    order:
      row.orderCode && row.eventSlug
        ? { code: row.orderCode, eventSlug: row.eventSlug, eventName: { en: row.eventNameEn ?? "", zh: row.eventNameZh ?? "" } }
        : null,
  };
}

/** Newest first, 50 a page, optionally by status. Bad parameters are a validation error on their name. */
export async function listOutbox(actor: Actor, raw: Record<string, string | undefined>): Promise<OutboxPage> {
  const scope = scopeOf(actor);
  const parsed = querySchema.safeParse(raw);
  if (!parsed.success) throw new DomainError("validation_failed", "The outbox parameters are not valid; see the fields.", fromZodIssues(parsed.error.issues));
  const { status, page = 1 } = parsed.data;
  const { db, schema } = getConnection();
  const o = schema.emailOutbox;
  const where = and(status ? eq(o.status, status) : undefined, scope === "events" ? organizedEvents(actor as Actor & { kind: "user" }) : undefined);
  const count = db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(o);
  const [rows, totalRows] = await Promise.all([
    selectMessages()
      .where(where)
      .orderBy(desc(o.createdAt), desc(o.id))
      .limit(OUTBOX_PAGE_SIZE)
      .offset((page - 1) * OUTBOX_PAGE_SIZE),
    scope === "events" ? count.leftJoin(schema.orders, eq(schema.orders.id, o.orderId)).where(where) : count.where(where),
  ]);
  const { total } = only(totalRows, "count");
  return { total, page, pageSize: OUTBOX_PAGE_SIZE, scope, status, messages: rows.map(presentItem) };
}

/** One message with its bodies. Organizers get 403 for a message that is not about one of their events. */
export async function getOutboxMessage(actor: Actor, id: string): Promise<OutboxMessage> {
  const scope = scopeOf(actor);
  const { schema } = getConnection();
  const o = schema.emailOutbox;
  const [row] = z.uuid().safeParse(id).success ? await selectMessages().where(eq(o.id, id)) : [];
  if (!row) throw new DomainError("not_found", "No such message.");
  if (scope === "events") {
    const [allowed] = await selectMessages().where(and(eq(o.id, id), organizedEvents(actor as Actor & { kind: "user" })));
    if (!allowed) throw new DomainError("forbidden", "This message is not about an event you organize.");
  }
  return { ...presentItem(row), html: row.message.html, textBody: row.message.textBody };
}
