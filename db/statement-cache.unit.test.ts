/** The SQLite statement cache (db/client.ts cacheStatements) on a real in-memory database. */
import Sqlite from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { cacheStatements } from "./client";
import { first } from "../core/lists";

function database() {
  const c = cacheStatements(new Sqlite(":memory:"), 3);
  c.exec("create table t (id integer primary key, name text)");
  c.prepare("insert into t (name) values (?)").run("a");
  c.prepare("insert into t (name) values (?)").run("b");
  return c;
}

describe("cacheStatements", () => {
  it("reuses one compiled statement per SQL text", () => {
    const c = database();
    const a = c.prepare("select name from t where id = ?");
    const b = c.prepare("select name from t where id = ?");
    expect(a.raw()).toBe(b.raw());
    expect(a.get(1)).toEqual({ name: "a" });
    expect(b.get(2)).toEqual({ name: "b" });
  });

  it("keeps raw (rows as arrays) and plain use of the same SQL apart", () => {
    const c = database();
    const sql = "select id, name from t order by id";
    expect(c.prepare(sql).raw().all()).toEqual([[1, "a"], [2, "b"]]);
    expect(c.prepare(sql).all()).toEqual([{ id: 1, name: "a" }, { id: 2, name: "b" }]);
    expect(c.prepare(sql).raw().get()).toEqual([1, "a"]);
  });

  it("stays bounded, and still works for statements it dropped", () => {
    const c = database();
    for (let i = 0; i < 10; i++) expect(c.prepare(`select ${i} as n`).get()).toEqual({ n: i });
    expect(c.prepare("select 0 as n").get()).toEqual({ n: 0 });
  });

  it("sees schema changes and leaves pragmas and EXPLAIN alone", () => {
    const c = database();
    const sql = "select * from t where id = 1";
    expect(c.prepare(sql).get()).toEqual({ id: 1, name: "a" });
    c.exec("alter table t add column city text");
    expect(c.prepare(sql).get()).toEqual({ id: 1, name: "a", city: null });
    expect(c.pragma("journal_mode", { simple: true })).toBe("memory");
    const plan = c.prepare("explain query plan select * from t where id = ?").all(1) as { detail: string }[];
    expect(first(plan).detail).toMatch(/USING INTEGER PRIMARY KEY/);
  });
});
