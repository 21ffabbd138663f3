"use client";

import { useEffect, useRef } from "react";

/**
 * Live results (issue 5): listens to the race's event stream (`…/results/live`, an event `version` with
 * `{"version":N}` on connect and after every import) and calls `onNewer` when the version is not the one the page
 * shows (the cached page may be a few seconds old, so the event on connect is often already a newer one). EventSource reconnects by itself after a dropped connection; the stream is closed when the page goes.
 */
export function useLiveVersion(liveUrl: string, shownVersion: number, onNewer: (version: number) => void): void {
  const shown = useRef(shownVersion);
  const callback = useRef(onNewer);
  useEffect(() => {
    shown.current = shownVersion;
  }, [shownVersion]);
  useEffect(() => {
    callback.current = onNewer;
  }, [onNewer]);

  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const source = new EventSource(liveUrl);
    const onVersion = (event: MessageEvent<string>) => {
      let version: unknown;
      try {
        version = (JSON.parse(event.data) as { version?: unknown }).version;
      } catch {
        return;
      }
      // Any other version, not only a greater one: cached HTML can come from before a database was restored.
      if (typeof version !== "number" || version === shown.current) return;
      shown.current = version;
      callback.current(version);
    };
    source.addEventListener("version", onVersion);
    return () => {
      source.removeEventListener("version", onVersion);
      source.close();
    };
  }, [liveUrl]);
}
