/**
 * What the bib and wave services share: the event's bib lock, who may give a bib back, runner names, and bulk
 * writes for batches of tens of thousands of entries.
 *
 * The bib lock (`bibs:<event id>`) guards every bib and wave written in an event: the batch, hand edits and the
 * assignment on confirmation all take it, so two of them never give one number twice or overfill a wave. Lock
 * order (docs/architecture.md "Locks"): after an order's and its races' locks, before any row lock.
 */
import { sql, type SQL } from "drizzle-orm";
import { getConnection, type Database } from "../../db";
import type { RegistrationStatus } from "../../db/types";
import type { Actor } from "../actor";
import type { AuditEntry } from "../audit/record-audit";

export function lockEventBibs(tx: Database, eventId: string): Promise<void> {
  return getConnection().lockKeys(tx, [`bibs:${eventId}`]);
}

/** Entries whose bib may be given again when the event reuses bibs of cancelled entries. */
export const RELEASABLE_STATUSES: readonly RegistrationStatus[] = ["cancelled", "refunded", "expired"];

export function isReleasable(status: RegistrationStatus): boolean {
  return RELEASABLE_STATUSES.includes(status);
}

/** A runner's name in their own script, with the Latin name after it when they gave a different one. */
export function runnerName(reg: { familyName: string; givenName: string; latinName: string | null }): string {
  const cjk = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/;
  const family = reg.familyName.trim();
  const given = reg.givenName.trim();
  const native = cjk.test(family) || cjk.test(given) ? `${family}${given}` : [given, family].filter(Boolean).join(" ");
  const latin = reg.latinName?.trim();
  return latin && latin !== native ? `${native} (${latin})` : native;
}

/** Runs a statement that returns no rows, on either engine. */
export async function runStatement(tx: Database, query: SQL): Promise<void> {
  if (getConnection().engine === "postgres") await tx.execute(query);
  else (tx as unknown as { run(q: SQL): unknown }).run(query);
}

/** Rows per bulk statement: two parameters a row stays far below both engines' limits. */
const CHUNK = 2_000;

/**
 * Sets one text column (`bib` or `wave_id`) of many registrations, each to its own value, in a few statements
 * (a CTE of values joined in an UPDATE … FROM, which both engines run).
 */
export async function setRegistrationColumn(tx: Database, column: "bib" | "wave_id", values: { id: string; value: string | null }[], now: Date): Promise<void> {
  const updatedAt = getConnection().engine === "postgres" ? now.toISOString() : now.getTime();
  for (let i = 0; i < values.length; i += CHUNK) {
    const rows = values.slice(i, i + CHUNK).map((v) => sql`(${v.id}, ${v.value})`);
    await runStatement(
      tx,
      sql`with v(id, value) as (values ${sql.join(rows, sql`, `)}) update registrations set ${sql.raw(column)} = v.value, updated_at = ${updatedAt} from v where registrations.id = v.id`,
    );
  }
}

/** Many audit rows in a few statements (the same rows recordAudit writes one by one). */
export async function recordAuditMany(tx: Database, actor: Actor, entries: AuditEntry[], at: Date): Promise<void> {
  const { auditLog } = getConnection().schema;
  const rows = entries.map((entry) => ({
    actorUserId: actor.kind === "user" ? actor.userId : null,
    actorLabel: actor.label,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    data: entry.data ?? {},
    at,
  }));
  for (let i = 0; i < rows.length; i += 1_000) await tx.insert(auditLog).values(rows.slice(i, i + 1_000));
}
