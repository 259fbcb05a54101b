// A test that switches a fault on (withFault) changes the whole embedded cloud: every test running beside it in
// another worker would meet the fault. Such tests must carry the "serial" tag, which makes `--parallel` run them
// alone after the parallel phase.

import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const SUITE_DIRS = ["tests/api", "tests/scenario"];
const DECL = /vfTest\(\s*"([0-9a-f-]{36})",\s*"(\w+)",\s*"[^"]*",\s*\[([^\]]*)\]/g;

/** Each vfTest of `source`: its method, tags and body text (up to the next vfTest). */
function declaredTests(source: string): { method: string; tags: string[]; body: string }[] {
  const found = [...source.matchAll(DECL)];
  return found.map((m, i) => ({
    method: m[2] ?? "",
    tags: [...(m[3] ?? "").matchAll(/"([^"]+)"/g)].map((t) => t[1] ?? ""),
    body: source.slice(m.index, found[i + 1]?.index ?? source.length),
  }));
}

describe("tests that switch faults on run alone", () => {
  it("finds the declarations (the check can fail)", () => {
    const [t] = declaredTests(
      'vfTest(\n "7b725de2-8dc7-4f2f-aae0-fd6ae04c4a1a",\n "test_x",\n "x",\n ["api"],\n async (t) => { await withFault(t, "f"); })',
    );
    expect(t).to.deep.include({ method: "test_x", tags: ["api"] });
    expect(t?.body).to.include("withFault(");
  });

  it("every test that calls withFault is tagged serial", () => {
    const offenders: string[] = [];
    let seen = 0;
    for (const dir of SUITE_DIRS) {
      for (const file of fs.readdirSync(path.join(ROOT, dir)).filter((f) => f.endsWith(".test.ts"))) {
        for (const t of declaredTests(fs.readFileSync(path.join(ROOT, dir, file), "utf8"))) {
          if (!t.body.includes("withFault(")) continue;
          seen += 1;
          if (!t.tags.includes("serial")) offenders.push(`${dir}/${file}: ${t.method} [${t.tags.join(", ")}]`);
        }
      }
    }
    expect(seen, "tests calling withFault").to.be.greaterThan(0);
    expect(offenders, 'add the "serial" tag to these tests').to.deep.equal([]);
  });
});
