/** Helpers for integration tests: wipe every table between cases (both engines), and make staff quickly. */
import { outboxDeliverySettled } from "../server/email/outbox";
import { invalidatePublicEvents } from "../server/events/public-cache";
import { clearAllResultsCaches } from "../server/results/cache";
import { resetResultsLiveForTests } from "../server/results/live";
import { getTableColumns, getTableName, sql, type SQL, type Table } from "drizzle-orm";
import { getConnection } from "../server/db";
import { CLI_ACTOR, type Actor } from "../server/actor";
import { assignEventRole, createUser, actorForUser } from "../server/auth/users";
import type { EventRole, UserRole } from "../core/domain";
import { only } from "../core/lists";

const TABLES = [
  "broadcast_recipients", "broadcasts", "results", "result_versions", "timing_reads", "pickup_scans", "pickups", "email_outbox", "verification_tokens", "refunds", "payments", "provider_events", "registrations", "orders", "discount_codes", "rate_limits", "idempotency_keys",
  "audit_log", "sign_in_attempts", "api_tokens", "invitations", "event_roles", "waves", "races", "events", "users", "app_settings",
];

export async function resetDatabase(): Promise<void> {
  // A background delivery started by the previous case must not write into the next one.
  await outboxDeliverySettled();
  // Cached public events would outlive the rows they were read from.
  invalidatePublicEvents();
  // So are results versions and the answers cached under them.
  await resetResultsLiveForTests();
  clearAllResultsCaches();
  const c = getConnection();
  await c.transaction(async (tx) => {
    if (c.engine === "postgres") {
      await tx.execute(sql.raw(`truncate ${TABLES.join(", ")} restart identity cascade`));
    } else {
      const run = (tx as unknown as { run(q: ReturnType<typeof sql.raw>): unknown }).run.bind(tx);
      for (const t of TABLES) await run(sql.raw(`delete from ${t}`));
    }
  });
}

let counter = 0;

/** A staff member with a role, optionally assigned to events. */
export async function makeStaff(role: UserRole, events: { eventId: string; role: EventRole }[] = []): Promise<Actor & { kind: "user" }> {
  counter += 1;
  const user = await createUser(CLI_ACTOR, { email: `${role}${counter}@test.example`, password: "correct-horse-1", role });
  for (const e of events) await assignEventRole(CLI_ACTOR, { userId: user.id, eventId: e.eventId, role: e.role });
  return actorForUser(user) as Actor & { kind: "user" };
}

/**
 * Every table a request may write, except those that change without a change of data: the scan log records refused
 * handovers (docs/api.md), rate-limit windows count attempts, tokens note their last use (api_tokens, and users with
 * them, are written by no API route).
 */
const COMPARED = ["events", "races", "waves", "registrations", "orders", "payments", "refunds", "discountCodes", "pickups", "results", "resultVersions", "timingReads", "auditLog", "emailOutbox", "providerEvents", "eventRoles", "broadcasts", "broadcastRecipients", "invitations"] as const;

let snapshotQuery: { engine: string; query: SQL } | undefined;

/**
 * Every row of those tables as text, read in one statement: equal before and after a refused request when it changed
 * nothing (docs/testing.md). Waits for background email delivery first, which would otherwise change the outbox.
 */
export async function dataSnapshot(): Promise<string> {
  await outboxDeliverySettled();
  const connection = getConnection();
  const pg = connection.engine === "postgres";
  if (snapshotQuery?.engine !== connection.engine) {
    const columns = COMPARED.map((key) => {
      const table = (connection.schema as unknown as Partial<Record<string, Table>>)[key];
      if (!table) throw new Error(`No table ${key} in the schema`);
      const names = Object.values(getTableColumns(table)).map((c) => `"${c.name}"`);
      const row = pg ? `json_build_array(${names.join(", ")})::text` : `json_array(${names.join(", ")})`;
      const joined = pg ? "string_agg(r, E'\\n')" : "group_concat(r, char(10))";
      return `(select coalesce(${joined}, '') from (select ${row} as r from "${getTableName(table)}" order by r) s) as "${key}"`;
    });
    snapshotQuery = { engine: connection.engine, query: sql.raw(`select ${columns.join(", ")}`) };
  }
  const { query } = snapshotQuery;
  const row = pg
    ? only((await (connection.db as unknown as { execute(q: SQL): Promise<{ rows: Record<string, string>[] }> }).execute(query)).rows, "snapshot row")
    : only(await (connection.db as unknown as { all(q: SQL): Promise<Record<string, string>[]> }).all(query), "snapshot row");
  return COMPARED.map((key) => `${key}:\n${row[key]}`).join("\n\n");
}
