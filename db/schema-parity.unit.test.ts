/** The two schema files must stay column-for-column identical (docs/decisions/001-one-data-layer-two-engines.md). */
import { getTableColumns, getTableName, is, Table } from "drizzle-orm";
import { getTableConfig as pgConfig } from "drizzle-orm/pg-core";
import { getTableConfig as sqliteConfig } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import * as pg from "./schema.pg";
import * as sqlite from "./schema.sqlite";

function tables(mod: Record<string, unknown>): Map<string, Table> {
  return new Map(Object.entries(mod).filter(([, v]) => is(v, Table)).map(([k, v]) => [k, v as Table]));
}

/** A table one schema file exports, which the other one must export too. */
function tableOf(schema: Map<string, Table>, name: string): Table {
  const table = schema.get(name);
  if (!table) throw new Error(`No table ${name} in this schema file`);
  return table;
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
    expect([...s.keys()].sort()).toEqual([...p.keys()].sort());
  });
  it.each([...p.keys()])("%s has the same columns, nullability, keys and indexes", (name) => {
    expect(getTableName(tableOf(s, name))).toBe(getTableName(tableOf(p, name)));
    expect(shape(tableOf(s, name))).toEqual(shape(tableOf(p, name)));
    const pc = pgConfig(tableOf(p, name) as never);
    const sc = sqliteConfig(tableOf(s, name) as never);
    expect(sc.indexes.map((i) => i.config.name).sort()).toEqual(pc.indexes.map((i) => i.config.name).sort());
    expect(sc.foreignKeys.length).toBe(pc.foreignKeys.length);
    expect(sc.primaryKeys.length).toBe(pc.primaryKeys.length);
  });
});
