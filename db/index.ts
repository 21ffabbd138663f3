/**
 * The data layer's entry point: connections to either engine (client.ts) and what every caller shares. It knows no
 * settings and no services: server/db.ts opens the process's connection with the settings of server/env.ts.
 */
export { engineOf, engineOfDatabase, isDatabaseUnavailable, isUniqueViolation, openConnection } from "./client";
export type { Connection, Database, Engine, Schema } from "./client";
