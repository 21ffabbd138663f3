/** Imported by next.config.ts: a bad variable stops `next build` / `next start` with a clear message. */
import { env, EnvError } from "./env";

try {
  env();
} catch (error) {
  if (error instanceof EnvError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
