/**
 * Operator commands: `npm run cli -- <command> [--flags]`. Exit code 0 on success, 1 with a message on failure.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { issuesToFields } from "../core/validation";
import EN from "../messages/en/errors.json";
import { closeConnection, getConnection } from "../server/db";
import { BackupError, backupSqlite } from "../db/backup";
import { engineOf } from "../db/client";
import { seedDemoEvent } from "./seed";
import { USER_ROLES, EVENT_ROLES, type EventRole, type UserRole } from "../core/domain";
import { CLI_ACTOR } from "../server/actor";
import { assignEventRole, createUser, findUserByEmail } from "../server/auth/users";
import { createApiToken, revokeApiToken } from "../server/auth/tokens";
import { isDomainError } from "../server/errors";
import { env, EnvError } from "../server/env";
import { findEventBySlug } from "../server/events/queries";
import { importResultsFile } from "../server/results/import-results";
import { rebuildResultsFromReads } from "../server/results/record-reads";
import { runSweep } from "../server/sweep";

const USAGE = `Usage: npm run cli -- <command> [options]

  db:migrate                                   apply pending migrations
  db:seed                                      create the demo event (skipped when it exists)
  db:backup --to FILE                          copy the SQLite database to a new FILE while the app runs
                                               (PostgreSQL: use pg_dump -Fc / pg_restore; docs/deploying.md)
  user:create --email E --password P --role admin|organizer|volunteer [--name N]
  role:assign --email E --event SLUG --role organizer|volunteer
  token:create --email E [--name N]            print a new API token (shown once)
  token:revoke --token T | --id ID | --prefix P
  results:import --event SLUG --race SLUG --file F.csv
                                               import a results file (all or nothing; the same file again changes nothing)
  results:rebuild --event SLUG                 derive the event's results again from all its chip reads
  sweep                                        expire stale holds, retry refunds, deliver queued email, prune rate limits
                                               and idempotency keys older than 24 hours
`;

function need(values: Record<string, string | undefined>, name: string): string {
  const v = values[name];
  if (!v) throw new UsageError(`--${name} is required`);
  return v;
}

class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: "string" },
      password: { type: "string" },
      role: { type: "string" },
      name: { type: "string" },
      event: { type: "string" },
      token: { type: "string" },
      id: { type: "string" },
      prefix: { type: "string" },
      race: { type: "string" },
      file: { type: "string" },
      to: { type: "string" },
    },
    strict: true,
  });
  switch (command) {
    case "db:migrate": {
      await getConnection().migrate();
      console.log(`Migrations applied (${getConnection().engine}).`);
      return;
    }
    case "db:seed": {
      await getConnection().migrate();
      const created = await seedDemoEvent(CLI_ACTOR);
      console.log(created ? "Demo event created." : "Demo event already exists; nothing changed.");
      return;
    }
    case "db:backup": {
      const to = need(values, "to");
      const url = env().DATABASE_URL;
      if (engineOf(url) !== "sqlite") {
        // The URL is not printed: it may carry a password.
        throw new BackupError(
          'db:backup copies SQLite databases; DATABASE_URL names a PostgreSQL database. Back it up with PostgreSQL\'s own tools\n' +
            '(docs/deploying.md, "Backups"):\n' +
            '  pg_dump -Fc -d "$DATABASE_URL" -f finishline.dump\n' +
            '  pg_restore --clean --if-exists --no-owner -d "$DATABASE_URL" finishline.dump',
        );
      }
      const report = await backupSqlite(url.slice("file:".length), to);
      console.log(`Backed up ${report.pages} pages (${report.bytes} bytes) to ${report.file}; PRAGMA integrity_check: ok.`);
      return;
    }
    case "user:create": {
      const role = need(values, "role");
      if (!USER_ROLES.includes(role as UserRole)) throw new UsageError(`--role must be one of ${USER_ROLES.join(", ")}`);
      const user = await createUser(CLI_ACTOR, { email: need(values, "email"), password: need(values, "password"), role: role as UserRole, name: values.name });
      console.log(`Created ${user.role} ${user.email} (id ${user.id}).`);
      return;
    }
    case "role:assign": {
      const role = need(values, "role");
      if (!EVENT_ROLES.includes(role as EventRole)) throw new UsageError(`--role must be one of ${EVENT_ROLES.join(", ")}`);
      const user = await findUserByEmail(need(values, "email"));
      if (!user) throw new UsageError(`no user with email ${values.email}`);
      const event = await findEventBySlug(need(values, "event"));
      if (!event) throw new UsageError(`no event "${values.event}"`);
      await assignEventRole(CLI_ACTOR, { userId: user.id, eventId: event.id, role: role as EventRole });
      console.log(`${user.email} is now ${role} of ${event.slug}.`);
      return;
    }
    case "token:create": {
      const { token, prefix } = await createApiToken(CLI_ACTOR, { email: need(values, "email"), name: values.name });
      console.error(`Token ${prefix}… created. It is shown once; store it now:`);
      console.log(token);
      return;
    }
    case "token:revoke": {
      const key = values.token ?? values.id ?? values.prefix;
      if (!key) throw new UsageError("--token, --id or --prefix is required");
      await revokeApiToken(CLI_ACTOR, key);
      console.log("Token revoked.");
      return;
    }
    case "results:import": {
      const text = readFileSync(need(values, "file"), "utf8");
      const summary = await importResultsFile(CLI_ACTOR, need(values, "event"), need(values, "race"), text).catch((error: unknown) => {
        const details = isDomainError(error) ? (error.details as { errors?: { line: number; column: string | null; message: string }[] } | undefined) : undefined;
        for (const e of details?.errors ?? []) console.error(`  line ${e.line}${e.column ? `, ${e.column}` : ""}: ${e.message}`);
        throw error;
      });
      console.log(`${summary.rows} rows: ${summary.created} new, ${summary.updated} changed, ${summary.unchanged} unchanged (results version ${summary.version}).`);
      return;
    }
    case "results:rebuild": {
      const summary = await rebuildResultsFromReads(CLI_ACTOR, need(values, "event"));
      console.log(`Rebuilt from the reads: ${summary.races.map((r) => `${r.race} (version ${r.version})`).join(", ") || "nothing changed"}.`);
      if (summary.unknownBibs.length > 0) console.log(`Bibs read without a confirmed entry: ${summary.unknownBibs.join(", ")}`);
      return;
    }
    case "sweep": {
      const report = await runSweep(new Date());
      console.log(`Sweep done: ${report.expiredOrders} orders expired, ${report.refundsRetried} refunds retried, ${report.emailsHandled} emails handled.`);
      if (report.failedSteps.length > 0) throw new Error(`failed steps: ${report.failedSteps.join(", ")} (see the log above)`);
      return;
    }
    default:
      throw new UsageError(command ? `unknown command "${command}"` : "no command given");
  }
}

main(process.argv.slice(2))
  .then(() => closeConnection())
  .catch(async (error: unknown) => {
    if (error instanceof UsageError) console.error(`Error: ${error.message}\n\n${USAGE}`);
    else if (error instanceof BackupError) console.error(`Error: ${error.message}`);
    else if (error instanceof EnvError) console.error(error.message);
    else if (isDomainError(error)) console.error(`Error (${error.code}): ${error.message}${Object.entries(issuesToFields(error.issues, (k) => (EN as Record<string, string>)[k] ?? k)).map(([f, m]) => `\n  ${f}: ${m}`).join("")}`);
    else if (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS")) console.error(`Error: ${error.message}\n\n${USAGE}`);
    else console.error(error);
    await closeConnection().catch(() => {});
    process.exitCode = 1;
  });
