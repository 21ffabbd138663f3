/**
 * Search at a pickup desk, for the runner who has no QR code with them: one box for a bib, a name (native or Latin,
 * any case, each word contained) or the last four characters of the ID document. A short list (at most
 * LOOKUP_LIMIT), with masked ID numbers and each entry's pickup state, so the desk picks the right person.
 *
 * Names never contain digits, so a query with a digit is matched against bibs and ID numbers only. A four-character
 * query without digits (a passport ending "ABCD") is tried as a name and as the end of an ID number. Names and ID
 * endings are compared among the event's entries (the organizers' list does the same, list-registrations.ts).
 */
import { and, asc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { normalizeIdNumber } from "../../core/id-number";
import { personText } from "../../core/text";
import { fromZodIssues } from "../../core/validation";
import { getConnection } from "../db";
import type { Actor } from "../actor";
import { DomainError } from "../errors";
import { bibCandidates } from "../../core/bibs";
import { deskEventOrThrow, presentRunner, selectRunnerRows, type PickupRunner } from "./runner";

export const LOOKUP_LIMIT = 20;

export interface PickupLookup {
  query: string;
  runners: PickupRunner[];
  /** More entries matched than the list shows: the desk should type more. */
  more: boolean;
}

const querySchema = personText({ max: 100, min: 0 });

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function contains(expr: SQL, needle: string): SQL {
  return sql`lower(${expr}) like ${`%${escapeLike(needle.toLowerCase())}%`} escape '\\'`;
}

function searchCondition(q: string): SQL | undefined {
  const r = getConnection().schema.registrations;
  const terms: (SQL | undefined)[] = [];
  const compact = normalizeIdNumber(q);
  const idEnding = (id: string) => sql`substr(${r.idNumber}, length(${r.idNumber}) - 3) = ${id}`;
  if (/\d/.test(q)) {
    terms.push(inArray(r.bib, bibCandidates(q)));
    if (compact.length === 4) terms.push(idEnding(compact));
  } else {
    const words = q.split(" ").filter(Boolean);
    terms.push(and(...words.map((w) => or(contains(sql`(${r.familyName} || ${r.givenName})`, w), contains(sql`coalesce(${r.latinName}, '')`, w)))));
    if (/^[A-Z0-9]{4}$/.test(compact)) terms.push(idEnding(compact));
  }
  return or(...terms);
}

/** Entries of the event matching `query` (see the module comment), by name. Allowed: the event's desks. */
export async function lookupForPickup(actor: Actor, eventSlug: string, query: string, options: { now?: Date } = {}): Promise<PickupLookup> {
  const now = options.now ?? new Date();
  const event = await deskEventOrThrow(actor, eventSlug);
  const parsed = querySchema.safeParse(query);
  if (!parsed.success) throw new DomainError("validation_failed", "The search is not valid; see the fields.", fromZodIssues(parsed.error.issues, "q"));
  // Full-width characters from Chinese input methods (１２３４) as ASCII; one space between words.
  const q = parsed.data.normalize("NFKC").trim().replace(/\s+/g, " ");
  if (!q) throw new DomainError("validation_failed", "Type a bib, a name or the last 4 characters of an ID number.", [{ path: "q", key: "required" }]);
  const r = getConnection().schema.registrations;
  const rows = await selectRunnerRows()
    .where(and(eq(r.eventId, event.id), searchCondition(q)))
    .orderBy(asc(r.familyName), asc(r.givenName), asc(r.id))
    .limit(LOOKUP_LIMIT + 1);
  return { query: q, runners: rows.slice(0, LOOKUP_LIMIT).map((row) => presentRunner(row, event, now)), more: rows.length > LOOKUP_LIMIT };
}
