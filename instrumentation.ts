export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { prepareDatabase, startSweep } = await import("./server/startup");
    try {
      await prepareDatabase();
    } catch (error) {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    }
    startSweep();
  }
}
