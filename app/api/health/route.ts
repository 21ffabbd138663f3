/** Liveness probe and the benchmark's no-op baseline: touches nothing. */
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "ok" });
}
