// One closed-loop throughput measurement with autocannon, printed as JSON on stdout. bench/run.ts starts it
// pinned to its own CPU (`taskset -c 1 node bench/load.mjs …`) so the load generator does not share the server's.
// Usage: node bench/load.mjs --url URL [--duration S] [--connections N] [--header "Name: value"]…
import { parseArgs } from "node:util";
import autocannon from "autocannon";

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "50" },
    header: { type: "string", multiple: true, default: [] },
  },
});
if (!values.url) throw new Error("--url is required");

const headers = Object.fromEntries(
  values.header.map((h) => {
    const i = h.indexOf(":");
    return [h.slice(0, i).trim(), h.slice(i + 1).trim()];
  }),
);

const result = await autocannon({
  url: values.url,
  duration: Number(values.duration),
  connections: Number(values.connections),
  pipelining: 1,
  headers,
});

process.stdout.write(
  JSON.stringify({
    requestsPerSecond: result.requests.average,
    total: result.requests.total,
    durationSeconds: result.duration,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  }) + "\n",
);
