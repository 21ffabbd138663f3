import { registrationsXlsxResponse } from "@/server/registration/registrations-xlsx";
import { exportEntryListView } from "../export-view";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ slug: string }> };

/** The "Download XLSX" of the admin's participants table: the same rows, columns and order as the CSV beside it. */
export async function GET(request: Request, { params }: Params): Promise<Response> {
  return exportEntryListView(request, (await params).slug, registrationsXlsxResponse);
}
