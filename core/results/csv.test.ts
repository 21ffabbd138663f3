import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { detectDelimiter, parseCsv } from "./csv";

const quote = (field: string) => (/[",\r\n]|^\s|\s$/.test(field) ? `"${field.replaceAll('"', '""')}"` : field);

describe("parseCsv", () => {
  it("gives each record the line it starts on, counting blank lines and line breaks inside quotes", () => {
    const text = '\uFEFFbib,name\r\n1,"a\r\nb"\n\n2,c\n3,"x,y"\r\n4\n  \n,,\n5,"say ""hi"""';
    const parsed = parseCsv(text);
    expect(parsed).toEqual({
      ok: true,
      records: [
        { line: 1, fields: ["bib", "name"] },
        { line: 2, fields: ["1", "a\r\nb"] },
        { line: 5, fields: ["2", "c"] },
        { line: 6, fields: ["3", "x,y"] },
        { line: 7, fields: ["4"] },
        { line: 10, fields: ["5", 'say "hi"'] },
      ],
    });
  });

  it("reads a semicolon or tab file when the header has no comma", () => {
    expect(detectDelimiter("bib;name;net_time\n1;a,b;1:00:00")).toBe(";");
    expect(detectDelimiter("bib\tname\n")).toBe("\t");
    expect(detectDelimiter("bib,name;x\n")).toBe(",");
    expect(detectDelimiter("bib")).toBe(",");
    expect(parseCsv("\uFEFFbib;name\n1;Lee, Ann\n")).toEqual({
      ok: true,
      records: [
        { line: 1, fields: ["bib", "name"] },
        { line: 2, fields: ["1", "Lee, Ann"] },
      ],
    });
  });

  it("reports a broken quote with a line instead of throwing", () => {
    expect(parseCsv('bib,name\n1,"Ann\n2,Bo\n')).toMatchObject({ ok: false, line: 3, message: expect.stringMatching(/not valid CSV: Quote Not Closed/) });
    expect(parseCsv('bib,name\n1,A"nn\n')).toMatchObject({ ok: false, line: 2 });
    expect(parseCsv("")).toEqual({ ok: true, records: [] });
  });

  it("reads back any records written with any line endings and blank lines, on the right lines", () => {
    const field = fc.string({ unit: fc.constantFrom(..."ab1 ,\"\r\n;".split("")), maxLength: 6 });
    const record = fc.tuple(fc.string({ unit: fc.constantFrom(..."xyz9".split("")), minLength: 1, maxLength: 3 }), fc.array(field, { maxLength: 3 }));
    const ending = fc.constantFrom("\n", "\r\n", "\r");
    fc.assert(
      fc.property(fc.array(fc.tuple(record, ending, fc.nat({ max: 2 })), { minLength: 1, maxLength: 12 }), (rows) => {
        let text = "";
        let line = 1;
        const expected: { line: number; fields: string[] }[] = [];
        for (const [[first, rest], end, blanks] of rows) {
          const fields = [first, ...rest];
          const written = fields.map(quote).join(",");
          expected.push({ line, fields });
          text += written + end + end.repeat(blanks);
          line += (written.match(/\r\n|\r|\n/g)?.length ?? 0) + 1 + blanks;
        }
        expect(parseCsv(text)).toEqual({ ok: true, records: expected });
      }),
    );
  });
});
