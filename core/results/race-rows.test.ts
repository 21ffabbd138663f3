import { describe, expect, expectTypeOf, it } from "vitest";
import type { Schema } from "../../db/client";
import { buildRaceRows, rawChanged, rowChanged, type EntryForResult, type RaceForRows, type RawResult, type ResultRow } from "./race-rows";
import { searchTextOf } from "./search-text";
import { only } from "../lists";

const at = new Date("2026-05-03T10:00:00Z");
const race: RaceForRows = { id: "race-1", eventId: "event-1", rankBy: "net", ageGroupBounds: [18, 40], raceDate: "2026-05-03" };

function raw(bib: string, fields: Partial<RawResult> = {}): RawResult {
  return {
    id: `result-${bib}`,
    bib,
    source: "file",
    fileName: null,
    fileGender: null,
    fileAge: null,
    fileBirthDate: null,
    status: "finished",
    gunTimeMs: null,
    netTimeMs: null,
    splits: [],
    createdAt: at,
    updatedAt: at,
    ...fields,
  };
}

const anna: EntryForResult = { id: "entry-anna", raceId: "race-1", bib: "12", familyName: "Müller", givenName: "Anna", latinName: null, gender: "F", birthDate: "1980-05-04" };
const wei: EntryForResult = { id: "entry-wei", raceId: "race-2", bib: "7", familyName: "张", givenName: "伟", latinName: "Zhang Wei", gender: "M", birthDate: "1990-01-01" };

describe("buildRaceRows", () => {
  it("is typed as the results table's row", () => {
    expectTypeOf<ResultRow>().toEqualTypeOf<Schema["results"]["$inferSelect"]>();
  });

  it("ranks the race, takes an entry's details for its bib and the file's otherwise", () => {
    const rows = buildRaceRows(
      race,
      [
        raw("7", { fileName: "Wrong Race", fileGender: "M", fileAge: 30, netTimeMs: 3_500_000 }),
        raw("12", { fileName: "As Typed", fileGender: "M", fileAge: 20, netTimeMs: 3_600_000 }),
        raw("3", { status: "dnf", fileName: "Li Lei", fileGender: "M", fileAge: 50 }),
        raw("5", { fileName: "Ma Li", fileGender: "F", fileAge: 41, netTimeMs: 3_400_000 }),
      ],
      new Map([
        ["12", anna],
        ["7", wei],
      ]),
    );
    expect(rows.map((r) => [r.position, r.bib, r.placeOverall])).toEqual([
      [1, "5", 1],
      [2, "7", 2],
      [3, "12", 3],
      [4, "3", null],
    ]);
    const byBib = new Map(rows.map((r) => [r.bib, r]));
    // Bib 12 belongs to an entry of this race: its name (given name first, a Western name), gender and age on race day.
    expect(byBib.get("12")).toMatchObject({ registrationId: "entry-anna", name: "Anna Müller", gender: "F", age: 45, ageGroup: "F40+", placeGender: 2, eventId: "event-1", raceId: "race-1" });
    expect(byBib.get("12")!.searchText).toBe(searchTextOf({ bib: "12", name: "Anna Müller", latinName: null }));
    // Bib 7's entry runs another race: the file's details stay.
    expect(byBib.get("7")).toMatchObject({ registrationId: null, name: "Wrong Race", latinName: null, age: 30, ageGroup: "M18-39" });
    expect(byBib.get("3")).toMatchObject({ status: "dnf", rankTimeMs: null, placeOverall: null, age: 50, ageGroup: "M40+" });
  });

  it("takes a Chinese entry's name family name first and keeps its Latin name", () => {
    const [row] = buildRaceRows({ ...race, id: "race-2" }, [raw("7", { netTimeMs: 3_000_000 })], new Map([["7", wei]]));
    expect(row).toMatchObject({ name: "张伟", latinName: "Zhang Wei", registrationId: "entry-wei", position: 1 });
  });
});

describe("rowChanged and rawChanged", () => {
  it("see a change in a derived or a raw field, and not in timestamps alone", () => {
    const row = only(buildRaceRows(race, [raw("5", { netTimeMs: 3_400_000 })], new Map()));
    expect(rowChanged(row, { ...row, updatedAt: new Date(0), createdAt: new Date(0) })).toBe(false);
    expect(rowChanged(row, { ...row, placeOverall: 2 })).toBe(true);
    expect(rowChanged(row, { ...row, splits: [{ label: "5k", elapsedMs: 1 }] })).toBe(true);
    const stored = raw("5", { netTimeMs: 3_400_000 });
    expect(rawChanged(stored, { ...stored })).toBe(false);
    expect(rawChanged(stored, { ...stored, netTimeMs: 3_400_001 })).toBe(true);
    expect(rawChanged(stored, { ...stored, source: "reads" })).toBe(true);
  });
});
