/**
 * The printer's files on both engines: the bib list as CSV and XLSX (read back with exceljs) and the bib sheet PDF
 * (read back with pdf.js: the Chinese names and bibs are in its text, Noto Sans SC is embedded as a subset). Only
 * confirmed entries with a bib, in bib order; formula-looking cells neutralized; race, wave and layout choices;
 * organizers and admins only; 8,000 bibs timed.
 */
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { participant } from "../../test/factories";
import { DomainError } from "../errors";
import { bibListCsvResponse, bibListXlsxResponse, loadBibList } from "./bib-list";
import { bibSheetResponse } from "./bib-sheet";
import { bulkConfirmedEntries, EVENT, registerOrder, setBibAndWave, setStatus, setupExportEvent, updateEntry, type Staff } from "../../test/entries";
import { first, only, present } from "../../core/lists";

let staff: Staff;

async function expectCode(p: Promise<unknown>, code: string): Promise<DomainError> {
  const error = await p.then(() => null, (e: unknown) => e);
  expect(error, `expected ${code}`).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  return error as DomainError;
}

async function readXlsx(res: Response): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
  expect(workbook.worksheets.map((w) => w.name)).toEqual(["Bibs"]);
  return only(workbook.worksheets, "worksheet");
}

function sheetRows(sheet: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

/** The PDF's pages as text, one string per page (pdf.js, as a reader's copy-and-paste or search sees it). */
async function pdfPages(bytes: Uint8Array): Promise<string[]> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await pdfjs.getDocument({ data: bytes.slice(), verbosity: 0, useSystemFonts: false, disableFontFace: true }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((item) => ("str" in item ? item.str : "")).join("\n"));
  }
  await doc.destroy();
  return pages;
}

async function pageCount(bytes: Uint8Array): Promise<number> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await pdfjs.getDocument({ data: bytes.slice(), verbosity: 0 }).promise;
  const n = doc.numPages;
  await doc.destroy();
  return n;
}

async function pdfOf(raw: Record<string, string | undefined> = {}): Promise<{ res: Response; bytes: Uint8Array }> {
  const res = await bibSheetResponse(staff.organizer, EVENT, raw);
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}

describe(`bib exports on ${process.env.TEST_ENGINE}`, () => {
  beforeAll(async () => {
    process.env.RATE_LIMIT_REGISTRATIONS_PER_MINUTE = "0";
    (await import("../env")).resetEnvForTests();
    staff = await setupExportEvent();
    const [zhang, li, ouyang, nobib] = await registerOrder([
      participant({ familyName: "张", givenName: "伟", latinName: "Zhang Wei", tshirtSize: "L", emergencyContact: { name: "李娜", phone: "+86 139 0000 0001" } }),
      participant({ familyName: "李", givenName: "娜", latinName: "Li Na", gender: "F", tshirtSize: "S" }),
      participant({ familyName: "欧阳", givenName: "娜娜", latinName: "Ouyang Nana", gender: "F" }),
      participant({ familyName: "王", givenName: "芳", latinName: "Wang Fang", gender: "F" }),
    ]);
    const [fun, injected] = await registerOrder([
      participant({ race: "fun-run", familyName: "陈", givenName: "小明", latinName: "Chen Xiaoming" }),
      participant({ race: "fun-run", familyName: "=1+2", givenName: "测试", latinName: "Ceshi", emergencyContact: { name: "@SUM(A1)", phone: "+86 139 0000 0002" } }),
    ]);
    const [held] = await registerOrder([participant({ familyName: "赵", givenName: "云", latinName: "Zhao Yun" })], { pay: false });
    const [gone] = await registerOrder([participant({ familyName: "孙", givenName: "悟空", latinName: "Sun Wukong" })]);
    await setBibAndWave(zhang, "1234", "A");
    await setBibAndWave(li, "0042", "B");
    await setBibAndWave(ouyang, "F12", "A");
    await setBibAndWave(nobib, null, "A");
    await setBibAndWave(fun, "10001", "A");
    await setBibAndWave(injected, "10002", null);
    await updateEntry(injected, { latinName: "-2+3" });
    await setBibAndWave(held, "99");
    await setBibAndWave(gone, "5");
    await setStatus(gone, "cancelled");
  });

  it("lists only confirmed entries that have a bib, by race then bib", async () => {
    const set = await loadBibList(staff.organizer, EVENT, { status: "all" });
    expect(set.rows.map((r) => r.bib)).toEqual(["0042", "1234", "F12", "10001", "10002"]);
    expect((await loadBibList(staff.admin, EVENT, { race: "half", wave: "A" })).rows.map((r) => r.bib)).toEqual(["1234", "F12"]);
  });

  it("is for the event's organizers and admins only", async () => {
    for (const make of [bibListCsvResponse, bibListXlsxResponse, bibSheetResponse]) {
      await expectCode(make(staff.volunteer, EVENT, {}), "forbidden");
      await expectCode(make(staff.otherOrganizer, EVENT, {}), "forbidden");
      await expectCode(make(staff.organizer, "no-such-event", {}), "not_found");
      const wave = await expectCode(make(staff.organizer, EVENT, { race: "fun-run", wave: "B" }), "validation_failed");
      expect(wave.issues).toEqual([{ path: "wave", key: "unknownWave" }]);
      expect((await make(staff.admin, EVENT, {})).status).toBe(200);
    }
    const layout = await expectCode(bibSheetResponse(staff.organizer, EVENT, { layout: "a3" }), "validation_failed");
    expect(layout.issues.map((i) => i.path)).toEqual(["layout"]);
    // The layout is checked after access: a volunteer learns nothing from a bad one.
    await expectCode(bibSheetResponse(staff.volunteer, EVENT, { layout: "a3" }), "forbidden");
  });

  it("writes the CSV for the printer: BOM, header, both scripts, shirt, emergency contact, formulas neutralized", async () => {
    const res = await bibListCsvResponse(staff.organizer, EVENT, {});
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="test-half-2027-bibs-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).split("\r\n");
    expect(lines[0]).toBe("bib,name,latinName,familyName,givenName,race,raceNameZh,raceNameEn,wave,tshirtSize,emergencyName,emergencyPhone");
    expect(lines.slice(1, -1)).toEqual([
      "0042,李娜,Li Na,李,娜,half,半程马拉松,Half Marathon,B,S,李娜,'+86 139 0000 0000",
      "1234,张伟,Zhang Wei,张,伟,half,半程马拉松,Half Marathon,A,L,李娜,'+86 139 0000 0001",
      "F12,欧阳娜娜,Ouyang Nana,欧阳,娜娜,half,半程马拉松,Half Marathon,A,M,李娜,'+86 139 0000 0000",
      "10001,陈小明,Chen Xiaoming,陈,小明,fun-run,欢乐跑,Fun Run,A,M,李娜,'+86 139 0000 0000",
      "10002,'=1+2测试,'-2+3,'=1+2,测试,fun-run,欢乐跑,Fun Run,,M,'@SUM(A1),'+86 139 0000 0002",
    ]);
    const fun = await bibListCsvResponse(staff.organizer, EVENT, { race: "fun-run" });
    expect(fun.headers.get("content-disposition")).toMatch(/bibs-\d{4}-\d{2}-\d{2}-fun-run\.csv"$/);
    expect((await fun.text()).split("\r\n").filter(Boolean)).toHaveLength(3);
  });

  it("writes the XLSX: one sheet, bold frozen header with a filter, widths, bibs as text, formulas neutralized", async () => {
    const res = await bibListXlsxResponse(staff.organizer, EVENT, {});
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="test-half-2027-bibs-\d{4}-\d{2}-\d{2}\.xlsx"$/);
    const sheet = await readXlsx(res);
    const rows = sheetRows(sheet);
    expect(rows[0]).toEqual(["bib", "name", "latinName", "familyName", "givenName", "race", "raceNameZh", "raceNameEn", "wave", "tshirtSize", "emergencyName", "emergencyPhone"]);
    expect(rows.slice(1)).toEqual([
      ["0042", "李娜", "Li Na", "李", "娜", "half", "半程马拉松", "Half Marathon", "B", "S", "李娜", "+86 139 0000 0000"],
      ["1234", "张伟", "Zhang Wei", "张", "伟", "half", "半程马拉松", "Half Marathon", "A", "L", "李娜", "+86 139 0000 0001"],
      ["F12", "欧阳娜娜", "Ouyang Nana", "欧阳", "娜娜", "half", "半程马拉松", "Half Marathon", "A", "M", "李娜", "+86 139 0000 0000"],
      ["10001", "陈小明", "Chen Xiaoming", "陈", "小明", "fun-run", "欢乐跑", "Fun Run", "A", "M", "李娜", "+86 139 0000 0000"],
      // A phone number stays as it is (a text cell, it calls nothing); names that look like formulas do not.
      ["10002", "'=1+2测试", "'-2+3", "'=1+2", "测试", "fun-run", "欢乐跑", "Fun Run", undefined, "M", "'@SUM(A1)", "+86 139 0000 0002"],
    ]);
    // Every cell is text: "0042" keeps its zeros, 10001 is not a number.
    for (let r = 2; r <= sheet.rowCount; r++) expect(sheet.getRow(r).getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getColumn(1).numFmt).toBe("@");
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.autoFilter).toBeTruthy();
    expect(sheet.columns.map((c) => c.width)).toEqual([10, 16, 24, 12, 12, 14, 18, 22, 10, 10, 16, 20]);

    const waveB = sheetRows(await readXlsx(await bibListXlsxResponse(staff.organizer, EVENT, { wave: "B" })));
    expect(waveB.map((r) => r[0])).toEqual(["bib", "0042"]);
  });

  it("prints one bib per A5 page with the Chinese and Latin names, race and wave, in an embedded Noto Sans SC subset", async () => {
    const { res, bytes } = await pdfOf();
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="test-half-2027-bibs-a5-\d{4}-\d{2}-\d{2}\.pdf"$/);
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe("%PDF-");
    const pages = await pdfPages(bytes);
    expect(pages).toHaveLength(5);
    expect(pages[0]).toContain("0042");
    expect(pages[0]).toContain("李娜");
    expect(pages[0]).toContain("Li Na");
    expect(pages[1]).toContain("1234");
    expect(pages[1]).toContain("张伟");
    expect(pages[1]).toContain("Zhang Wei");
    expect(pages[1]).toContain("测试半程马拉松");
    expect(pages[1]).toContain("半程马拉松");
    expect(pages[1]).toContain("Half Marathon");
    expect(pages[1]).toMatch(/出发批次 Wave\s+A/);
    expect(pages[2]).toContain("欧阳娜娜");
    expect(pages[3]).toContain("欢乐跑");
    expect(pages[4]).toContain("=1+2测试"); // on paper a name is only a name
    expect(pages[4]).not.toContain("出发批次");
    expect(pages.join("\n")).not.toMatch(/王芳|赵云|孙悟空/);
    // The A5 landscape size, and the font: a TrueType subset ("ABCDEF+NotoSansSC-Bold") embedded in the file.
    const raw = Buffer.from(bytes).toString("latin1");
    expect(raw).toMatch(/\/MediaBox \[0 0 595\.28 419\.53\]/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Bold/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/);
    expect(raw).toMatch(/\/FontFile2 \d+ 0 R/);
    expect(raw).toMatch(/\/ToUnicode \d+ 0 R/);
    expect(raw).not.toMatch(/\/BaseFont \/Helvetica/);
    // Subset: far smaller than the 10 MB fonts.
    expect(bytes.length).toBeLessThan(200_000);
  });

  it("puts two bibs on an A4 page, and follows the race and wave", async () => {
    const { res, bytes } = await pdfOf({ layout: "a4" });
    expect(res.headers.get("content-disposition")).toMatch(/bibs-a4-/);
    const pages = await pdfPages(bytes);
    expect(pages).toHaveLength(3);
    expect(pages[0]).toContain("0042");
    expect(pages[0]).toContain("1234");
    expect(pages[2]).toContain("10002");
    expect(Buffer.from(bytes).toString("latin1")).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);

    const halfA = await pdfPages((await pdfOf({ race: "half", wave: "A" })).bytes);
    expect(halfA.map((p) => p.match(/^\d+$|^F12$/m)?.[0])).toEqual(["1234", "F12"]);
  });

  it("says so on a single page when nothing is left to print", async () => {
    const pages = await pdfPages((await pdfOf({ race: "half", wave: "B", layout: "a4" })).bytes);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toContain("0042");
    await setBibAndWave(first((await loadBibList(staff.organizer, EVENT, { race: "half", wave: "B" })).rows).id, null, "B");
    const empty = await pdfPages((await pdfOf({ race: "half", wave: "B" })).bytes);
    expect(empty).toHaveLength(1);
    expect(empty[0]).toContain("没有可打印的号码布");
    expect(empty[0]).toContain("No bibs to print");
  });

  describe("at scale", () => {
    beforeAll(async () => {
      await bulkConfirmedEntries(staff.eventId, 8_000);
    }, 120_000);

    // Speed is for the benchmark; this checks the whole sheet streams out as one small file (the font embedded
    // once, as a subset) and the XLSX lists every bib.
    it("prints 8,000 bibs as a small file, and lists them in XLSX", async () => {
      const res = await bibSheetResponse(staff.organizer, EVENT, {});
      const reader = present(res.body).getReader();
      let size = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
      }
      const xlsx = await bibListXlsxResponse(staff.organizer, EVENT, {});
      const sheet = await readXlsx(xlsx);
      expect(sheet.rowCount).toBe(1 + 8_000 + 4);
      const { bytes } = await pdfOf({ race: "fun-run" });
      expect(await pageCount(bytes)).toBe(2_000 + 2);
      expect(size).toBeLessThan(15_000_000);
    }, 180_000);
  });
});
