// docs/embedded-cloud.md lists every fault profile of the embedded cloud with its kind: a profile added to the
// registry (sim/faults.ts) without a row there, or a row left for a profile that is gone, fails here.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import { FAULT_PROFILES } from "../../../sim/faults.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const DOC = "docs/embedded-cloud.md";

describe("fault profile table in docs/embedded-cloud.md", () => {
  const rows = new Map(
    [...fs.readFileSync(path.join(ROOT, DOC), "utf8").matchAll(/^\| `([a-z0-9-]+)`\s*\| (bug|transient)\s*\|/gm)].map(
      (m) => [m[1]!, m[2]!],
    ),
  );

  it("has a row with the right kind for every profile of sim/faults.ts", () => {
    for (const f of FAULT_PROFILES) expect(rows.get(f.name), `${DOC}: row for ${f.name}`).to.equal(f.kind);
  });

  it("lists no profile the registry does not have", () => {
    const known = new Set(FAULT_PROFILES.map((f) => f.name));
    expect([...rows.keys()].filter((n) => !known.has(n))).to.deep.equal([]);
  });
});
