/**
 * The layer rules of eslint.config.mjs (docs/architecture.md "Layers") catch what they are for: each forbidden
 * import is an error in the folder it is forbidden in, and the same import is fine where it is allowed.
 */
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";
import { first } from "../core/lists";

const eslint = new ESLint({ cwd: process.cwd() });

async function layerErrors(filePath: string, source: string): Promise<string[]> {
  const result = first(await eslint.lintText(source, { filePath }));
  return result.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

const cases: [file: string, source: string][] = [
  ["core/pricing-extra.ts", `import { getConnection } from "../server/db";`],
  ["core/results/extra.ts", `import { schema } from "../../db/schema.pg";`],
  ["core/extra.ts", `import { cache } from "react";`],
  ["core/extra.ts", `import { eq } from "drizzle-orm";`],
  ["core/extra.ts", `import { createHash } from "node:crypto";`],
  ["core/extra.ts", `import { NextResponse } from "next/server";`],
  ["core/extra.ts", `import { env } from "@/server/env";`],
  ["db/extra.ts", `import { env } from "../server/env";`],
  ["db/extra.ts", `import { seedDemoEvent } from "../scripts/seed";`],
  ["db/extra.ts", `import { participant } from "../test/factories";`],
  ["server/registration/extra.ts", `import { Page } from "../../app/[locale]/page";`],
  ["server/extra.ts", `import { DataTable } from "../components/admin/data-table";`],
  ["server/bibs/extra.ts", `import { insertSyntheticEntries } from "../../test/synthetic-entries";`],
  ["app/[locale]/extra.tsx", `import type { EventStatus } from "@/db/schema.pg";`],
  ["app/admin/extra.ts", `import { getConnection } from "@/server/db";`],
  ["components/admin/extra.tsx", `import { schema } from "../../db/schema.sqlite";`],
];

describe("layer rules", () => {
  // Loading the whole config (Next's and the TypeScript parser's) takes seconds on a busy machine: once, up front.
  beforeAll(async () => {
    await layerErrors("core/warm-up.ts", "export {};");
  }, 120_000);

  for (const [file, source] of cases) {
    it(`refuses ${source} in ${file}`, async () => {
      expect(await layerErrors(file, source)).toHaveLength(1);
    });
  }

  it("allows the same imports where the layers allow them", async () => {
    expect(await layerErrors("server/extra.ts", `import { getConnection } from "./db";\nimport { eq } from "drizzle-orm";\nimport { createHash } from "node:crypto";`)).toEqual([]);
    expect(await layerErrors("db/extra.ts", `import { GENDERS } from "../core/domain";\nimport { eq } from "drizzle-orm";`)).toEqual([]);
    expect(await layerErrors("core/extra.ts", `import { z } from "zod";\nimport { DateTime } from "luxon";\nimport { GENDERS } from "./domain";`)).toEqual([]);
    expect(await layerErrors("app/admin/extra.ts", `import { listRegistrations } from "@/server/registration/list-registrations";\nimport type { Gender } from "@/core/domain";`)).toEqual([]);
    // Tests are not a layer: a core test may read its fixture files.
    expect(await layerErrors("core/results/extra.test.ts", `import fs from "node:fs";`)).toEqual([]);
  });
});
