/**
 * The topology test's machinery (test/topology/topology.test.ts, docs/deploying.md): a PostgreSQL server of its own
 * (so the test may stop and restart it without touching the suite's shared server), nginx and two app processes
 * started by scripts/topology.sh, and plain HTTP from chosen loopback source addresses (127.0.0.0/8 is all this
 * machine's, so each address is another "client" to the apps' per-address rate limits).
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { nth, present } from "../../core/lists";

export const PG_PORT = Number(process.env.TOPOLOGY_PG_PORT ?? 5440);
export const PROXY_PORT = Number(process.env.TOPOLOGY_PORT ?? 8090);
export const APP_PORTS = [3311, 3312] as const;
export const DATABASE_URL = `postgres://postgres@127.0.0.1:${PG_PORT}/finishline`;

/** Why the topology cannot run here (nginx or PostgreSQL's server binaries missing), or null. */
export function missingPrerequisite(): string | null {
  if (spawnSync("nginx", ["-v"]).error) return "nginx is not installed (Debian: apt-get install nginx; scripts/ensure-services.sh nginx)";
  if (!pgBin()) return "PostgreSQL's server binaries (initdb, pg_ctl) are not installed (Debian: apt-get install postgresql)";
  return null;
}

function pgBin(): string | null {
  const base = "/usr/lib/postgresql";
  if (!fs.existsSync(base)) return null;
  const versions = fs.readdirSync(base).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (fs.existsSync(path.join(base, v, "bin", "pg_ctl"))) return path.join(base, v, "bin");
  return null;
}

const isRoot = process.getuid?.() === 0;

/** PostgreSQL refuses to run as root: as root, its commands run as the `postgres` user. */
function runPg(tool: string, args: string[]): void {
  const bin = path.join(present(pgBin()), tool);
  const [cmd, argv] = isRoot ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
  execFileSync(cmd, argv, { stdio: ["ignore", "pipe", "pipe"], timeout: 60_000 });
}

export class PrivatePostgres {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "finishline-topology-"));
  private readonly data = path.join(this.dir, "pg");

  private options(): string {
    return `-p ${PG_PORT} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=200`;
  }

  start(): void {
    if (isRoot) execFileSync("chown", ["postgres", this.dir]);
    if (!fs.existsSync(this.data)) runPg("initdb", ["-D", this.data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
    runPg("pg_ctl", ["-D", this.data, "-o", this.options(), "-l", path.join(this.dir, "postgres.log"), "-w", "start"]);
  }

  stop(): void {
    runPg("pg_ctl", ["-D", this.data, "-m", "fast", "-w", "stop"]);
  }

  remove(): void {
    try {
      this.stop();
    } catch {
      // already stopped
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export function topology(command: "start" | "stop", dir: string, env: Record<string, string> = {}): string {
  return execFileSync("bash", ["scripts/topology.sh", command], {
    env: {
      ...process.env,
      DATABASE_URL,
      TOPOLOGY_PORT: String(PROXY_PORT),
      TOPOLOGY_APP_PORTS: APP_PORTS.join(" "),
      TOPOLOGY_DIR: dir,
      NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? ".next-e2e",
      ...env,
    },
    encoding: "utf8",
    timeout: 600_000,
  });
}

export function cli(args: string[]): string {
  return execFileSync("npx", ["tsx", "--conditions=react-server", "scripts/cli.ts", ...args], {
    env: { ...process.env, DATABASE_URL },
    encoding: "utf8",
    timeout: 120_000,
  }).trim();
}

export function appPid(dir: string, port: number): number {
  return Number(fs.readFileSync(path.join(dir, `app-${port}.pid`), "utf8"));
}

export interface Answer {
  status: number;
  body: unknown;
  headers: http.IncomingHttpHeaders;
}

/**
 * One request on a fresh connection from `from` (a loopback address), to nginx unless `port` says otherwise.
 * Rejects when the connection fails or breaks (a killed app), so the caller can tell "no answer" from an answer.
 */
export function request(
  method: string,
  urlPath: string,
  options: { from?: string; port?: number; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Answer> {
  const body = options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: options.port ?? PROXY_PORT,
        method,
        path: urlPath,
        localAddress: options.from ?? "127.0.0.1",
        agent: false,
        headers: {
          ...(body !== undefined && !options.headers?.["content-type"] ? { "content-type": "application/json" } : {}),
          ...(body !== undefined ? { "content-length": String(Buffer.byteLength(body)) } : {}),
          ...options.headers,
        },
        timeout: options.timeoutMs ?? 30_000,
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (text += d));
        res.on("error", reject);
        res.on("end", () => {
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON (nginx's own error page)
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, headers: res.headers });
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** Server-sent events from one app process: the `version` events of a race's live results, as they come. */
export function openLiveResults(port: number, event: string, race: string) {
  const versions: { version: number; at: number }[] = [];
  const waiters: (() => void)[] = [];
  const req = http.get({ host: "127.0.0.1", port, path: `/api/v1/events/${event}/races/${race}/results/live`, agent: false }, (res) => {
    let buffer = "";
    res.setEncoding("utf8");
    res.on("data", (chunk: string) => {
      buffer += chunk;
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = /^data: (.*)$/m.exec(block);
        if (/^event: version$/m.test(block) && data) {
          versions.push({ version: (JSON.parse(nth(data, 1)) as { version: number }).version, at: Date.now() });
          waiters.splice(0).forEach((w) => w());
        }
      }
    });
  });
  req.on("error", () => undefined);
  return {
    versions,
    /** Resolves with the time at which a version above `above` arrived, or rejects after `timeoutMs`. */
    async waitForVersionAbove(above: number, timeoutMs: number): Promise<number> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = versions.find((v) => v.version > above);
        if (hit) return hit.at;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no version above ${above} within ${timeoutMs} ms (seen: ${JSON.stringify(versions)})`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    close: () => req.destroy(),
  };
}

export function database(): pg.Client {
  return new pg.Client({ connectionString: DATABASE_URL });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
