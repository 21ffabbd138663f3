/**
 * The organizers' view of an event's entries: search, filter, page through, export, and one entry in full.
 * ID numbers leave this module masked (last four characters), whoever asks; contact details only go to those who
 * may change the event (volunteers at packet pickup need the runner, not their phone number).
 *
 * Search (`q`) is one box for everything a desk is handed (docs/api.md, "Registrations"):
 * - a name, native or Latin, in any order of its words ("张伟", "zhang wei", "Wei Zhang");
 * - an ID number, whole or its last four characters; a bib; an order code ("FL-7KQ2M9XD" or "7kq2m9xd");
 * - an email address (whole: exact; partial with "@": contained).
 * Names never contain digits or "@", so a query with a digit is matched against the identifiers only and a query
 * with "@" against the email only. Whole ID numbers, emails, bibs and order codes are index look-ups; names and
 * the last four characters of an ID are compared among the event's entries (12,000 in a few tens of
 * milliseconds, list-registrations.test.ts). Indexes: db/migrations/{sqlite,pg}/0003_registration_list_indexes.sql.
 *
 * Filters beside the search (docs/api.md): `wave` (a wave name: the race's wave, or without a race every race's wave
 * of that name), `gender`, `ageGroup` (an age on race day, `40-44` or `80+`: the event's calendar date, as the
 * registration rules count it; the admin offers the chosen race's age groups, or 10-year bands), `pickedUp`
 * (`yes`/`no`: the packet was handed over). They read columns of the event's own rows, so they need no index of
 * their own. Sorting (`sort`: created, name, bib, race, status, age; `order`: asc, desc) always ends with the id,
 * so pages never overlap or skip; the export reads the same order in batches by keyset.
 */
import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { entryActions, type EntryActions } from "../../core/entry-actions";
import { isSlug } from "../../core/event-input";
import { maskIdNumber, normalizeIdNumber } from "../../core/id-number";
import { effectiveStatus } from "../../core/places";
import { personText } from "../../core/text";
import { fromZodIssues } from "../../core/validation";
import { getConnection } from "../db";
import { GENDERS, REGISTRATION_STATUSES, type Gender, type RegistrationStatus } from "../../core/domain";
import type { Actor } from "../actor";
import { requireEventEditor, requireEventViewer, type EventAccess } from "../auth/policy";
import { DomainError } from "../errors";
import { ranOutHoldSql, runningHoldSql } from "./holds";
import { first, only, present as presentValue } from "../../core/lists";

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;
export const MAX_QUERY_LENGTH = 100;

/** One entry in a list or export. `email`, `phone` and the contacts are null for viewers who may not change the event. */
export interface RegistrationListItem {
  id: string;
  orderCode: string;
  /** `held` only while the hold runs; a hold that ran out reads `expired`, swept or not. */
  status: RegistrationStatus;
  race: { slug: string; name: { en: string; zh: string } };
  familyName: string;
  givenName: string;
  latinName: string | null;
  gender: string;
  birthDate: string;
  nationality: string;
  idType: string;
  /** Masked: only the last four characters are shown. */
  idNumber: string;
  email: string | null;
  phone: string | null;
  emergencyName: string | null;
  emergencyPhone: string | null;
  guardianName: string | null;
  guardianPhone: string | null;
  tshirtSize: string | null;
  predictedFinishSeconds: number | null;
  bib: string | null;
  wave: string | null;
  priceCents: number;
  discountCents: number;
  currency: string;
  registeredAt: string;
  confirmedAt: string | null;
  cancelledAt: string | null;
  checkedInAt: string | null;
}

export interface RegistrationFilters {
  race?: string;
  status?: RegistrationStatus;
  q?: string;
  /** A wave name (within the race when one is chosen, otherwise in every race). */
  wave?: string;
  gender?: Gender;
  /** Age on race day: `40-44` (both inclusive) or `80+`. */
  ageGroup?: string;
  /** `yes`: the packet was handed over (checked in); `no`: not yet. */
  pickedUp?: "yes" | "no";
}

export const REGISTRATION_SORTS = ["created", "name", "bib", "race", "status", "age"] as const;
export type RegistrationSort = (typeof REGISTRATION_SORTS)[number];
export type SortOrder = "asc" | "desc";

export interface RegistrationQuery extends RegistrationFilters {
  page: number;
  pageSize: number;
  /** Default `created`, newest first. */
  sort: RegistrationSort;
  /** Default `desc` for `created`, `asc` for the others. */
  order: SortOrder;
}

/** The filter parameters, in the order links and forms carry them. */
export const FILTER_KEYS = ["q", "race", "status", "wave", "gender", "ageGroup", "pickedUp"] as const;

export interface RegistrationPage {
  total: number;
  page: number;
  pageSize: number;
  registrations: RegistrationListItem[];
  /** Entries per status for the same race and search, whatever the status filter (the filter's counts). */
  totalsByStatus: Record<RegistrationStatus, number>;
  access: Exclude<EventAccess, null>;
  query: RegistrationQuery;
}

type Audience = "editors" | "staff";

// ---- Query parameters -------------------------------------------------------------------------------------

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const positiveInt = (max: number) =>
  z.preprocess(
    (v) => (typeof v === "string" && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
    z.number({ error: (issue) => (issue.code === "invalid_type" ? "wholeNumber" : undefined) }).int("wholeNumber").min(1).max(max),
  );

/** `40-44` or `80+`: whole years from 0 to 150, the lower bound first. */
const AGE_GROUP = /^(\d{1,3})(?:-(\d{1,3})|\+)$/;

const querySchema = z.object({
  // Race, search and wave are typed text (core/text.ts): a control character is a 422 on its parameter.
  race: z.preprocess(blankToUndefined, personText({ max: 100 }).optional()),
  status: z.preprocess(blankToUndefined, z.enum(REGISTRATION_STATUSES).optional()),
  q: z.preprocess(blankToUndefined, personText({ max: MAX_QUERY_LENGTH, min: 0 }).optional()),
  wave: z.preprocess(blankToUndefined, personText({ max: 100 }).optional()),
  gender: z.preprocess(blankToUndefined, z.enum(GENDERS).optional()),
  ageGroup: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .refine((v) => {
        const m = AGE_GROUP.exec(v);
        return m !== null && Number(m[1]) <= 150 && (m[2] === undefined || (Number(m[2]) >= Number(m[1]) && Number(m[2]) <= 150));
      }, "invalidFormat")
      .optional(),
  ),
  pickedUp: z.preprocess(blankToUndefined, z.enum(["yes", "no"]).optional()),
  sort: z.preprocess(blankToUndefined, z.enum(REGISTRATION_SORTS).optional()),
  order: z.preprocess(blankToUndefined, z.enum(["asc", "desc"]).optional()),
  page: z.preprocess(blankToUndefined, positiveInt(1_000_000).optional()),
  pageSize: z.preprocess(blankToUndefined, positiveInt(MAX_PAGE_SIZE).optional()),
});

/** The first value of each parameter (URLSearchParams, or a page's searchParams record). */
export function firstValues(params: URLSearchParams | Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  if (params instanceof URLSearchParams) {
    const out: Record<string, string> = {};
    for (const key of new Set(params.keys())) out[key] = params.get(key) ?? "";
    return out;
  }
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
}

/** Validates list parameters; bad values are a 422 with the parameter as the field path. */
export function parseRegistrationQuery(raw: Record<string, string | undefined>): RegistrationQuery {
  const parsed = querySchema.safeParse(raw);
  if (!parsed.success) throw new DomainError("validation_failed", "The list parameters are not valid; see the fields.", fromZodIssues(parsed.error.issues));
  const { race, status, q, wave, gender, ageGroup, pickedUp, sort, order, page, pageSize } = parsed.data;
  const search = q === undefined ? undefined : normalizeSearch(q);
  const by = sort ?? "created";
  return {
    race,
    status,
    q: search || undefined,
    wave,
    gender,
    ageGroup,
    pickedUp,
    sort: by,
    order: order ?? (by === "created" ? "desc" : "asc"),
    page: page ?? 1,
    pageSize: pageSize ?? DEFAULT_PAGE_SIZE,
  };
}

/** `40-44` → { min: 40, max: 44 }; `80+` → { min: 80, max: null }. The value is assumed valid (parsed). */
export function parseAgeGroup(value: string): { min: number; max: number | null } {
  const m = presentValue(AGE_GROUP.exec(value), `an age group like 40-44 or 80+, not ${JSON.stringify(value)}`);
  return { min: Number(m[1]), max: m[2] === undefined ? null : Number(m[2]) };
}

/**
 * The latest birth date of someone at least `age` on `raceDay` (`YYYY-MM-DD`), as text that compares like the
 * stored birth dates: born on or before it ⇔ at least that old (core/age.ts; 29 February works as a bound too,
 * being between the 28th and 1 March as text).
 */
export function bornOnOrBefore(raceDay: string, age: number): string {
  return `${String(Number(raceDay.slice(0, 4)) - age).padStart(4, "0")}${raceDay.slice(4)}`;
}

/** Full-width characters from Chinese input methods (１２３４, ＠) as their ASCII forms; one space between words. */
function normalizeSearch(q: string): string {
  return q.normalize("NFKC").trim().replace(/\s+/g, " ");
}

// ---- Conditions ---------------------------------------------------------------------------------------------

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function contains(expr: SQL, needle: string): SQL {
  return sql`lower(${expr}) like ${`%${escapeLike(needle.toLowerCase())}%`} escape '\\'`;
}

/** The 8 characters of an order code (core/order-code.ts), typed with or without its "FL-". */
const ORDER_CODE_BODY = /^[0-9A-HJKMNP-TV-Z]{8}$/;

/** The search condition for `q` (see the module comment for what each kind of query matches). */
function searchCondition(q: string): SQL | undefined {
  const { schema } = getConnection();
  const r = schema.registrations;
  const o = schema.orders;
  const upper = q.toUpperCase();
  const terms: (SQL | undefined)[] = [];

  const code = upper.replace(/\s/g, "").replace(/^FL-?/, "");
  if (ORDER_CODE_BODY.test(code)) terms.push(inArray(r.orderId, getConnection().db.select({ id: o.id }).from(o).where(eq(o.code, `FL-${code}`))));

  if (q.includes("@")) {
    const email = q.replace(/\s/g, "").toLowerCase();
    terms.push(z.email().safeParse(email).success ? eq(r.email, email) : contains(sql`${r.email}`, email));
  } else if (/\d/.test(q)) {
    const id = normalizeIdNumber(q);
    terms.push(inArray(r.bib, [...new Set([q, upper, q.replace(/\s/g, "")])]));
    if (id.length > 0) terms.push(eq(r.idNumber, id));
    if (id.length === 4) terms.push(sql`substr(${r.idNumber}, length(${r.idNumber}) - 3) = ${id}`);
  } else {
    // Every word in the native name (family + given, written together) or in the Latin name.
    const words = q.split(" ").filter(Boolean);
    terms.push(and(...words.map((w) => or(contains(sql`(${r.familyName} || ${r.givenName})`, w), contains(sql`coalesce(${r.latinName}, '')`, w)))));
  }
  return or(...terms);
}

/**
 * The status as the desk sees it: a hold that ran out is expired, whether or not a sweep has marked it yet
 * (core/places.ts effectiveStatus, as SQL from server/registration/holds.ts).
 */
function statusCondition(status: RegistrationStatus, now: Date): SQL | undefined {
  const r = getConnection().schema.registrations;
  if (status === "held") return runningHoldSql(now);
  if (status === "expired") return or(eq(r.status, "expired"), ranOutHoldSql(now));
  return eq(r.status, status);
}

// ---- Loading ------------------------------------------------------------------------------------------------

interface ListContext {
  event: { id: string; slug: string; timezone: string; nameEn: string; nameZh: string; date: string };
  access: Exclude<EventAccess, null>;
  /** May see contact details: admins and the event's organizers. */
  contact: boolean;
  raceId?: string;
  /** The waves the `wave` filter names (one per race having a wave of that name). */
  waveIds?: string[];
}

async function authorize(actor: Actor, eventSlug: string, audience: Audience): Promise<ListContext> {
  const { db, schema } = getConnection();
  const [event] = !isSlug(eventSlug)
    ? []
    : await db
        .select({ id: schema.events.id, slug: schema.events.slug, timezone: schema.events.timezone, nameEn: schema.events.nameEn, nameZh: schema.events.nameZh, date: schema.events.date })
        .from(schema.events)
        .where(eq(schema.events.slug, eventSlug));
  if (!event) throw new DomainError("not_found", `No event "${eventSlug}".`);
  const access = await requireEventViewer(actor, event.id);
  if (audience === "editors" && access === "volunteer") await requireEventEditor(actor, event.id); // refuses
  return { event, access, contact: access === "admin" || access === "organizer" };
}

/** The race and wave ids the filters name: 422 when the event has no such race, or no such wave (in the race). */
async function resolveRace(ctx: ListContext, race: string | undefined, wave?: string): Promise<ListContext> {
  const { db, schema } = getConnection();
  let raceId: string | undefined;
  if (race) {
    const [row] = !isSlug(race)
      ? []
      : await db
          .select({ id: schema.races.id })
          .from(schema.races)
          .where(and(eq(schema.races.eventId, ctx.event.id), eq(schema.races.slug, race)));
    if (!row) throw new DomainError("validation_failed", `"${race}" is not a race of this event.`, [{ path: "race", key: "unknownRace" }]);
    raceId = row.id;
  }
  if (!wave) return { ...ctx, raceId };
  const waves = await db
    .select({ id: schema.waves.id })
    .from(schema.waves)
    .innerJoin(schema.races, eq(schema.races.id, schema.waves.raceId))
    .where(and(eq(schema.races.eventId, ctx.event.id), eq(schema.waves.name, wave), raceId ? eq(schema.races.id, raceId) : undefined));
  if (waves.length === 0) throw new DomainError("validation_failed", `"${wave}" is not a wave of ${race ? "this race" : "this event"}.`, [{ path: "wave", key: "unknownWave" }]);
  return { ...ctx, raceId, waveIds: waves.map((w) => w.id) };
}

/** Age on race day within the group: born on or before the day its lower bound is reached, after the day one turns max + 1. */
function ageGroupCondition(ageGroup: string, raceDay: string): SQL | undefined {
  const r = getConnection().schema.registrations;
  const { min, max } = parseAgeGroup(ageGroup);
  return and(lte(r.birthDate, bornOnOrBefore(raceDay, min)), max === null ? undefined : gt(r.birthDate, bornOnOrBefore(raceDay, max + 1)));
}

function whereOf(ctx: ListContext, filters: RegistrationFilters, now: Date, withStatus = true): SQL | undefined {
  const r = getConnection().schema.registrations;
  return and(
    eq(r.eventId, ctx.event.id),
    ctx.raceId ? eq(r.raceId, ctx.raceId) : undefined,
    withStatus && filters.status ? statusCondition(filters.status, now) : undefined,
    filters.q ? searchCondition(filters.q) : undefined,
    ctx.waveIds ? inArray(r.waveId, ctx.waveIds) : undefined,
    filters.gender ? eq(r.gender, filters.gender) : undefined,
    filters.ageGroup ? ageGroupCondition(filters.ageGroup, ctx.event.date) : undefined,
    filters.pickedUp === "yes" ? isNotNull(r.checkedInAt) : filters.pickedUp === "no" ? isNull(r.checkedInAt) : undefined,
  );
}

// ---- Sorting ------------------------------------------------------------------------------------------------

/** Statuses in the order the list shows them (the totals' order). */
const STATUS_RANK: RegistrationStatus[] = ["confirmed", "held", "expired", "cancelled", "refunded", "transferred"];

/** One part of a sort: an expression (never null, so both engines place every row alike) and its direction. */
interface SortKey {
  expr: SQL;
  desc: boolean;
}

/** Text compared byte by byte on both engines (PostgreSQL's default collation would order words differently). */
function binary(expr: SQL): SQL {
  return getConnection().engine === "postgres" ? sql`(${expr}) collate "C"` : expr;
}

/** The keys of a sort, the id last: every row has its one place, so pages neither overlap nor skip. */
function sortKeys(sort: RegistrationSort, order: SortOrder, now: Date): SortKey[] {
  const { schema } = getConnection();
  const r = schema.registrations;
  const d = order === "desc";
  const created: SortKey = { expr: sql`${r.createdAt}`, desc: true };
  const id: SortKey = { expr: sql`${r.id}`, desc: d };
  switch (sort) {
    case "created":
      return [{ ...created, desc: d }, id];
    case "name":
      return [{ expr: binary(sql`${r.familyName} || ${r.givenName}`), desc: d }, id];
    case "bib": {
      // Entries without a bib last either way; numeric bibs (stored without leading zeros) by value (length, then
      // digits), then other bibs such as F12 by text, as the start list orders them (server/exports/export-entries.ts).
      const other = getConnection().engine === "postgres" ? sql`${r.bib} ~ '[^0-9]'` : sql`${r.bib} glob '*[^0-9]*'`;
      return [
        { expr: sql`case when ${r.bib} is null then 1 else 0 end`, desc: false },
        { expr: sql`case when ${other} then 1 else 0 end`, desc: d },
        { expr: sql`case when ${other} then 0 else coalesce(length(${r.bib}), 0) end`, desc: d },
        { expr: binary(sql`coalesce(${r.bib}, '')`), desc: d },
        id,
      ];
    }
    case "race":
      return [{ expr: sql`${schema.races.position}`, desc: d }, created, id];
    case "status": {
      // Ranks as literals: PostgreSQL would read untyped parameters in a CASE as text.
      const ranks = STATUS_RANK.map((s, i) => sql`when ${r.status} = ${s} then ${sql.raw(String(i))}`);
      const expr = sql`case when ${ranOutHoldSql(now)} then ${sql.raw(String(STATUS_RANK.indexOf("expired")))} ${sql.join(ranks, sql` `)} else ${sql.raw(String(STATUS_RANK.length))} end`;
      return [{ expr, desc: d }, created, id];
    }
    case "age":
      // Older first when ascending by age is the latest birth date first: the birth date in the other direction.
      return [{ expr: sql`${r.birthDate}`, desc: !d }, id];
  }
}

function orderByOf(keys: SortKey[]): SQL[] {
  return keys.map((k) => (k.desc ? desc(k.expr) : asc(k.expr)));
}

function selectRows() {
  const { db, schema } = getConnection();
  const r = schema.registrations;
  return db
    .select({
      reg: r,
      raceSlug: schema.races.slug,
      raceNameEn: schema.races.nameEn,
      raceNameZh: schema.races.nameZh,
      racePosition: schema.races.position,
      wave: schema.waves.name,
      orderCode: schema.orders.code,
      currency: schema.orders.currency,
    })
    .from(r)
    .innerJoin(schema.races, eq(schema.races.id, r.raceId))
    .innerJoin(schema.orders, eq(schema.orders.id, r.orderId))
    .leftJoin(schema.waves, eq(schema.waves.id, r.waveId));
}

type Row = Awaited<ReturnType<ReturnType<typeof selectRows>["where"]>>[number];

function present(row: Row, contact: boolean, now: Date): RegistrationListItem {
  const { reg } = row;
  const hide = <T>(v: T): T | null => (contact ? v : null);
  return {
    id: reg.id,
    orderCode: row.orderCode,
    status: effectiveStatus(reg, now),
    race: { slug: row.raceSlug, name: { en: row.raceNameEn, zh: row.raceNameZh } },
    familyName: reg.familyName,
    givenName: reg.givenName,
    latinName: reg.latinName,
    gender: reg.gender,
    birthDate: reg.birthDate,
    nationality: reg.nationality,
    idType: reg.idType,
    idNumber: maskIdNumber(reg.idNumber),
    email: hide(reg.email),
    phone: hide(reg.phone),
    emergencyName: hide(reg.emergencyName),
    emergencyPhone: hide(reg.emergencyPhone),
    guardianName: reg.guardianName,
    guardianPhone: hide(reg.guardianPhone),
    tshirtSize: reg.tshirtSize,
    predictedFinishSeconds: reg.predictedFinishSeconds,
    bib: reg.bib,
    wave: row.wave,
    priceCents: reg.priceCents,
    discountCents: reg.discountCents,
    currency: row.currency,
    registeredAt: reg.createdAt.toISOString(),
    confirmedAt: reg.confirmedAt?.toISOString() ?? null,
    cancelledAt: reg.cancelledAt?.toISOString() ?? null,
    checkedInAt: reg.checkedInAt?.toISOString() ?? null,
  };
}

async function totalsByStatus(ctx: ListContext, filters: RegistrationFilters, now: Date): Promise<Record<RegistrationStatus, number>> {
  const { db, schema } = getConnection();
  const r = schema.registrations;
  const rows = await db
    .select({
      status: r.status,
      n: sql<number>`count(*)`.mapWith(Number),
      // An aggregate, not a grouping expression: PostgreSQL would see two different parameters otherwise.
      ranOut: sql<number>`sum(case when ${ranOutHoldSql(now)} then 1 else 0 end)`.mapWith(Number),
    })
    .from(r)
    .where(whereOf(ctx, filters, now, false))
    .groupBy(r.status);
  const totals = Object.fromEntries(REGISTRATION_STATUSES.map((s) => [s, 0])) as Record<RegistrationStatus, number>;
  for (const row of rows) {
    totals[row.status] += row.n - (row.ranOut ?? 0);
    totals.expired += row.ranOut ?? 0;
  }
  return totals;
}

/**
 * One page of an event's entries in the query's order (default newest first; the id breaks ties, so the order is
 * stable), with the total and the counts per status. `audience: "editors"` (the API) refuses volunteers;
 * `"staff"` (the admin list) lets them read.
 */
export async function listRegistrations(
  actor: Actor,
  eventSlug: string,
  raw: Record<string, string | undefined>,
  options: { audience?: Audience; now?: Date } = {},
): Promise<RegistrationPage> {
  const now = options.now ?? new Date();
  let ctx = await authorize(actor, eventSlug, options.audience ?? "editors");
  const query = parseRegistrationQuery(raw);
  ctx = await resolveRace(ctx, query.race, query.wave);
  const { db, schema } = getConnection();
  const r = schema.registrations;
  const where = whereOf(ctx, query, now);
  const [rows, totalRows, totals] = await Promise.all([
    orderedIds(ctx, query, now, { limit: query.pageSize, offset: (query.page - 1) * query.pageSize }).then(rowsInOrder),
    db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(r).where(where),
    totalsByStatus(ctx, query, now),
  ]);
  const { total } = only(totalRows, "count");
  return { total, page: query.page, pageSize: query.pageSize, registrations: rows.map((row) => present(row, ctx.contact, now)), totalsByStatus: totals, access: ctx.access, query };
}

/**
 * The ids of the matching entries in the query's order (one page, or all): sorted on the registrations table alone
 * (the races joined only to sort by race), so the joins for the shown columns are made for the page's rows only.
 */
async function orderedIds(ctx: ListContext, query: RegistrationQuery, now: Date, page?: { limit: number; offset: number }): Promise<string[]> {
  const { db, schema } = getConnection();
  const r = schema.registrations;
  const base = db.select({ id: r.id }).from(r);
  const joined = query.sort === "race" ? base.innerJoin(schema.races, eq(schema.races.id, r.raceId)) : base;
  const ordered = joined.where(whereOf(ctx, query, now)).orderBy(...orderByOf(sortKeys(query.sort, query.order, now)));
  const rows = page ? await ordered.limit(page.limit).offset(page.offset) : await ordered;
  return rows.map((row) => row.id);
}

/** The rows of `ids` with their joins, in the order of `ids` (an entry is never deleted, so each id has its row). */
async function rowsInOrder(ids: string[]): Promise<Row[]> {
  if (ids.length === 0) return [];
  const r = getConnection().schema.registrations;
  const byId = new Map((await selectRows().where(inArray(r.id, ids))).map((row) => [row.reg.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

const EXPORT_BATCH = 500;

/**
 * Every entry matching the filters (page and pageSize are ignored), in the list's order, for the CSV and XLSX
 * exports: authorized and validated before the first row. The matching ids are read first, in order (one query
 * and one sort, however the list is sorted), then the rows in batches by id, so memory stays small and an entry
 * that arrives during the export neither shifts nor repeats rows.
 */
export async function exportRegistrations(
  actor: Actor,
  eventSlug: string,
  raw: Record<string, string | undefined>,
  options: { now?: Date } = {},
): Promise<{ eventSlug: string; query: RegistrationQuery; rows: AsyncGenerator<RegistrationListItem[]> }> {
  const now = options.now ?? new Date();
  const { page: _page, pageSize: _size, ...filters } = raw;
  void _page;
  void _size;
  const query = parseRegistrationQuery(filters);
  const ctx = await resolveRace(await authorize(actor, eventSlug, "editors"), query.race, query.wave);
  async function* batches(): AsyncGenerator<RegistrationListItem[]> {
    const ids = await orderedIds(ctx, query, now);
    for (let start = 0; start < ids.length; start += EXPORT_BATCH) {
      yield (await rowsInOrder(ids.slice(start, start + EXPORT_BATCH))).map((row) => present(row, ctx.contact, now));
    }
  }
  return { eventSlug: ctx.event.slug, query, rows: batches() };
}

// ---- One entry ----------------------------------------------------------------------------------------------

export interface RegistrationDetail {
  access: Exclude<EventAccess, null>;
  /** Admins and the event's organizers: cancel, refund, resend; they also see money, emails and history. */
  canManage: boolean;
  /** What may be done with the entry now, or why not (core/entry-actions.ts): the page renders it. */
  actions: EntryActions;
  event: { slug: string; name: { en: string; zh: string }; timezone: string };
  entry: RegistrationListItem & {
    guardianIdNumber: string | null;
    guardianConsent: boolean;
    bibLocked: boolean;
    /** What this entry paid (price less its discount): the default of an entry refund. */
    paidCents: number;
  };
  order: {
    id: string;
    code: string;
    status: string;
    email: string | null;
    locale: string;
    totalCents: number;
    discountCents: number;
    currency: string;
    provider: string;
    createdAt: string;
    paidAt: string | null;
    expiresAt: string;
    /** Paid and not yet refunded (failed refunds give the money back to this figure). */
    refundableCents: number;
    entries: { id: string; familyName: string; givenName: string; latinName: string | null; race: { slug: string; name: { en: string; zh: string } }; status: RegistrationStatus; paidCents: number }[];
  };
  /** Null for viewers who may not change the event. */
  payments: { id: string; provider: string; amountCents: number; currency: string; status: string; createdAt: string }[] | null;
  refunds: { id: string; registrationId: string | null; amountCents: number; currency: string; status: string; source: string; reason: string; createdAt: string }[] | null;
  emails: { id: string; template: string; subject: string; locale: string; toAddress: string; status: string; attempts: number; createdAt: string; sentAt: string | null }[] | null;
  history: { at: string; action: string; actor: string; actorKind: "user" | "system"; entityType: string; data: Record<string, unknown> }[] | null;
}

/** One entry of an event with its order, money, emails and history, for the entry page. 404 when not in the event. */
export async function getRegistrationDetail(
  actor: Actor,
  eventSlug: string,
  registrationId: string,
  options: { now?: Date; /** false: no history (the page reads it newest first from entry-history.ts). */ history?: boolean } = {},
): Promise<RegistrationDetail> {
  const now = options.now ?? new Date();
  const ctx = await authorize(actor, eventSlug, "staff");
  const { db, schema } = getConnection();
  const r = schema.registrations;
  const [row] = z.uuid().safeParse(registrationId).success ? await selectRows().where(and(eq(r.id, registrationId), eq(r.eventId, ctx.event.id))) : [];
  if (!row) throw new DomainError("not_found", "No such entry in this event.");
  const order = first(await db.select().from(schema.orders).where(eq(schema.orders.id, row.reg.orderId)));
  const siblings = await selectRows().where(eq(r.orderId, order.id)).orderBy(asc(r.createdAt), asc(r.id));
  const [payments, refunds] = await Promise.all([
    db.select().from(schema.payments).where(eq(schema.payments.orderId, order.id)).orderBy(asc(schema.payments.createdAt)),
    db.select().from(schema.refunds).where(eq(schema.refunds.orderId, order.id)).orderBy(asc(schema.refunds.createdAt)),
  ]);
  const paid = payments.filter((p) => p.status === "confirmed").reduce((s, p) => s + p.amountCents, 0);
  const refunded = refunds.filter((x) => x.status !== "failed").reduce((s, x) => s + x.amountCents, 0);

  let emails: RegistrationDetail["emails"] = null;
  let history: RegistrationDetail["history"] = null;
  if (ctx.contact) {
    const o = schema.emailOutbox;
    emails = (
      await db
        .select({ id: o.id, template: o.template, subject: o.subject, locale: o.locale, toAddress: o.toAddress, status: o.status, attempts: o.attempts, createdAt: o.createdAt, sentAt: o.sentAt })
        .from(o)
        .where(eq(o.orderId, order.id))
        .orderBy(asc(o.createdAt))
    ).map((m) => ({ ...m, createdAt: m.createdAt.toISOString(), sentAt: m.sentAt?.toISOString() ?? null }));
  }
  if (ctx.contact && options.history !== false) {
    const a = schema.auditLog;
    const audit = await db
      .select({ entry: a, email: schema.users.email })
      .from(a)
      .leftJoin(schema.users, eq(schema.users.id, a.actorUserId))
      .where(or(and(eq(a.entityType, "registration"), eq(a.entityId, row.reg.id)), and(eq(a.entityType, "order"), eq(a.entityId, order.id))))
      .orderBy(asc(a.at), asc(a.id));
    history = audit
      // Order events about another entry of the same order (its refund, its cancellation) belong to that entry.
      .filter(({ entry }) => !(typeof entry.data.registrationId === "string" && entry.data.registrationId !== row.reg.id))
      .map(({ entry, email }) => ({
        at: entry.at.toISOString(),
        action: entry.action,
        actor: email ?? entry.actorLabel,
        actorKind: entry.actorUserId || email ? "user" : "system",
        entityType: entry.entityType,
        data: entry.data,
      }));
  }

  const item = present(row, ctx.contact, now);
  const orderStatus = order.status === "pending" && now >= order.expiresAt ? "expired" : order.status;
  const refundableCents = Math.max(0, paid - refunded);
  return {
    access: ctx.access,
    canManage: ctx.contact,
    actions: entryActions({ canManage: ctx.contact, entryStatus: item.status, orderStatus, refundableCents }),
    event: { slug: ctx.event.slug, name: { en: ctx.event.nameEn, zh: ctx.event.nameZh }, timezone: ctx.event.timezone },
    entry: {
      ...item,
      guardianIdNumber: row.reg.guardianIdNumber ? maskIdNumber(row.reg.guardianIdNumber) : null,
      guardianConsent: row.reg.guardianConsent,
      bibLocked: row.reg.bibLocked,
      paidCents: row.reg.priceCents - row.reg.discountCents,
    },
    order: {
      id: order.id,
      code: order.code,
      status: orderStatus,
      email: ctx.contact ? order.email : null,
      locale: order.locale,
      totalCents: order.totalCents,
      discountCents: order.discountCents,
      currency: order.currency,
      provider: order.provider,
      createdAt: order.createdAt.toISOString(),
      paidAt: order.paidAt?.toISOString() ?? null,
      expiresAt: order.expiresAt.toISOString(),
      refundableCents,
      entries: siblings.map((s) => ({
        id: s.reg.id,
        familyName: s.reg.familyName,
        givenName: s.reg.givenName,
        latinName: s.reg.latinName,
        race: { slug: s.raceSlug, name: { en: s.raceNameEn, zh: s.raceNameZh } },
        status: effectiveStatus(s.reg, now),
        paidCents: s.reg.priceCents - s.reg.discountCents,
      })),
    },
    payments: ctx.contact
      ? payments.map((p) => ({ id: p.id, provider: p.provider, amountCents: p.amountCents, currency: p.currency, status: p.status, createdAt: p.createdAt.toISOString() }))
      : null,
    refunds: ctx.contact
      ? refunds.map((x) => ({
          id: x.id,
          registrationId: x.registrationId,
          amountCents: x.amountCents,
          currency: x.currency,
          status: x.status,
          source: x.source,
          reason: x.reason,
          createdAt: x.createdAt.toISOString(),
        }))
      : null,
    emails,
    history,
  };
}
