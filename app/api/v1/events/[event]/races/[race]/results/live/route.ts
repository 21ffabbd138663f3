import { handle, pathParams } from "@/server/api/http";
import { resultsVersion, subscribeToResults } from "@/server/results/live";
import { publicRace } from "@/server/results/queries";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ event: string; race: string }> };

const HEARTBEAT_MS = 25_000;

/**
 * Public, server-sent events: `event: version` with `{"version":N}` on connect and after every import that changes
 * the race's results (in any app process: server/results/live.ts). Pages then fetch the results again.
 */
export const GET = handle(async (request: Request, { params }: Params) => {
  const { event, race } = await pathParams(params, { event: "slug", race: "slug" });
  const raceId = (await publicRace(event, race)).race.id;
  const { version: current } = await resultsVersion(raceId);
  const encoder = new TextEncoder();
  let close = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let last = current;
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          close();
        }
      };
      send(`retry: 3000\nevent: version\ndata: ${JSON.stringify({ version: last })}\n\n`);
      const unsubscribe = subscribeToResults(raceId, (version) => {
        if (version <= last) return;
        last = version;
        send(`event: version\ndata: ${JSON.stringify({ version })}\n\n`);
      });
      const heartbeat = setInterval(() => send(`: keep-alive\n\n`), HEARTBEAT_MS);
      close = () => {
        clearInterval(heartbeat);
        unsubscribe();
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      request.signal.addEventListener("abort", () => close());
    },
    cancel() {
      close();
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", "x-accel-buffering": "no" },
  });
});
