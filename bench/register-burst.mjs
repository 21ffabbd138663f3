// A registration burst: `--attempts` registrations from `--connections` concurrent clients (closed loop, keep-alive),
// each a different runner (unique passport number), all for one race. Prints one JSON line on stdout: throughput,
// latency percentiles and the answers by status. bench/run.ts starts it pinned to its own CPU and checks the
// database afterwards for oversold seats.
// Usage: node bench/register-burst.mjs --url URL --race SLUG --attempts N [--connections C] [--run-id ID]
import http from "node:http";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    race: { type: "string" },
    attempts: { type: "string", default: "3000" },
    connections: { type: "string", default: "50" },
    "run-id": { type: "string", default: String(process.pid) },
  },
});
if (!values.url || !values.race) throw new Error("--url and --race are required");

const url = new URL(values.url);
const attempts = Number(values.attempts);
const connections = Number(values.connections);
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const runId = values["run-id"].replace(/\W/g, "").slice(-6).toUpperCase();

// Names are checked like real ones (letters only), so the runner's number is spelled in letters.
const letters = (i) => [...String(i)].map((d) => "abcdefghij"[Number(d)]).join("");
const hanzi = (i) => [...String(i)].map((d) => "零一二三四五六七八九"[Number(d)]).join("");

function body(i) {
  return JSON.stringify({
    email: `runner${i}@bench.example`,
    locale: i % 2 ? "en" : "zh",
    acceptTerms: true,
    participants: [
      {
        race: values.race,
        familyName: "张",
        givenName: `跑${hanzi(i)}`,
        latinName: `Zhang Pao ${letters(i)}`,
        gender: i % 2 ? "F" : "M",
        birthDate: "1990-05-20",
        nationality: "CN",
        idType: "passport",
        idNumber: `B${runId}${String(i).padStart(7, "0")}`,
        phone: "+86 138 0013 8000",
        emergencyContact: { name: "李娜", phone: "+86 139 0000 0000" },
        tshirtSize: "M",
        predictedFinishSeconds: 7200,
      },
    ],
  });
}

function post(payload) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
      },
    );
    req.on("error", () => resolve({ status: 0, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    req.end(payload);
  });
}

const latencies = [];
const statuses = {};
let next = 0;
const t0 = process.hrtime.bigint();
await Promise.all(
  Array.from({ length: connections }, async () => {
    while (next < attempts) {
      const i = next++;
      const r = await post(body(i));
      latencies.push(r.ms);
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    }
  }),
);
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
agent.destroy();

latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)];
process.stdout.write(
  JSON.stringify({ attempts, seconds, requestsPerSecond: attempts / seconds, latencyMs: { p50: pct(50), p99: pct(99), max: latencies.at(-1) }, statuses }) + "\n",
);
