import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readResultsCsv, type ImportedResult, type ResultsFileOptions } from "./import-file";
import { formatRaceTimeExact } from "./time";
import { first, nth } from "../lists";

const read = (lines: string[], options?: ResultsFileOptions) => readResultsCsv(lines.join("\n") + "\n", options);

function rowsOf(lines: string[], options?: ResultsFileOptions): ImportedResult[] {
  const outcome = read(lines, options);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  return outcome.rows;
}

function errorsOf(lines: string[], options?: ResultsFileOptions) {
  const outcome = read(lines, options);
  if (outcome.ok) throw new Error("the file was accepted");
  return outcome.errors.map(({ line, column, code, message }) => ({ line, column, code, message }));
}

const H = 3_600_000;
const M = 60_000;

describe("validateResultsFile: good files", () => {
  it("reads every column, case-insensitively, with splits in column order", () => {
    const outcome = read([
      "BIB,Name,Gender,Age,Birth Date,Gun_Time,NET-TIME,Status,split_5K,Split_Half,club",
      "101,Lee Ann,f,41,,1:45:10.5,1:44:59,,0:24:00,-,Harriers",
      "f12,张伟,M,,1990-05-01,12:03:04,,finished,1:00:00,5:50:00,",
      "7,,X,80,,-,-,dnf,0:30:00,,",
      "8,Bo,,,,,,dns,,,",
      "9,Cy,M,33,,2:00:00,1:59:00,DQ,,,",
    ]);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.splitLabels).toEqual(["5k", "half"]);
    expect(outcome.columns.map((c) => c.field)).toEqual(["bib", "name", "gender", "age", "birth_date", "gun_time", "net_time", "status", "split", "split", null]);
    expect(outcome.columns[9]).toEqual({ header: "Split_Half", field: "split", splitLabel: "half" });
    expect(outcome.rows).toEqual([
      { line: 2, bib: "101", name: "Lee Ann", gender: "F", age: 41, birthDate: null, status: "finished", gunTimeMs: H + 45 * M + 10_500, netTimeMs: H + 44 * M + 59_000, splits: [{ label: "5k", elapsedMs: 24 * M }] },
      { line: 3, bib: "F12", name: "张伟", gender: "M", age: null, birthDate: "1990-05-01", status: "finished", gunTimeMs: 12 * H + 3 * M + 4000, netTimeMs: null, splits: [{ label: "5k", elapsedMs: H }, { label: "half", elapsedMs: 5 * H + 50 * M }] },
      { line: 4, bib: "7", name: null, gender: "X", age: 80, birthDate: null, status: "dnf", gunTimeMs: null, netTimeMs: null, splits: [{ label: "5k", elapsedMs: 30 * M }] },
      { line: 5, bib: "8", name: "Bo", gender: null, age: null, birthDate: null, status: "dns", gunTimeMs: null, netTimeMs: null, splits: [] },
      { line: 6, bib: "9", name: "Cy", gender: "M", age: 33, birthDate: null, status: "dq", gunTimeMs: 2 * H, netTimeMs: H + 59 * M, splits: [] },
    ]);
  });

  it("needs only a bib column and a time", () => {
    expect(rowsOf(["bib,net_time", "1,19:59"])).toEqual([
      { line: 2, bib: "1", name: null, gender: null, age: null, birthDate: null, status: "finished", gunTimeMs: null, netTimeMs: 1_199_000, splits: [] },
    ]);
  });

  it("reads a semicolon file from a spreadsheet, byte order mark and all", () => {
    expect(readResultsCsv("\uFEFFBib;Name;Gun Time\r\n5;Müller, Jörg;0:40:00\r\n")).toMatchObject({ ok: true, rows: [{ bib: "5", name: "Müller, Jörg", gunTimeMs: 40 * M }] });
  });
});

describe("validateResultsFile: refused files", () => {
  it("reports the spreadsheet day fraction where a time belongs, on its line and column", () => {
    expect(errorsOf(["bib,net_time,split_5k", "1,1:00:00,0:20:00", "3820,0.1245,0:22:47"])).toEqual([
      { line: 3, column: "net_time", code: "badTime", message: expect.stringMatching(/"0.1245" looks like a spreadsheet day fraction/) },
    ]);
  });

  it("reports a bad status, an unknown gender, a bad age and a bad birth date", () => {
    expect(errorsOf(["bib,gender,age,birth_date,net_time,status", "1,W,200,1990-02-30,1:00:00,done"])).toEqual([
      { line: 2, column: "gender", code: "badGender", message: 'gender "W" is not M, F or X' },
      { line: 2, column: "age", code: "badAge", message: 'age "200" is not a whole number of years from 0 to 120' },
      { line: 2, column: "birth_date", code: "badBirthDate", message: 'birth date "1990-02-30" is not a date YYYY-MM-DD' },
      { line: 2, column: "status", code: "badStatus", message: 'status "done" is not one of finished, dnf, dns, dq' },
    ]);
  });

  it("reports a split after the finish and splits that do not increase", () => {
    expect(errorsOf(["bib,net_time,split_10k,split_5k,split_30k", "1,2:00:00,0:50:00,0:25:00,2:00:01"])).toEqual([
      { line: 2, column: "split_5k", code: "splitsNotIncreasing", message: "0:25:00 is not later than split_10k 0:50:00" },
      { line: 2, column: "split_30k", code: "splitAfterFinish", message: "2:00:01 is after the finish (net_time 2:00:00)" },
    ]);
    // Without a net time the splits are checked against the gun time.
    expect(errorsOf(["bib,gun_time,split_5k", "1,0:20:00,0:20:00.001"])).toMatchObject([{ column: "split_5k", code: "splitAfterFinish" }]);
    expect(first(rowsOf(["bib,gun_time,split_5k", "1,0:20:00,0:20:00"])).splits).toEqual([{ label: "5k", elapsedMs: 20 * M }]);
  });

  it("reports a duplicate bib (whatever its case) on the later line, and a missing or malformed bib", () => {
    expect(errorsOf(["bib,net_time", "F12,1:00:00", "", "2,1:00:01", "f12,1:00:02", ",1:00:03", "A B,1:00:04"])).toEqual([
      { line: 5, column: "bib", code: "duplicateBib", message: "bib F12 is already on line 2" },
      { line: 6, column: "bib", code: "missingBib", message: "the bib is missing" },
      { line: 7, column: "bib", code: "badBib", message: 'bib "A B": use letters, digits and - (up to 16)' },
    ]);
  });

  it("refuses a finisher without a time, and times that contradict the status", () => {
    expect(errorsOf(["bib,gun_time,net_time,status,split_5k", "1,-,-,finished,", "2,,,,", "3,1:00:00,,dns,", "4,,,dns,0:20:00", "5,,0:59:00,dnf,", "6,1:00:00,1:00:01,,"])).toEqual([
      { line: 2, column: null, code: "missingTime", message: "a finisher needs a gun_time or a net_time" },
      { line: 3, column: "status", code: "missingTime", message: "the row has neither a time nor a status (dnf, dns or dq)" },
      { line: 4, column: "gun_time", code: "timeNotAllowed", message: "a runner who did not start (dns) has no times" },
      { line: 5, column: "split_5k", code: "timeNotAllowed", message: "a runner who did not start (dns) has no times" },
      { line: 6, column: "net_time", code: "timeNotAllowed", message: "a runner who did not finish (dnf) has no finish time; leave it empty or make the status finished" },
      { line: 7, column: "net_time", code: "netLongerThanGun", message: "the net time 1:00:01 is longer than the gun time 1:00:00" },
    ]);
  });

  it("on the gun basis, refuses a finisher with only a net time", () => {
    expect(errorsOf(["bib,gun_time,net_time", "1,,1:00:00"], { rankBy: "gun" })).toEqual([
      { line: 2, column: "gun_time", code: "missingTime", message: "a finisher needs a gun time (the race ranks by gun time)" },
    ]);
    expect(errorsOf(["bib,net_time", "1,1:00:00"], { rankBy: "gun" })).toMatchObject([{ column: null, code: "missingTime" }]);
    expect(rowsOf(["bib,net_time", "1,1:00:00"], { rankBy: "net" })).toHaveLength(1);
  });

  it("refuses a zero time, a row of the wrong width, and header problems", () => {
    expect(errorsOf(["bib,net_time", "1,0:00:00"])).toMatchObject([{ line: 2, column: "net_time", code: "badTime" }]);
    expect(errorsOf(["bib,net_time", "1,1:00:00,extra", "2"])).toEqual([
      { line: 2, column: null, code: "fieldCount", message: "the row has 3 fields; the header has 2" },
      { line: 3, column: null, code: "fieldCount", message: "the row has 1 fields; the header has 2" },
    ]);
    expect(errorsOf(["name,net_time", "A,1:00:00"])).toEqual([{ line: 1, column: null, code: "missingColumn", message: "the header has no bib column" }]);
    expect(errorsOf(["bib,Net Time,net_time", "1,1:00:00,1:00:00"])).toMatchObject([{ line: 1, column: "net_time", code: "duplicateColumn" }]);
    expect(errorsOf(["bib,net_time,split_,split_finish,split_a/b", "1,1:00:00,,,"]).map((e) => [e.column, e.code])).toEqual([
      ["split_", "badSplitLabel"],
      ["split_finish", "badSplitLabel"],
      ["split_a/b", "badSplitLabel"],
    ]);
    expect(errorsOf([])).toMatchObject([{ line: 1, code: "empty" }]);
    expect(errorsOf(["bib,net_time"])).toMatchObject([{ line: 1, code: "empty" }]);
    expect(readResultsCsv('bib,name\n1,"Ann\n')).toMatchObject({ ok: false, errors: [{ code: "invalidCsv" }] });
  });

  it("is all or nothing, and lists at most maxErrors while counting all", () => {
    const lines = ["bib,net_time", ...Array.from({ length: 250 }, (_, i) => `${i + 1},${i % 2 === 0 ? "1:00:00" : "x"}`)];
    const outcome = read(lines, { maxErrors: 10 });
    expect(outcome).toMatchObject({ ok: false, errorCount: 125 });
    if (!outcome.ok) expect(outcome.errors.map((e) => e.line)).toEqual([3, 5, 7, 9, 11, 13, 15, 17, 19, 21]);
    expect(read(lines.slice(0, 3))).toMatchObject({ ok: false, errorCount: 1 });
  });
});

describe("validateResultsFile: properties", () => {
  const time = fc.integer({ min: 1, max: 30 * H });
  const resultRow = fc.record({
    bib: fc.stringMatching(/^[A-Z0-9][A-Z0-9-]{0,5}$/),
    name: fc.option(fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() === s && s.length > 0), { nil: null }),
    gender: fc.constantFrom("M", "F", "X", null),
    age: fc.option(fc.integer({ min: 0, max: 120 }), { nil: null }),
    gun: time,
    startDelay: fc.option(fc.integer({ min: 0, max: 600_000 }), { nil: null }),
    splitFractions: fc.uniqueArray(fc.integer({ min: 1, max: 999 }), { maxLength: 3 }),
  });

  it("reads back what a timer wrote, to the millisecond", () => {
    fc.assert(
      fc.property(fc.uniqueArray(resultRow, { selector: (r) => r.bib, minLength: 1, maxLength: 20 }), (rows) => {
        const expected: ImportedResult[] = rows.map((r, i) => {
          const net = r.startDelay === null ? null : Math.max(1, r.gun - r.startDelay);
          const finish = net ?? r.gun;
          const elapsed = [...new Set(r.splitFractions.map((f) => Math.max(1, Math.floor((finish * f) / 1000))))].sort((a, b) => a - b);
          return { line: i + 2, bib: r.bib, name: r.name, gender: r.gender as ImportedResult["gender"], age: r.age, birthDate: null, status: "finished", gunTimeMs: r.gun, netTimeMs: net, splits: elapsed.map((elapsedMs, k) => ({ label: `s${k}`, elapsedMs })) };
        });
        const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
        const text = [
          "bib,name,gender,age,gun_time,net_time,split_s0,split_s1,split_s2",
          ...expected.map((r) =>
            [r.bib, r.name === null ? "" : quote(r.name), r.gender ?? "", r.age ?? "", formatRaceTimeExact(r.gunTimeMs as number), r.netTimeMs === null ? "-" : formatRaceTimeExact(r.netTimeMs), ...[0, 1, 2].map((k) => (r.splits[k] ? formatRaceTimeExact(r.splits[k].elapsedMs) : "-"))].join(","),
          ),
        ].join("\r\n");
        const outcome = readResultsCsv(text);
        expect(outcome.ok ? outcome.rows : outcome.errors).toEqual(expected);
      }),
    );
  });

  it("refuses the whole file when any one cell is spoiled, naming that line", () => {
    const spoil = fc.constantFrom(["net_time", "0.1245"], ["net_time", "1:60:00"], ["status", "finish"], ["gender", "male"], ["bib", ""], ["split_5k", "9:00:00"]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.nat(), spoil, (count, at, [column, value]) => {
        const header = ["bib", "gender", "net_time", "status", "split_5k"];
        const rows = Array.from({ length: count }, (_, i) => [String(i + 1), "F", "1:00:00", "", "0:20:00"]);
        const spoiled = at % count;
        nth(rows, spoiled)[header.indexOf(column)] = value;
        const outcome = readResultsCsv([header, ...rows].map((r) => r.join(",")).join("\n"));
        expect(outcome.ok).toBe(false);
        if (!outcome.ok) expect(outcome.errors).toMatchObject([{ line: spoiled + 2, column }]);
      }),
    );
  });
});

// Its speed is a benchmark figure (npm run bench), not a timed test: this checks the outcome at full size.
describe("validateResultsFile: a race-sized file", () => {
  it("validates 30,000 rows with 8 splits", () => {
    const labels = ["5k", "10k", "15k", "20k", "half", "25k", "30k", "35k"];
    const lines = [`bib,name,gender,age,gun_time,net_time,status,${labels.map((l) => `split_${l}`).join(",")}`];
    for (let i = 0; i < 30_000; i++) {
      const net = 9_000_000 + i * 300;
      const splits = labels.map((_, k) => formatRaceTimeExact(Math.floor((net * (k + 1)) / 10)));
      lines.push(`${i + 1},Runner ${i + 1},${i % 2 ? "M" : "F"},${18 + (i % 60)},${formatRaceTimeExact(net + 120_000)},${formatRaceTimeExact(net)},,${splits.join(",")}`);
    }
    const text = lines.join("\n");
    const outcome = readResultsCsv(text);
    expect(outcome.ok && outcome.rows.length).toBe(30_000);
    expect(outcome.ok && nth(outcome.rows, 29_999).splits).toHaveLength(8);
  });
});
