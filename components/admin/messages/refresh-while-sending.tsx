"use client";
/** Reloads the page's data every few seconds while a message is still going out, so its progress moves by itself. */
import { useRouter } from "next/navigation";
import { useEffect } from "react";

export function RefreshWhileSending({ active, everyMs = 3000 }: { active: boolean; everyMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => router.refresh(), everyMs);
    return () => clearInterval(timer);
  }, [active, everyMs, router]);
  return null;
}
