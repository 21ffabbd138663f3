"use client";

import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";

const INTERVAL_MS = 3_000;
const MAX_TRIES = 40;

/**
 * After a provider's success redirect the payment may not be confirmed yet (its webhook is the source of truth):
 * the page reloads its data every few seconds until the order's status changes, then this component is gone.
 */
export function PaymentRefresh({ waiting, stillWaiting }: { waiting: string; stillWaiting: string }) {
  const router = useRouter();
  const [tries, setTries] = useState(0);
  useEffect(() => {
    if (tries >= MAX_TRIES) return;
    const timer = setTimeout(() => {
      router.refresh();
      setTries((n) => n + 1);
    }, INTERVAL_MS);
    return () => clearTimeout(timer);
  }, [router, tries]);
  return (
    <p role="status" aria-live="polite">
      {tries >= MAX_TRIES / 4 ? stillWaiting : waiting}
    </p>
  );
}
