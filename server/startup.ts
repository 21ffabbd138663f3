/** Runs once per app process before it serves: validate configuration, then apply pending migrations. */
import { getConnection } from "../db";
import { env } from "./env";

export async function prepareDatabase(): Promise<void> {
  env();
  await getConnection().migrate();
}
