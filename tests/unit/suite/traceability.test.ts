// The suite's own bookkeeping: every spec behaviour is covered by at least one test that exists, and every test
// UUID is unique across the suite (reports stay comparable across vftest versions).

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { SPEC_BEHAVIOURS } from "../../../lib/spec/traceability.js";

const SUITE_DIRS = ["tests/api", "tests/scenario"];

function suiteFiles(): string[] {
  return SUITE_DIRS.flatMap((d) =>
    readdirSync(d, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".test.ts"))
      .map((f) => join(d, f)),
  );
}

/** UUIDs declared with vfTest("<uuid>", ...) in the suite's sources. */
function declaredUuids(): { uuid: string; file: string }[] {
  return suiteFiles().flatMap((file) =>
    [...readFileSync(file, "utf8").matchAll(/vfTest\(\s*"([0-9a-f-]{36})"/g)].map((m) => ({ uuid: m[1]!, file })),
  );
}

describe("suite bookkeeping", () => {
  it("declares at least one test per suite file and no UUID twice", () => {
    const decl = declaredUuids();
    expect(decl.length).to.be.greaterThan(10);
    const seen = new Map<string, string>();
    for (const { uuid, file } of decl) {
      expect(seen.has(uuid), `UUID ${uuid} declared in ${seen.get(uuid)} and again in ${file}`).to.equal(false);
      seen.set(uuid, file);
    }
  });

  it("covers every spec behaviour with tests that exist", () => {
    const uuids = new Set(declaredUuids().map((d) => d.uuid));
    const ids = new Set<string>();
    for (const b of SPEC_BEHAVIOURS) {
      expect(ids.has(b.id), `behaviour id ${b.id} used twice`).to.equal(false);
      ids.add(b.id);
      expect(b.testIds.length, `spec behaviour "${b.id}" has no test`).to.be.greaterThan(0);
      for (const id of b.testIds)
        expect(uuids.has(id), `spec behaviour "${b.id}" names test ${id}, which no vfTest declares`).to.equal(true);
    }
  });

  it("lists every behaviour the issue names", () => {
    const required = [
      "dest-grant-mount",
      "dest-xml-filesystem",
      "lazy-source-cleanup-on-confirm",
      "dest-cleanup-on-revert",
      "source-xml-restored-on-revert",
      "same-host-resize-skip",
      "nfs-rule-window",
      "mapping-status-unchanged",
      "still-blocked-actions",
      "microversion-gate",
      "compute-service-version-gate",
      "partial-failure-cleanup",
      "mount-path-consistency",
    ];
    const have = SPEC_BEHAVIOURS.map((b) => b.id);
    for (const r of required) expect(have, "spec behaviours").to.include(r);
  });
});
