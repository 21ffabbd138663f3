"use client";
import { useEffect } from "react";

/**
 * Moves keyboard and screen-reader focus to the element with `id` when it appears (a confirmation step opened by a
 * link, a list after a search), so the reader does not have to find where the page changed.
 */
export function FocusOnMount({ id }: { id: string }) {
  useEffect(() => {
    document.getElementById(id)?.focus();
  }, [id]);
  return null;
}
