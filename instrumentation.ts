export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // Before the first request: the client's socket address and the security headers (server/http-edge.ts).
    const { installHttpEdge } = await import("./server/http-edge");
    const { prepareDatabase, startSweep } = await import("./server/startup");
    try {
      installHttpEdge();
      await prepareDatabase();
    } catch (error) {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    }
    startSweep();
  }
}
