// The numbers the README and docs state about the suite come from the code: the tests `vftest list` would list
// (by directory) and the embedded cloud's fault registry. A doc that drifts fails here, naming the line to fix.
// (The number of skips on a healthy cloud can only be counted by running the suite: the e2e run checks it.)

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import { DEFAULT_SUITE_DIRS, findSuiteFiles, loadSuite } from "../../../lib/runner/select.js";
import { FAULT_PROFILES } from "../../../sim/faults.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), "utf8");

function stated(file: string, pattern: RegExp): number[] {
  const m = pattern.exec(read(file));
  expect(m, `${file} no longer says ${pattern} — keep the count there or update this test`).to.not.equal(null);
  return m!.slice(1).map(Number);
}

describe("counts in the README and docs", function () {
  this.timeout(60_000);
  let api = 0;
  let scenario = 0;
  before(async () => {
    const files = findSuiteFiles(DEFAULT_SUITE_DIRS, ROOT);
    const { tests } = await loadSuite({ files, rootDir: ROOT, cacheBust: true });
    api = tests.filter((t) => t.id.startsWith("vftest.api.")).length;
    scenario = tests.filter((t) => t.id.startsWith("vftest.scenario.")).length;
  });

  it("README: tests, API and scenario tests", () => {
    const re = /(\d+) tests, each with a stable UUID\. API \((\d+)\):[\s\S]*?Scenarios \((\d+)\)/;
    expect(stated("README.md", re)).to.deep.equal([api + scenario, api, scenario]);
  });

  it("docs/tests.md: tests, API and scenario tests", () => {
    const re = /(\d+) tests: (\d+) API tests \(`tests\/api\/`\) and (\d+) scenario tests/;
    expect(stated("docs/tests.md", re)).to.deep.equal([api + scenario, api, scenario]);
  });

  it("docs/embedded-cloud.md: the suite size", () => {
    expect(stated("docs/embedded-cloud.md", /`npm start` is `vftest run`: (\d+) tests/)).to.deep.equal([
      api + scenario,
    ]);
  });

  it("README: fault profiles, bugs and transient ones", () => {
    const bugs = FAULT_PROFILES.filter((f) => f.kind === "bug").length;
    const transient = FAULT_PROFILES.filter((f) => f.kind === "transient").length;
    expect(stated("README.md", /its (\d+) fault profiles \((\d+) bugs, (\d+) transient/)).to.deep.equal([
      FAULT_PROFILES.length,
      bugs,
      transient,
    ]);
  });
});
