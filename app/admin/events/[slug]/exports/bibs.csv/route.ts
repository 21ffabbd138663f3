import { bibListCsvResponse } from "@/server/exports/bib-list";
import { adminDownload } from "../download";

export const dynamic = "force-dynamic";

/** The printer's bib list as CSV (server/exports/bib-list.ts), for the page's `race` and `wave`. */
export const GET = adminDownload(bibListCsvResponse);
