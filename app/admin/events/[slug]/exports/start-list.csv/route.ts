import { startListCsvResponse } from "@/server/exports/start-list";
import { adminDownload } from "../download";

export const dynamic = "force-dynamic";

/** The timing start list as CSV, the same file as GET /api/v1/events/{event}/entries.csv (confirmed entries). */
export const GET = adminDownload(startListCsvResponse);
