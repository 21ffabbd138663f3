/**
 * The audit log as staff read it (/admin/audit, issue 6): newest first, 50 a page, filtered by who (an account's
 * address or id, or an actor label such as `cli`, `payments`, `token:fl_abc123`), what (an action or its prefix,
 * `results.` or `registration.`), the entity (type, id), the event, and a time window.
 *
 * Audit rows carry no event column. The event of a row is worked out from its entity, which is what every
 * writer records: an `event` row is its own event; `race`, `discount_code`, `order`, `registration` and
 * `invitation` rows belong to their row's event (one primary-key look-up each). Rows about accounts, tokens and
 * runner sign-ins belong to no event.
 *
 * Who sees what (docs/decisions/007-staff-invitations.md): admins every row; organizer accounts the rows of the
 * events they organize (scope applied in the query), so no account, token or sign-in rows; volunteers nothing (403).
 */
import { and, desc, eq, gte, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { personText } from "../../core/text";
import { parseInstant } from "../../core/time";
import { fromZodIssues } from "../../core/validation";
import { getConnection } from "../db";
import type { Actor } from "../actor";
import { DomainError } from "../errors";
import { only } from "../../core/lists";

export const AUDIT_PAGE_SIZE = 50;

/** Entity types the filter offers (what the writers record); any other value is still accepted. */
export const AUDIT_ENTITY_TYPES = ["event", "race", "order", "registration", "discount_code", "invitation", "api_token", "user", "runner_email"] as const;

export interface AuditListItem {
  id: number;
  at: Date;
  actorLabel: string;
  actorEmail: string | null;
  action: string;
  entityType: string;
  entityId: string;
  data: Record<string, unknown>;
  event: { slug: string; nameEn: string; nameZh: string } | null;
}

export interface AuditFilters {
  who?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  event?: string;
  from?: string;
  to?: string;
}

export interface AuditPage {
  scope: "all" | "events";
  filters: AuditFilters;
  page: number;
  pageSize: number;
  total: number;
  rows: AuditListItem[];
}

function scopeOf(actor: Actor): "all" | "events" {
  if (actor.kind === "system" || actor.role === "admin") return "all";
  if (actor.role === "organizer") return "events";
  throw new DomainError("forbidden", "Only administrators and organizers can read the audit log.");
}

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : typeof v === "string" ? v.trim() : v);
// Filters are typed text (core/text.ts): a control character is a 422 on its field, never a query.
const text = (max: number) => z.preprocess(blank, personText({ max, min: 0 }).optional());
const instant = z.preprocess(blank, z.string().max(40).refine((v) => parseInstant(v, "UTC") !== null || /^\d{4}-\d{2}-\d{2}$/.test(v), "instantFormat").optional());

const querySchema = z.object({
  who: text(320),
  action: text(100),
  entityType: text(40),
  entityId: text(200),
  event: text(100),
  from: instant,
  to: instant,
  page: z.preprocess(
    (v) => (typeof blank(v) === "string" && /^\s*\d+\s*$/.test(v as string) ? Number(v) : blank(v)),
    z.number({ error: (issue) => (issue.code === "invalid_type" ? "wholeNumber" : undefined) }).int("wholeNumber").min(1).max(1_000_000).optional(),
  ),
});

/** A time filter's instant: local time in `zone` unless it names an offset; a date alone is its midnight. */
function toInstant(value: string | undefined, zone: string): Date | undefined {
  if (!value) return undefined;
  return parseInstant(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00` : value, zone) ?? undefined;
}

/** `value` as a LIKE prefix: its own % and _ match themselves. */
function likePrefix(value: string): string {
  return `${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The id of the event an audit row belongs to, or null (see the header). */
function eventOfRow(): SQL<string | null> {
  const a = getConnection().schema.auditLog;
  return sql<string | null>`(case ${a.entityType}
    when 'event' then ${a.entityId}
    when 'race' then (select ar.event_id from races ar where ar.id = ${a.entityId})
    when 'discount_code' then (select ad.event_id from discount_codes ad where ad.id = ${a.entityId})
    when 'order' then (select ao.event_id from orders ao where ao.id = ${a.entityId})
    when 'registration' then (select ag.event_id from registrations ag where ag.id = ${a.entityId})
    when 'invitation' then (select ai.event_id from invitations ai where ai.id = ${a.entityId})
    end)`;
}

/**
 * One page of the log. Unreadable parameters are a validation error on their name; an unknown event or account
 * simply matches nothing.
 */
export async function listAudit(actor: Actor, raw: Record<string, string | undefined>, options: { zone?: string } = {}): Promise<AuditPage> {
  const scope = scopeOf(actor);
  const parsed = querySchema.safeParse(raw);
  if (!parsed.success) throw new DomainError("validation_failed", "The audit log filters are not valid; see the fields.", fromZodIssues(parsed.error.issues));
  const { page = 1, ...filters } = parsed.data;
  const zone = options.zone ?? "Asia/Shanghai";
  const { db, schema } = getConnection();
  const a = schema.auditLog;
  const eventOf = eventOfRow();
  const conditions: (SQL | undefined)[] = [];

  if (filters.who) {
    const who = filters.who;
    if (who.includes("@")) {
      conditions.push(sql`${a.actorUserId} in (select u.id from users u where u.email = ${who.toLowerCase()})`);
    } else {
      conditions.push(or(eq(a.actorUserId, who), eq(a.actorLabel, who), sql`${a.actorLabel} like ${likePrefix(`${who}:`)} escape '\\'`));
    }
  }
  if (filters.action) conditions.push(or(eq(a.action, filters.action), sql`${a.action} like ${likePrefix(filters.action)} escape '\\'`));
  if (filters.entityType) conditions.push(eq(a.entityType, filters.entityType));
  if (filters.entityId) conditions.push(eq(a.entityId, filters.entityId));
  if (filters.event) conditions.push(sql`${eventOf} = (select fe.id from events fe where fe.slug = ${filters.event})`);
  const from = toInstant(filters.from, zone);
  const to = toInstant(filters.to, zone);
  if (from) conditions.push(gte(a.at, from));
  // A date alone as the end takes in that whole day.
  if (to) conditions.push(lt(a.at, filters.to && /^\d{4}-\d{2}-\d{2}$/.test(filters.to) ? new Date(to.getTime() + 86_400_000) : to));
  if (scope === "events" && actor.kind === "user") {
    conditions.push(sql`${eventOf} in (select sr.event_id from event_roles sr where sr.user_id = ${actor.userId} and sr.role = 'organizer')`);
  }
  const where = and(...conditions);

  const [rows, totalRows] = await Promise.all([
    db
      .select({ row: a, actorEmail: schema.users.email, eventId: eventOf })
      .from(a)
      .leftJoin(schema.users, eq(schema.users.id, a.actorUserId))
      .where(where)
      .orderBy(desc(a.at), desc(a.id))
      .limit(AUDIT_PAGE_SIZE)
      .offset((page - 1) * AUDIT_PAGE_SIZE),
    db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(a).where(where),
  ]);
  const { total } = only(totalRows, "count");

  const eventIds = [...new Set(rows.map((r) => r.eventId).filter((id): id is string => Boolean(id)))];
  const events = new Map<string, { slug: string; nameEn: string; nameZh: string }>();
  if (eventIds.length > 0) {
    const found = await db
      .select({ id: schema.events.id, slug: schema.events.slug, nameEn: schema.events.nameEn, nameZh: schema.events.nameZh })
      .from(schema.events)
      .where(inArray(schema.events.id, eventIds));
    for (const e of found) events.set(e.id, { slug: e.slug, nameEn: e.nameEn, nameZh: e.nameZh });
  }

  return {
    scope,
    filters,
    page,
    pageSize: AUDIT_PAGE_SIZE,
    total,
    rows: rows.map(({ row, actorEmail, eventId }) => ({
      id: row.id,
      at: row.at,
      actorLabel: row.actorLabel,
      actorEmail,
      action: row.action,
      entityType: row.entityType,
      entityId: row.entityId,
      data: row.data,
      event: eventId ? (events.get(eventId) ?? null) : null,
    })),
  };
}
