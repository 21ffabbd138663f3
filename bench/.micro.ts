async function main() {
process.env.DATABASE_URL = "file:data/bench/bench.db";
const { GET: health } = await import("../app/api/health/route");
const { GET: results } = await import("../app/api/v1/events/[event]/races/[race]/results/route");
const { GET: event } = await import("../app/api/v1/events/[event]/route");
const S = "west-lake-half";
async function time(label: string, f: () => Promise<Response> | Response, n = 5000) {
  for (let i = 0; i < 500; i++) await consume(await f());
  const t = performance.now();
  for (let i = 0; i < n; i++) await consume(await f());
  console.log(label, ((performance.now() - t) / n * 1000).toFixed(1), "µs/req");
}
for (let k = 0; k < 2; k++) {
  await time("health", () => health());
  await time("results", () => results(new Request(`http://x/api/v1/events/${S}/races/half/results`), { params: Promise.resolve({ event: S, race: "half" }) }));
  await time("results?pageSize=1", () => results(new Request(`http://x/api/v1/events/${S}/races/half/results?pageSize=1`), { params: Promise.resolve({ event: S, race: "half" }) }));
  await time("event", () => event(new Request(`http://x/api/v1/events/${S}`), { params: Promise.resolve({ event: S }) }));
}
process.exit(0); }
async function consume(res: Response) { const r = res.body!.getReader(); for (;;) { const { done } = await r.read(); if (done) break; } }
void main();
