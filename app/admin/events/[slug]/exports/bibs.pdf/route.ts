import { bibSheetResponse } from "@/server/exports/bib-sheet";
import { adminDownload } from "../download";

export const dynamic = "force-dynamic";

/** The printable bib sheet (server/exports/bib-sheet.ts): `race`, `wave`, and `layout` `a5` (default) or `a4`. */
export const GET = adminDownload(bibSheetResponse);
