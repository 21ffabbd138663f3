"use server";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { requireStaff } from "@/server/auth/session";
import { isDomainError } from "@/server/errors";
import { previewResultsFile } from "@/server/results/import-results";
import type { ResultsPreviewState } from "@/components/admin/results-upload-types";
import { decodeResultsFile } from "./read-file";

const slugs = z.object({ eventSlug: z.string().trim().min(1).max(100), raceSlug: z.string().trim().min(1).max(100) });

/**
 * What a results file would import, before anything is written (the upload's preview): the column mapping, the
 * first rows, the row count and the bibs that match entries, or the file's problems by line and column. The file
 * comes as a File (the upload form) or as text. Admins and the event's organizers (previewResultsFile checks).
 */
export async function previewResultsAction(formData: FormData): Promise<ResultsPreviewState> {
  const t = await getTranslations("admin");
  const parsed = slugs.safeParse({ eventSlug: formData.get("eventSlug"), raceSlug: formData.get("raceSlug") });
  if (!parsed.success) return { status: "error", message: t("errorCodes.unreadable") };
  const { eventSlug, raceSlug } = parsed.data;
  const actor = await requireStaff(`/admin/events/${eventSlug}/races/${raceSlug}/results`);
  const file = formData.get("file");
  const bytes = file instanceof Blob ? new Uint8Array(await file.arrayBuffer()) : typeof file === "string" ? new TextEncoder().encode(file) : null;
  if (bytes === null) return { status: "error", message: t("errorCodes.unreadable") };
  const decoded = decodeResultsFile(bytes);
  if (!decoded.ok) return { status: "error", message: t(`resultsImport.failed.${decoded.reason}`) };
  try {
    return { status: "ok", preview: await previewResultsFile(actor, eventSlug, raceSlug, decoded.text) };
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const known = ["forbidden", "not_found", "unauthorized", "rate_limited"];
    return { status: "error", message: t(`errorCodes.${known.includes(error.code) ? error.code : "other"}`) };
  }
}
