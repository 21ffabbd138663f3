/** The two schema files must stay column-for-column identical (docs/decisions/001-one-data-layer-two-engines.md). */
import { getTableColumns, getTableName, is, Table } from "drizzle-orm";
import { getTableConfig as pgConfig } from "drizzle-orm/pg-core";
import { getTableConfig as sqliteConfig } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import * as pg from "./schema.pg";
import * as sqlite from "./schema.sqlite";

function tables(mod: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(mod).filter(([, v]) => is(v, Table)).map(([k, v]) => [k, v as Table]));
}

function shape(table: Table) {
  return Object.fromEntries(
    Object.entries(getTableColumns(table)).map(([key, c]) => [key, { name: c.name, notNull: c.notNull, primary: c.primary, unique: c.isUnique, hasDefault: c.hasDefault }]),
  );
}

describe("schema parity", () => {
  const p = tables(pg);
  const s = tables(sqlite);
  it("has the same tables", () => {
    expect(Object.keys(s).sort()).toEqual(Object.keys(p).sort());
  });
  it.each(Object.keys(p))("%s has the same columns, nullability, keys and indexes", (name) => {
    expect(getTableName(s[name])).toBe(getTableName(p[name]));
    expect(shape(s[name])).toEqual(shape(p[name]));
    const pc = pgConfig(p[name] as never);
    const sc = sqliteConfig(s[name] as never);
    expect(sc.indexes.map((i) => i.config.name).sort()).toEqual(pc.indexes.map((i) => i.config.name).sort());
    expect(sc.foreignKeys.length).toBe(pc.foreignKeys.length);
    expect(sc.primaryKeys.length).toBe(pc.primaryKeys.length);
  });
});
