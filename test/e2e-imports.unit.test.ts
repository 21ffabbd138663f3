/**
 * A Playwright spec runs in Playwright's own process, where server modules cannot load (`import "server-only"` throws
 * outside a React server build) and have no business anyway. So nothing a spec imports, directly or through other
 * files, may be under server/, db/ or app/: the fixtures specs share live in e2e/fixtures.ts and files like it.
 * e2e/prepare-db.ts and the files it alone uses (paid-entries.ts, bib-event.ts) run under tsx and may seed through
 * the services.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = process.cwd();
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["'](\.{1,2}\/[^"']+)["']|import\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g;

function resolveFile(from: string, spec: string): string | null {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** Every project file `file` imports, transitively, as paths relative to the root. */
function importGraph(file: string): Set<string> {
  const seen = new Set<string>();
  const stack = [path.resolve(ROOT, file)];
  for (let current = stack.pop(); current !== undefined; current = stack.pop()) {
    const rel = path.relative(ROOT, current);
    if (seen.has(rel)) continue;
    seen.add(rel);
    const source = fs.readFileSync(current, "utf8");
    for (const m of source.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2]; // one of the two alternatives matched
      if (spec === undefined) continue;
      const target = resolveFile(current, spec);
      if (target) stack.push(target);
    }
  }
  return seen;
}

const specs = fs.readdirSync(path.join(ROOT, "e2e")).filter((f) => f.endsWith(".spec.ts"));

describe("what Playwright specs import", () => {
  it("finds the specs", () => {
    expect(specs.length).toBeGreaterThan(10);
  });

  for (const spec of specs) {
    it(`${spec} reaches no server, db or app module`, () => {
      const reached = [...importGraph(`e2e/${spec}`)].filter((f) => /^(server|db|app)\//.test(f));
      expect(reached).toEqual([]);
    });
  }

  it("would catch a spec that imports the services through a fixture", () => {
    const reached = [...importGraph("e2e/paid-entries.ts")].filter((f) => /^(server|db|app)\//.test(f));
    expect(reached).toContain("server/payments/confirm-payment.ts");
  });
});
