import { handle, pathParams } from "@/server/api/http";
import { raceResultsCsv } from "@/server/results/queries";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ event: string; race: string }> };

/** Public: the race's results as CSV in leaderboard order, exact times; importable again. */
export const GET = handle(async (_request: Request, { params }: Params) => {
  const { event, race } = await pathParams(params, { event: "slug", race: "slug" });
  const csv = await raceResultsCsv(event, race);
  const fileName = `${event}-${race}-results.csv`.replace(/[^\w.-]/g, "_");
  return new Response(`\uFEFF${csv}`, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${fileName}"`,
      "cache-control": "public, max-age=1",
    },
  });
});
