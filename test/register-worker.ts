/**
 * A second (and third) app process for server/registration/multi-process.test.ts: waits for a shared start time,
 * then registers `count` different runners at once through registerEntries, and prints how each attempt ended
 * as one JSON line. Run with: tsx --conditions=react-server test/register-worker.ts <event> <count> <prefix> <startAt ms>
 */
import { closeConnection } from "../server/db";
import { setTestClockFromEnv } from "./clock";
import { registerEntries } from "../server/registration/register";
import { participant, registrationBody } from "./factories";

async function main(): Promise<void> {
  setTestClockFromEnv();
  const [slug, countText, prefix, startAtText] = process.argv.slice(2);
  if (slug === undefined || prefix === undefined) throw new Error("usage: register-worker <event slug> <count> <id prefix> <start at ms>");
  const outcomes: Record<string, number> = {};
  await new Promise((r) => setTimeout(r, Math.max(0, Number(startAtText) - Date.now())));
  await Promise.all(
    Array.from({ length: Number(countText) }, async (_, i) => {
      let outcome = "created";
      try {
        await registerEntries(slug, registrationBody([participant({ idNumber: `${prefix}${String(i).padStart(8, "0")}` })]), { clientIp: null });
      } catch (error) {
        outcome = (error as { code?: string }).code ?? "crashed";
      }
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }),
  );
  await closeConnection();
  process.stdout.write(`${JSON.stringify(outcomes)}\n`);
}

void main();
