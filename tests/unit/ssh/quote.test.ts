import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import {
  cmd,
  isCommand,
  pipeline,
  quote,
  redirect,
  sh,
  sudo,
  toCommand,
  UnsafeShellValueError,
  writeFileCommand,
} from "../../../lib/clients/ssh-quote.js";

/** Run a command line through a real POSIX shell, as the guest's sshd would. */
function runSh(text: string): string {
  return execFileSync("/bin/sh", ["-c", text], { encoding: "utf8" });
}

describe("ssh-quote: commands built from untrusted values", () => {
  let dir: string;
  let marker: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "vftest-quote-"));
    marker = join(dir, "pwned");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const hostile = () => [
    `$(touch ${marker})`,
    `\`touch ${marker}\``,
    `'; touch ${marker}; echo '`,
    `"; touch ${marker}; echo "`,
    `a\nb\n; touch ${marker}`,
    "* ? [a-z] ~ ~root",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal shell parameter expansion is the point
    "$HOME ${PATH} $((1+1))",
    "back\\slash \\' \\\"",
    "& | > < >> 2>&1 ( ) { } !",
    "",
    " leading and trailing ",
    "-n",
    "it's",
    "tab\there",
    "ünïcødé ✓",
  ];

  it("cmd() delivers every hostile argument verbatim and executes none of them", () => {
    const args = hostile();
    const out = runSh(cmd("printf", "%s\\0", ...args).text);
    expect(out.split("\0").slice(0, -1)).to.deep.equal(args);
    expect(existsSync(marker), `injection created ${marker}`).to.equal(false);
  });

  it("sh`` quotes interpolations (strings, numbers, lists) and keeps literal text", () => {
    const args = hostile();
    const c = sh`printf '%s\\0' ${args} ${42} && printf %s ${"$(touch x)"} >/dev/null`;
    const out = runSh(c.text);
    expect(out.split("\0").slice(0, -1)).to.deep.equal([...args, "42"]);
    expect(existsSync(marker)).to.equal(false);
  });

  it("nests Commands without double quoting and wraps them for sh -c / sudo", () => {
    const inner = cmd("printf", "%s", "a'b $(x)");
    expect(runSh(sh`${inner}`.text)).to.equal("a'b $(x)");
    expect(runSh(cmd("sh", "-c", inner.text).text)).to.equal("a'b $(x)");
    expect(sudo(inner).text).to.equal(`sudo -n sh -c ${quote(inner.text)}`);
  });

  it("writeFileCommand and redirect write content verbatim to a hostile path", () => {
    const path = join(dir, "odd name; $(touch pwned) 'q'");
    const content = `line1\n$(touch ${marker})\n'quoted' "dq" \\ end`;
    runSh(writeFileCommand(path, content).text);
    expect(runSh(cmd("cat", path).text)).to.equal(content);
    runSh(redirect(cmd("printf", "%s", "more"), ">>", path).text);
    expect(runSh(pipeline(cmd("cat", path), cmd("wc", "-c")).text).trim()).to.equal(
      String(Buffer.byteLength(`${content}more`)),
    );
    expect(existsSync(marker)).to.equal(false);
  });

  it("leaves safe words bare, quotes the rest, and rejects NUL bytes", () => {
    expect(quote("/mnt/share-1")).to.equal("/mnt/share-1");
    expect(quote("")).to.equal("''");
    expect(quote("a b")).to.equal("'a b'");
    expect(quote("it's")).to.equal(`'it'\\''s'`);
    expect(() => cmd("echo", "a\0b")).to.throw(UnsafeShellValueError, /NUL byte/);
    expect(() => sh`echo ${"x\0"}`).to.throw(UnsafeShellValueError);
  });

  it("toCommand accepts argv arrays and Commands only", () => {
    expect(toCommand(["ls", "-l", "a b"]).text).to.equal("ls -l 'a b'");
    const c = sh`uname -r`;
    expect(toCommand(c)).to.equal(c);
    expect(isCommand("uname -r")).to.equal(false);
    expect(String(c)).to.equal("uname -r");
  });
});
