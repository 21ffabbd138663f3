/**
 * A second app process for server/auth/sign-in-limit.test.ts: waits for a shared start time, then sends `count`
 * wrong passwords for one address at once through verifyCredentials, and prints how the attempts ended and how many
 * passwords bcrypt compared, as one JSON line.
 * Run with: tsx --conditions=react-server test/sign-in-worker.ts <email> <count> <startAt ms> <client address>
 */
import bcrypt from "bcryptjs";
import { closeConnection } from "../server/db";
import { verifyCredentials } from "../server/auth/users";
import { setTestClockFromEnv } from "./clock";

async function main(): Promise<void> {
  setTestClockFromEnv();
  const [email, countText, startAtText, clientIp] = process.argv.slice(2);
  if (email === undefined || clientIp === undefined) throw new Error("usage: sign-in-worker <email> <count> <start at ms> <client address>");
  const outcomes: Record<string, number> = {};
  // server/auth/passwords.ts calls bcrypt.compare on this object: count the comparisons made in this process.
  const compare = bcrypt.compare.bind(bcrypt) as (password: string, hash: string) => Promise<boolean>;
  let checks = 0;
  Object.assign(bcrypt, {
    compare: (password: string, hash: string) => {
      checks += 1;
      return compare(password, hash);
    },
  });
  await new Promise((r) => setTimeout(r, Math.max(0, Number(startAtText) - Date.now())));
  await Promise.all(
    Array.from({ length: Number(countText) }, async (_, i) => {
      let outcome: string;
      try {
        const result = await verifyCredentials(email, `worker-guess-${clientIp}-${i}`, clientIp);
        outcome = result.ok ? "ok" : result.reason;
      } catch (error) {
        outcome = `crashed: ${(error as Error).message}`;
      }
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }),
  );
  await closeConnection();
  process.stdout.write(`${JSON.stringify({ ...outcomes, checks })}\n`);
}

void main();
