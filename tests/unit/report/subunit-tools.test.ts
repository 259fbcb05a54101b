// Validates the reporter's stream with the real python-subunit tools (Debian packages `subunit` and
// `python3-subunit`). They run under /usr/bin/python3; the python3 first on PATH may be another interpreter.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { expect } from "chai";
import { requireDebianTools } from "../../helpers/debian-tools.js";
import { UUIDS } from "./fixtures/uuids.js";
import { runFixture } from "./run-fixture.js";

const TOOLS = [
  { tool: "/usr/bin/subunit-stats", pkg: "subunit" },
  { tool: "/usr/bin/subunit-ls", pkg: "subunit" },
  { tool: "/usr/bin/subunit2junitxml", pkg: "subunit" },
  { tool: "py:subunit", pkg: "python3-subunit" },
  // subunit2junitxml imports it, but Debian's subunit package does not depend on it.
  { tool: "py:junitxml", pkg: "python3-junitxml" },
];

function tool(bin: string, input: Buffer): { stdout: string; status: number | null; stderr: string } {
  const r = spawnSync(bin, [], { input, encoding: "buffer", timeout: 60_000 });
  return { stdout: r.stdout.toString("utf8"), stderr: r.stderr.toString("utf8"), status: r.status };
}

describe("subunit stream checked by python-subunit tools", () => {
  let stream: Buffer;

  before(async function () {
    requireDebianTools(this, TOOLS);
    stream = fs.readFileSync((await runFixture()).subunitPath);
  });

  it("subunit-stats totals match the run", () => {
    const r = tool("/usr/bin/subunit-stats", stream);
    expect(r.stderr, "subunit-stats should parse without errors").to.equal("");
    expect(r.stdout).to.match(/Total tests:\s+6\n/);
    expect(r.stdout).to.match(/Passed tests:\s+1\n/);
    expect(r.stdout).to.match(/Failed tests:\s+2\n/);
    expect(r.stdout).to.match(/Skipped tests:\s+3\n/);
    expect(r.stdout).to.match(/Seen tags: .*worker-0/);
    expect(r.stdout).to.include("smoke");
  });

  it("subunit-ls lists every test id", () => {
    const r = tool("/usr/bin/subunit-ls", stream);
    expect(r.stderr, "subunit-ls should parse without errors (it exits 1 when the run has failures)").to.equal("");
    const ids = r.stdout.trim().split("\n");
    expect(ids).to.have.length(6);
    for (const uuid of Object.values(UUIDS))
      expect(
        ids.some((id) => id.endsWith(`[id-${uuid}]`)),
        uuid,
      ).to.equal(true);
  });

  it("subunit2junitxml converts it, with the traceback and the skip reasons", () => {
    const r = tool("/usr/bin/subunit2junitxml", stream);
    expect(r.stderr, "subunit2junitxml should parse without errors").to.equal("");
    expect(r.stdout).to.match(/<testsuite errors="0" failures="2" name="" tests="6"/);
    expect(r.stdout).to.include("request-id req-0123abcd-0000-4000-8000-000000000001");
    expect(r.stdout).to.include("<skipped>needs 2 compute hosts, found 1</skipped>");
    expect(r.stdout).to.include("<skipped>skipped without a reason</skipped>");
  });
});
