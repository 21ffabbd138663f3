/**
 * The one place that reads `process.env` (house rule 10). Parsed lazily on first use so the CLI and the
 * tests can set variables before anything connects; a bad value fails fast with one clear line per variable.
 * Every variable is documented in README.md ("Configuration").
 */
import { z } from "zod";
import { parseTrustedProxies } from "../core/client-address";

const intFromString = (def: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return def;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: "custom", message: `must be a whole number from ${min} to ${max} (got "${v}")` });
        return z.NEVER;
      }
      return n;
    });

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .default("file:data/finishline.db")
    .refine((v) => v.startsWith("file:") || /^postgres(ql)?:\/\//.test(v), {
      message: 'must be "file:<path>" (SQLite) or start with "postgres://" (PostgreSQL)',
    }),
  DATABASE_POOL_SIZE: intFromString(10, 1, 200),
  AUTH_SECRET: z
    .string()
    .min(32, "must be at least 32 characters (generate one with: openssl rand -base64 33)")
    .optional(),
  SIGN_IN_ATTEMPTS_PER_15_MIN: intFromString(10, 1, 1000),
  PUBLIC_URL: z
    .url({ message: "must be an absolute URL such as https://race.example.com" })
    .default("http://localhost:3000")
    .transform((u) => u.replace(/\/+$/, "")),
  RATE_LIMIT_REGISTRATIONS_PER_MINUTE: intFromString(10, 0, 100_000),
  // Proxies whose X-Forwarded-For is believed (core/client-address.ts); none by default: the socket's peer is the client.
  TRUSTED_PROXIES: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const parsed = parseTrustedProxies(v);
      if (parsed.ok) return parsed.ranges;
      ctx.addIssue({ code: "custom", message: `must be IP addresses or CIDR ranges separated by commas (not ${parsed.invalid.map((i) => `"${i}"`).join(", ")})` });
      return z.NEVER;
    }),
  STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_(test|live)_\w+$/, "must look like sk_test_… or sk_live_…").optional(),
  STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_\w+$/, "must look like whsec_…").optional(),
  STRIPE_API_BASE: z.url({ message: "must be a URL such as http://127.0.0.1:12111" }).optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must look like smtp://user:pass@host:587 or smtps://…")
    .optional(),
  MAIL_FROM: z.string().min(3).default("Finishline <no-reply@localhost>"),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).map(([k, v]) => [k, v === "" ? undefined : v]));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid configuration:\n${lines.join("\n")}\nSee README.md, "Configuration".`);
  }
  if (result.data.STRIPE_SECRET_KEY && !result.data.STRIPE_WEBHOOK_SECRET) {
    throw new EnvError("Invalid configuration:\n  STRIPE_WEBHOOK_SECRET: is required when STRIPE_SECRET_KEY is set\nSee README.md, \"Configuration\".");
  }
  return result.data;
}

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Tests and the CLI change DATABASE_URL before the first connection; this drops the parsed copy. */
export function resetEnvForTests(): void {
  cached = undefined;
}
