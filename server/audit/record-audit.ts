import type { Database } from "../db";
import { getConnection } from "../db";
import { insertRows } from "../../db/bulk";
import type { Actor } from "../actor";

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  data?: Record<string, unknown>;
}

/** Writes one audit row inside the caller's transaction (who, what, when). */
export async function recordAudit(tx: Database, actor: Actor, entry: AuditEntry, at = new Date()): Promise<void> {
  const { auditLog } = getConnection().schema;
  await tx.insert(auditLog).values({
    actorUserId: actor.kind === "user" ? actor.userId : null,
    actorLabel: actor.label,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    data: entry.data ?? {},
    at,
  });
}

/** Many audit rows in a few statements (the same rows recordAudit writes one by one); an entry's own `at` wins. */
export async function recordAuditMany(tx: Database, actor: Actor, entries: (AuditEntry & { at?: Date })[], at: Date): Promise<void> {
  await insertRows(
    tx,
    getConnection().schema.auditLog,
    entries.map((entry) => ({
      actorUserId: actor.kind === "user" ? actor.userId : null,
      actorLabel: actor.label,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      data: entry.data ?? {},
      at: entry.at ?? at,
    })),
  );
}
