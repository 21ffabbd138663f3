/**
 * One intake for a results file (server/results/intake.ts), on both engines, through the route handlers that take
 * one: the API's import (`POST /api/v1/…/results`, a timer's token) and the admin upload's preview and import
 * (app/admin/…/results/preview and …/import, a staff session). The same bytes meet the same size limit and get the
 * same error shape everywhere, and a refused file changes nothing.
 */
import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as adminImport from "../../app/admin/events/[slug]/races/[race]/results/import/route";
import * as adminPreview from "../../app/admin/events/[slug]/races/[race]/results/preview/route";
import * as apiResults from "../../app/api/v1/events/[event]/races/[race]/results/route";
import { getConnection } from "../db";
import { dataSnapshot, makeStaff, resetDatabase } from "../../test/db";
import { eventInput } from "../../test/factories";
import { CLI_ACTOR, type Actor } from "../actor";
import { createApiToken } from "../auth/tokens";
import { createEvent } from "../events/manage-events";
import { MAX_RESULTS_FILE_BYTES } from "./intake";
import { first, nth, present } from "../../core/lists";

const signedIn: { actor: Actor | null } = { actor: null };
vi.mock("@/server/auth/session", async (importOriginal) => ({ ...(await importOriginal<typeof import("../auth/session")>()), getActor: async () => signedIn.actor }));

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type ErrorBody = { error: { code: string; message: string; details?: { errors?: unknown[]; errorCount?: number; maxBytes?: number } } };

const EVENT = "test-half-2027";
let organizer: Actor;
let token = "";

/** The three doors a results file comes in by, each with its own credentials. */
const doors: { name: string; handler: Handler; params: Record<string, string>; url: string; headers: () => Record<string, string> }[] = [
  { name: "the API", handler: apiResults.POST as Handler, params: { event: EVENT, race: "half" }, url: `/api/v1/events/${EVENT}/races/half/results`, headers: () => ({ authorization: `Bearer ${token}` }) },
  { name: "the admin's preview", handler: adminPreview.POST as Handler, params: { slug: EVENT, race: "half" }, url: `/admin/events/${EVENT}/races/half/results/preview`, headers: () => ({}) },
  { name: "the admin's import", handler: adminImport.POST as Handler, params: { slug: EVENT, race: "half" }, url: `/admin/events/${EVENT}/races/half/results/import`, headers: () => ({}) },
];

function send(door: (typeof doors)[number], body: BodyInit, headers: Record<string, string> = {}) {
  const request = new Request(`http://localhost${door.url}`, {
    method: "POST",
    headers: { "content-type": "text/csv; charset=utf-8", ...door.headers(), ...headers },
    body,
    duplex: "half",
  } as RequestInit);
  return door.handler(request, { params: Promise.resolve(door.params) });
}

/** A body of `total` bytes in 64 KB chunks, made only as it is pulled; `pulled` counts what was read. */
function streamed(total: number) {
  const counter = { pulled: 0 };
  const chunk = new TextEncoder().encode(`${"1,Runner,1:30:00\n".repeat(3855)}`.padEnd(64 * 1024, "x"));
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled >= total) return controller.close();
      const next = counter.pulled === 0 ? new TextEncoder().encode("bib,name,gun_time\n") : chunk;
      counter.pulled += next.byteLength;
      controller.enqueue(next);
    },
  });
  return { stream, counter };
}

/** "王芳" in GBK (a spreadsheet's default on a Chinese system): not UTF-8. */
const GBK_FILE = new Uint8Array([...new TextEncoder().encode("bib,name,gun_time\n1,"), 0xcd, 0xf5, 0xb7, 0xbc, ...new TextEncoder().encode(",1:30:00\n")]);

async function resultRows(): Promise<number> {
  const { db, schema } = getConnection();
  return (await db.select().from(schema.results)).length;
}

describe(`one intake for results files, on ${process.env.TEST_ENGINE}`, () => {
  beforeAll(async () => {
    await resetDatabase();
    organizer = await makeStaff("organizer");
    await createEvent(organizer, eventInput({ status: "published" }));
    const { db, schema } = getConnection();
    const user = first(await db.select().from(schema.users).where(eq(schema.users.id, (organizer as Actor & { kind: "user" }).userId)));
    token = (await createApiToken(CLI_ACTOR, { email: user.email })).token;
  });

  beforeEach(() => {
    signedIn.actor = organizer;
  });

  it("refuses a file that is not UTF-8 the same way at every door: 422 invalid_results_file with its problem by line", async () => {
    const answers: ErrorBody[] = [];
    for (const door of doors) {
      const before = await dataSnapshot();
      const response = await send(door, GBK_FILE);
      const body = (await response.json()) as ErrorBody;
      expect(response.status, `${door.name}: ${JSON.stringify(body)}`).toBe(422);
      expect(await dataSnapshot(), `${door.name} changed nothing`).toBe(before);
      answers.push(body);
    }
    expect(answers[0]).toEqual({
      error: {
        code: "invalid_results_file",
        message: "The file is not UTF-8 text.",
        details: { errors: [{ line: 1, column: null, code: "invalidCsv", message: "The file is not UTF-8 text: save it as CSV UTF-8." }], errorCount: 1 },
      },
    });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });

  it(`has one size limit (${MAX_RESULTS_FILE_BYTES / 1024 / 1024} MB): 413 payload_too_large before the rest is read, by Content-Length or while a chunked body arrives`, async () => {
    const answers: ErrorBody[] = [];
    for (const door of doors) {
      const before = await dataSnapshot();
      const declared = streamed(MAX_RESULTS_FILE_BYTES + 1);
      const refused = await send(door, declared.stream, { "content-length": String(MAX_RESULTS_FILE_BYTES + 1) });
      expect(refused.status, door.name).toBe(413);
      answers.push((await refused.json()) as ErrorBody);
      expect(declared.counter.pulled, `${door.name} read nothing of a body declared too large`).toBeLessThanOrEqual(64 * 1024);

      const chunked = streamed(MAX_RESULTS_FILE_BYTES + 10 * 64 * 1024);
      const cut = await send(door, chunked.stream);
      expect(cut.status, door.name).toBe(413);
      expect(await cut.json()).toEqual(answers.at(-1));
      expect(chunked.counter.pulled, `${door.name} stopped at the limit`).toBeLessThanOrEqual(MAX_RESULTS_FILE_BYTES + 3 * 64 * 1024);
      expect(await dataSnapshot(), `${door.name} changed nothing`).toBe(before);
    }
    expect(answers[0]).toEqual({ error: { code: "payload_too_large", message: "The body is larger than 64 MB.", details: { maxBytes: MAX_RESULTS_FILE_BYTES } } });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });

  it("reads a file just under the limit (it is refused for what its rows say, not for its size)", async () => {
    const head = "bib,name,gun_time\n1,Runner,1:30:00\n";
    const file = head + "#".repeat(MAX_RESULTS_FILE_BYTES - head.length);
    const before = await dataSnapshot();
    const preview = await send(nth(doors, 1), file);
    expect(preview.status).toBe(200);
    const answer = (await preview.json()) as { ok: boolean; errors: { line: number }[] };
    expect(answer.ok).toBe(false);
    expect(answer.errors.map((e) => e.line)).toContain(3);
    expect(await dataSnapshot()).toBe(before);
  });

  it("gives a bad file's rows the same problems in the API's answer, the preview and the import's stream; nothing is written", async () => {
    const bad = "bib,name,gun_time,status\n1,Zhang Wei,1:30:00,\n2,Li Na,0.1245,\n3,Bob,1:40:00,running\n";
    const before = await dataSnapshot();
    const api = (await (await send(first(doors), bad)).json()) as ErrorBody;
    expect(api.error.code).toBe("invalid_results_file");
    const preview = (await (await send(nth(doors, 1), bad)).json()) as { ok: false; errors: unknown[]; errorCount: number };
    const imported = await send(nth(doors, 2), bad);
    expect(imported.status).toBe(200);
    const lines = (await imported.text())
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as { type: string; code?: string; details?: { errors: unknown[]; errorCount: number } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ type: "error", code: "invalid_results_file" });
    expect(api.error.details).toEqual({ errors: preview.errors, errorCount: preview.errorCount });
    expect(first(lines).details).toEqual(api.error.details);
    expect(preview.errors).toEqual([
      { line: 3, column: "gun_time", code: expect.any(String), message: expect.any(String) },
      { line: 4, column: "status", code: expect.any(String), message: expect.any(String) },
    ]);
    expect(await dataSnapshot()).toBe(before);
  });

  it("previews a good file (with a byte order mark) without writing it, then imports it", async () => {
    const good = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("bib,name,gender,age,gun_time\n1,王芳,F,30,1:30:00\n2,Li Na,F,31,1:35:00\n")]);
    const before = await dataSnapshot();
    const preview = await send(nth(doors, 1), good);
    expect(preview.status).toBe(200);
    expect(await preview.json()).toMatchObject({ ok: true, rowCount: 2, rows: [{ bib: "1", name: "王芳" }, { bib: "2" }] });
    expect(await dataSnapshot(), "a preview writes nothing").toBe(before);
    const imported = await send(nth(doors, 2), good);
    const last = present((await imported.text()).trim().split("\n").at(-1));
    expect(JSON.parse(last)).toMatchObject({ type: "done", rows: 2, created: 2 });
    expect(await resultRows()).toBe(2);
  });

  it("lets only the event's organizers and admins use the admin's doors, from the admin's own pages", async () => {
    const other = await makeStaff("organizer");
    const { db, schema } = getConnection();
    const event = first(await db.select().from(schema.events).where(eq(schema.events.slug, EVENT)));
    const volunteer = await makeStaff("volunteer", [{ eventId: event.id, role: "volunteer" }]);
    const file = "bib,gun_time\n9,1:50:00\n";
    const before = await dataSnapshot();
    for (const door of doors.slice(1)) {
      signedIn.actor = null;
      expect((await send(door, file)).status, `${door.name} signed out`).toBe(401);
      for (const refused of [volunteer, other]) {
        signedIn.actor = refused;
        const response = await send(door, file);
        expect(response.status, door.name).toBe(403);
        expect(((await response.json()) as ErrorBody).error.code).toBe("forbidden");
      }
      signedIn.actor = organizer;
      const crossSite = await send(door, file, { origin: "https://elsewhere.example", host: "localhost" });
      expect(crossSite.status, `${door.name} from another site`).toBe(403);
      expect((await send(door, file, { origin: "http://localhost", host: "localhost" })).status, `${door.name} from the admin`).toBe(200);
      if (door === doors[2]) continue;
      expect(await dataSnapshot(), `${door.name} refused and previewed without writing`).toBe(before);
    }
  });
});
