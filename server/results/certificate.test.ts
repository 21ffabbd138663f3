/**
 * The finisher's certificate on both engines (issue 5, "Certificate"): a results file imported through the real
 * import, then the PDF read back with pdf.js (text as a reader's search or copy sees it, the embedded Noto Sans SC
 * subset) and its QR code decoded from the rendered page; the code stops verifying when the official result
 * changes; the download route answers 404 for a runner who did not finish and for an unknown bib.
 */
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { participant } from "../../test/factories";
import { resetAuthSecretForTests } from "../auth/secret";
import { DomainError } from "../errors";
import { EVENT, registerOrder, setBibAndWave, setupExportEvent, type Staff } from "../../test/entries";
import {
  certificateCode,
  certificateFileName,
  checkCertificate,
  loadFinisherCertificate,
  parseCertificateLocale,
  renderCertificate,
} from "./certificate";
import { importResultsFile } from "./import-results";
import { getRunnerResult } from "./queries";
import { first, only } from "../../core/lists";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const ROUTE = path.resolve("app/api/v1/events/[event]/races/[race]/results/[bib]/certificate.pdf/route.ts");
const PUBLIC_URL = "https://race.example.com";

const HEADER = "bib,name,gender,age,gun_time,net_time,status,split_5k,split_10k";
/**
 * The half ranks by gun time. Finishers by gun: 102 (1:10:00), 101 (1:20:00), 1234 张伟 (1:23:45.001), 105
 * (1:25:00), 103 (1:30:00); 104 did not finish. 张伟 (an entry: M, 36 on race day) is 3rd of 5 overall, 2nd of
 * 3 men (102, 1234, 105) and 1st of 2 in M18-39 (1234, 105 aged 33; 102 is 45).
 */
function resultsFile(zhangGun = "1:23:45.001", zhangStatus = "finished"): string {
  return [
    HEADER,
    `1234,,,,${zhangGun},1:23:40.000,${zhangStatus},0:20:00,0:40:00`,
    "101,李娜,F,30,1:20:00,1:19:50,finished,0:19:00,0:38:00",
    "102,John Smith,M,45,1:10:00,1:09:58,finished,,",
    "103,Wang Fang,F,52,1:30:00,1:29:00,,,",
    "104,赵云,M,36,-,-,dnf,0:25:00,",
    "105,Li Lei,M,33,1:25:00,1:24:00,finished,,",
  ].join("\n");
}

let staff: Staff;
let GET: Handler;

function get(bib: string, query = "", event = EVENT, race = "half"): Promise<Response> {
  const url = `http://localhost/api/v1/events/${event}/races/${race}/results/${bib}/certificate.pdf${query}`;
  return GET(new Request(url), { params: Promise.resolve({ event, race, bib }) });
}

async function expectCode(p: Promise<unknown>, code: string): Promise<DomainError> {
  const error = await p.then(() => null, (e: unknown) => e);
  expect(error, `expected ${code}`).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  return error as DomainError;
}

async function openPdf(bytes: Uint8Array) {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  return pdfjs.getDocument({ data: bytes.slice(), verbosity: 0, useSystemFonts: false, disableFontFace: true }).promise;
}

/** The PDF's text, one string per page: pdf.js's text items (each a line drawn in one go), one per line. */
async function pdfPages(bytes: Uint8Array): Promise<string[]> {
  const doc = await openPdf(bytes);
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((item) => ("str" in item ? item.str : "")).filter((str) => str.trim() !== "").join("\n"));
  }
  await doc.destroy();
  return pages;
}

interface NodeCanvas {
  canvas: unknown;
  context: CanvasRenderingContext2D;
}

/** Renders page 1 (pdf.js on Node draws with @napi-rs/canvas) and reads the QR code on it with ZXing. */
async function decodeQr(bytes: Uint8Array): Promise<string> {
  const { BinaryBitmap, HybridBinarizer, QRCodeReader, RGBLuminanceSource } = await import("@zxing/library");
  const doc = await openPdf(bytes);
  const page = await doc.getPage(1);
  const viewport = page.getViewport({ scale: 2 });
  const factory = (doc as unknown as { canvasFactory: { create(w: number, h: number): NodeCanvas } }).canvasFactory;
  const { canvas, context } = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
  await page.render({ canvas: canvas as HTMLCanvasElement, canvasContext: context, viewport }).promise;
  const image = context.getImageData(0, 0, Math.ceil(viewport.width), Math.ceil(viewport.height));
  await doc.destroy();
  const luminance = new Uint8ClampedArray(image.width * image.height);
  for (let i = 0; i < luminance.length; i++) {
    // RGBA: four bytes for every pixel, so these are there.
    luminance[i] = ((image.data[4 * i] ?? 0) * 299 + (image.data[4 * i + 1] ?? 0) * 587 + (image.data[4 * i + 2] ?? 0) * 114) / 1000;
  }
  const bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luminance, image.width, image.height)));
  return new QRCodeReader().decode(bitmap).getText();
}

async function importFile(csv: string): Promise<void> {
  await importResultsFile(staff.organizer, EVENT, "half", csv);
}

describe(`finisher's certificate on ${process.env.TEST_ENGINE}`, () => {
  beforeAll(async () => {
    process.env.RATE_LIMIT_REGISTRATIONS_PER_MINUTE = "0";
    process.env.PUBLIC_URL = PUBLIC_URL;
    (await import("../env")).resetEnvForTests();
    resetAuthSecretForTests();
    staff = await setupExportEvent();
    const [zhang] = await registerOrder([participant({ familyName: "张", givenName: "伟", latinName: "Zhang Wei", gender: "M", birthDate: "1990-05-20" })]);
    await setBibAndWave(zhang, "1234", "A");
    await importFile(resultsFile());
    GET = ((await import(/* @vite-ignore */ ROUTE)) as { GET: Handler }).GET;
  });

  it("prints the names in both scripts, race, distance, date, times rounded up, places and the verify address (English labels)", async () => {
    const certificate = await loadFinisherCertificate(EVENT, "half", "1234", "en");
    expect(certificate.result).toMatchObject({ name: "张伟", latinName: "Zhang Wei", gender: "M", ageGroup: "M18-39", places: { overall: 3, gender: 2, ageGroup: 1 } });
    expect(certificate.totals).toEqual({ overall: 5, gender: 3, ageGroup: 2 });
    const code = await certificateCode(EVENT, "half", certificate.result);
    expect(code).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(certificate.verifyUrl).toBe(`${PUBLIC_URL}/en/events/${EVENT}/results/half/1234/verify?code=${code}`);

    const bytes = await renderCertificate(certificate);
    const text = only(await pdfPages(bytes), "page");
    const lines = text.split("\n");
    expect(lines).toContain("张伟");
    expect(lines).toContain("Zhang Wei");
    expect(lines).toContain("Test Half 2027");
    expect(lines).toContain("测试半程马拉松");
    expect(text).toContain("completed the Half Marathon · 21.0975 km · April 18, 2027");
    // Gun 1:23:45.001 is shown rounded up; it is also the official time (the half ranks by gun time).
    expect(text).toMatch(/Official time \(gun time\)\n1:23:46\n/);
    expect(text).toMatch(/Gun time\n1:23:46\n/);
    expect(text).toMatch(/Net time\n1:23:40\n/);
    expect(text).not.toContain("1:23:45");
    expect(text).toMatch(/Overall\n3 of 5\n/);
    expect(text).toMatch(/Men\n2 of 3\n/);
    expect(text).toMatch(/Age group M18-39\n1 of 2\n/);
    expect(lines).toContain(certificate.verifyUrl);
    expect(lines).toContain(`Certificate code ${code}`);
    expect(lines).toContain("Bib 1234");

    // The QR code holds the same address.
    expect(await decodeQr(bytes)).toBe(certificate.verifyUrl);

    // A4 landscape; Noto Sans SC embedded as TrueType subsets with a ToUnicode map (so the text above is
    // searchable), no standard font; far smaller than the 10 MB font files.
    const raw = Buffer.from(bytes).toString("latin1");
    expect(raw).toMatch(/\/MediaBox \[0 0 841\.89 595\.28\]/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Bold/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/);
    expect(raw).toMatch(/\/FontFile2 \d+ 0 R/);
    expect(raw).toMatch(/\/ToUnicode \d+ 0 R/);
    expect(raw).not.toMatch(/\/BaseFont \/Helvetica/);
    expect(bytes.length).toBeLessThan(150_000);
  });

  it("writes Chinese labels for locale zh, and the zh verify address", async () => {
    const certificate = await loadFinisherCertificate(EVENT, "half", "1234", "zh");
    expect(certificate.verifyUrl).toBe(`${PUBLIC_URL}/zh/events/${EVENT}/results/half/1234/verify?code=${certificate.code}`);
    const text = first(await pdfPages(await renderCertificate(certificate)));
    expect(text).toContain("完赛证书");
    expect(text).toContain("完成了半程马拉松 · 21.0975 公里 · 2027年4月18日");
    expect(text).toMatch(/成绩（枪声时间）\n1:23:46\n/);
    expect(text).toMatch(/总排名\n第 3 名 \/ 共 5 人\n/);
    expect(text).toMatch(/男子排名\n第 2 名 \/ 共 3 人\n/);
    expect(text).toMatch(/年龄组 M18-39\n第 1 名 \/ 共 2 人\n/);
    expect(text.split("\n")).toContain(certificate.verifyUrl);
    expect(text).toContain("张伟");
    expect(text).toContain("Zhang Wei");
  });

  it("prints a name that only the file gives (no entry), in Chinese, without a Latin line", async () => {
    const certificate = await loadFinisherCertificate(EVENT, "half", "101", "en");
    expect(certificate.result).toMatchObject({ name: "李娜", latinName: null, gender: "F" });
    const text = first(await pdfPages(await renderCertificate(certificate)));
    expect(text.split("\n")).toContain("李娜");
    expect(text).toMatch(/Overall\n2 of 5\n/);
    expect(text).toMatch(/Women\n1 of 2\n/);
    expect(text).toMatch(/Gun time\n1:20:00\n/);
  });

  it("serves the PDF from the public route with an ASCII file name, in zh by default", async () => {
    const res = await get("1234");
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${EVENT}-half-1234-certificate.pdf"`);
    const [zhText] = await pdfPages(new Uint8Array(await res.arrayBuffer()));
    expect(zhText).toContain("完赛证书");
    const en = await get("1234", "?locale=en");
    const [enText] = await pdfPages(new Uint8Array(await en.arrayBuffer()));
    expect(enText).toContain("Finisher Certificate");
    expect(enText).toContain("张伟");

    expect(certificateFileName(EVENT, "half", "F 12/../x")).toBe(`${EVENT}-half-F_12_x-certificate.pdf`);
    const bad = await get("1234", "?locale=fr");
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("validation_failed");
    expect(() => parseCertificateLocale("de")).toThrow(DomainError);
  });

  it("answers 404 not_found for a runner who did not finish, an unknown bib, race or event", async () => {
    const dnf = await get("104");
    expect(dnf.status).toBe(404);
    const body = (await dnf.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("not_found");
    expect(body.error.message).toMatch(/104 is not listed as a finisher/);
    for (const res of [await get("9999"), await get("1234", "", EVENT, "marathon"), await get("1234", "", "no-such-event")]) {
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_found");
    }
    const check = await checkCertificate(EVENT, "half", "104", "anything");
    expect(check.outcome).toBe("not_finisher");
    await expectCode(checkCertificate(EVENT, "half", "9999", "x"), "not_found");
  });

  it("stops verifying when the official result changes, and verifies again when it is put back", async () => {
    const before = (await loadFinisherCertificate(EVENT, "half", "1234", "zh")).code;
    expect((await checkCertificate(EVENT, "half", "1234", before)).outcome).toBe("valid");
    expect((await checkCertificate(EVENT, "half", "1234", "")).outcome).toBe("missing_code");
    expect((await checkCertificate(EVENT, "half", "1234", `${before.slice(0, 11)}${before[11] === "A" ? "B" : "A"}`)).outcome).toBe("mismatch");
    // The code is over this runner's own result: another bib's code does not fit.
    const other = (await loadFinisherCertificate(EVENT, "half", "105", "zh")).code;
    expect(other).not.toBe(before);
    expect((await checkCertificate(EVENT, "half", "1234", other)).outcome).toBe("mismatch");

    // A corrected time: one millisecond is enough (even one that shows the same whole second).
    await importFile(resultsFile("1:23:45.002"));
    expect((await getRunnerResult(EVENT, "half", "1234")).result.gunTimeMs).toBe(5_025_002);
    const after = (await loadFinisherCertificate(EVENT, "half", "1234", "zh")).code;
    expect(after).not.toBe(before);
    expect((await checkCertificate(EVENT, "half", "1234", before)).outcome).toBe("mismatch");
    expect((await checkCertificate(EVENT, "half", "1234", after)).outcome).toBe("valid");

    // Disqualified (times kept): no certificate is valid any more, and none is served.
    await importFile(resultsFile("1:23:45.001", "dq"));
    expect((await checkCertificate(EVENT, "half", "1234", before)).outcome).toBe("not_finisher");
    expect((await get("1234")).status).toBe(404);
    await expectCode(loadFinisherCertificate(EVENT, "half", "1234", "zh"), "not_found");

    // The original result again: the original certificate verifies again (the code is a function of the result).
    await importFile(resultsFile());
    expect((await checkCertificate(EVENT, "half", "1234", before)).outcome).toBe("valid");
    expect((await loadFinisherCertificate(EVENT, "half", "1234", "zh")).code).toBe(before);
  });
});
