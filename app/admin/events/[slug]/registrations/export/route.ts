import { registrationsCsvResponse } from "@/server/registration/registrations-csv";
import { exportEntryListView } from "../export-view";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ slug: string }> };

/** The "Download CSV" of the admin's entry list: the same file as GET /api/v1/events/{event}/registrations.csv. */
export async function GET(request: Request, { params }: Params): Promise<Response> {
  return exportEntryListView(request, (await params).slug, registrationsCsvResponse);
}
