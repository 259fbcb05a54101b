import { spawnSync } from "node:child_process";
import { expect } from "chai";
import { SshError } from "../../../lib/clients/errors.js";
import { batch } from "../../../lib/clients/ssh-batch.js";
import { cmd, sh } from "../../../lib/clients/ssh-quote.js";
import type { ExecResult } from "../../../lib/clients/ssh-types.js";
import { parseSha256, procMountsPath } from "../../../lib/fixtures/guest.js";

/** Runs a command text the way an SSH exec does: one string for /bin/sh -c. */
function run(text: string): ExecResult {
  const r = spawnSync("/bin/sh", ["-c", text], { encoding: "utf8" });
  return { exitCode: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("batch: several commands in one exec, split back per step", () => {
  it("gives each step its own exit code, stdout and stderr, in order", () => {
    const b = batch([
      { name: "one", command: sh`printf 'a\nb\n'; printf warn >&2` },
      { name: "two", command: sh`printf 'no newline'; exit_code() { return 3; }; exit_code` },
      { name: "three", command: cmd("cat", "/nonexistent/vftest") },
      { name: "four", command: sh`true` },
    ]);
    const steps = b.parse(run(b.command.text), "test");
    expect(steps.get("one")).to.deep.equal({ exitCode: 0, stdout: "a\nb\n", stderr: "warn" });
    expect(steps.get("two")).to.deep.equal({ exitCode: 3, stdout: "no newline", stderr: "" });
    expect(steps.get("three")!.exitCode).to.not.equal(0);
    expect(steps.get("three")!.stderr).to.match(/nonexistent/);
    expect(steps.get("four")).to.deep.equal({ exitCode: 0, stdout: "", stderr: "" });
  });

  it("passes hostile values verbatim (every value quoted) and cannot be fooled by output that looks like a marker", () => {
    const hostile = "x'; echo pwned; '\n$(id)";
    const b = batch(
      [
        { name: "echo", command: cmd("printf", "%s", hostile) },
        // a step that prints a marker with a different nonce: it stays part of its own output
        { name: "fake", command: cmd("printf", "\nvftest-0000 echo 9\n") },
      ],
      "feedc0de",
    );
    const steps = b.parse(run(b.command.text), "test");
    expect(steps.get("echo")!.stdout).to.equal(hostile);
    expect(steps.get("fake")!.stdout).to.equal("\nvftest-0000 echo 9\n");
  });

  it("fails with one clear error when the output stops before a step", () => {
    const b = batch([
      { name: "a", command: sh`true` },
      { name: "b", command: sh`exit 7` },
      { name: "c", command: sh`true` },
    ]);
    const r = run(b.command.text);
    expect(r.exitCode).to.equal(7);
    expect(() => b.parse(r, "guest g1")).to.throw(
      SshError,
      /guest g1: the batched command stopped before step b \(exit 7\)/,
    );
  });

  it("rejects bad or repeated step names", () => {
    expect(() => batch([{ name: "Bad Name", command: sh`true` }])).to.throw(SshError);
    expect(() =>
      batch([
        { name: "a", command: sh`true` },
        { name: "a", command: sh`true` },
      ]),
    ).to.throw(SshError);
    expect(() => batch([])).to.throw(SshError);
  });
});

describe("guest helpers for batched reads", () => {
  it("escapes a path as /proc/mounts prints it", () => {
    expect(procMountsPath("/mnt/a b\\c\td\ne")).to.equal("/mnt/a\\040b\\134c\\011d\\012e");
    expect(procMountsPath("/mnt/vftest/tag-1")).to.equal("/mnt/vftest/tag-1");
  });

  it("parses sha256sum output and names what was printed otherwise", () => {
    const sum = "a".repeat(64);
    expect(parseSha256(`${sum}  /mnt/x\n`, "/mnt/x", "g1")).to.equal(sum);
    expect(() => parseSha256("garbage", "/mnt/x", "g1")).to.throw(/sha256sum \/mnt\/x printed "garbage" in g1/);
  });
});
