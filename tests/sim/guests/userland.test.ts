import { createHash } from "node:crypto";
import * as fs from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { dd } from "../../../sim/userland/commands/dd.js";
import { fileCommands } from "../../../sim/userland/commands/files.js";
import { findmnt } from "../../../sim/userland/commands/findmnt.js";
import { miscCommands } from "../../../sim/userland/commands/misc.js";
import { testCommand } from "../../../sim/userland/commands/test.js";
import { textCommands } from "../../../sim/userland/commands/text.js";
import { parseScript } from "../../../sim/userland/parse.js";
import { Shell } from "../../../sim/userland/shell.js";
import { type MountResolution, VirtualFs } from "../../../sim/userland/vfs.js";
import { tempDir } from "../hosts/fakes.js";

describe("sim userland: shell and commands", () => {
  let root: string;
  let share: string;
  let resolution: MountResolution;
  let vfs: VirtualFs;

  async function sh(script: string, stdin = "") {
    const shell = new Shell({
      fs: vfs,
      commands: {
        ...fileCommands,
        ...textCommands,
        ...miscCommands({ hostname: () => "box", kernel: "6.8.0" }),
        dd,
        test: testCommand(false),
        "[": testCommand(true),
        findmnt: findmnt(() => [{ source: "tag", target: "/mnt/s", fstype: "virtiofs", options: "rw,relatime" }]),
      },
      env: { HOME: "/root" },
      cwd: "/root",
    });
    const r = await shell.exec(script, Buffer.from(stdin));
    return { out: r.stdout.toString(), err: r.stderr.toString(), code: r.exitCode };
  }

  beforeEach(() => {
    const base = tempDir("userland");
    root = join(base, "root");
    share = join(base, "share");
    for (const d of ["root", "mnt/s", "etc", "dev", "proc"]) fs.mkdirSync(join(root, d), { recursive: true });
    fs.mkdirSync(share);
    resolution = { dir: share, readOnly: false };
    vfs = new VirtualFs({
      rootDir: root,
      mounts: () => [{ target: "/mnt/s", readOnly: false, resolve: () => resolution }],
      specials: {
        "/dev/null": { kind: "char", writable: true, read: () => Buffer.alloc(0) },
        "/dev/zero": { kind: "char", writable: true, read: (n) => Buffer.alloc(n ?? 16) },
      },
    });
  });
  afterEach(() => fs.rmSync(join(root, ".."), { recursive: true, force: true }));

  it("parses lists, pipelines and redirections", () => {
    const items = parseScript("a x 2>/dev/null | b > f && c || d; e >> g < h 2>&1", {});
    expect(items.map((i) => i.connector)).to.deep.equal([";", "&&", "||", ";"]);
    expect(items[0].pipeline.commands[0]).to.deep.equal({
      words: ["a", "x"],
      redirects: [{ fd: 2, op: ">", target: "/dev/null" }],
    });
    expect(items[3].pipeline.commands[0].redirects).to.deep.equal([
      { fd: 1, op: ">>", target: "g" },
      { fd: 0, op: "<", target: "h" },
      { fd: 2, op: ">&", target: "1" },
    ]);
    expect(() => parseScript("a &&", {})).to.throw(/unexpected end/);
    expect(() => parseScript("| a", {})).to.throw(/syntax error/);
  });

  it("runs ; && || with the right statuses, and reports syntax errors with exit 2", async () => {
    expect(await sh("false && echo no || echo yes; echo $HOME")).to.deep.equal({
      out: "yes\n/root\n",
      err: "",
      code: 0,
    });
    expect((await sh("true; false")).code).to.equal(1);
    expect((await sh("echo a && exit 3; echo b")).code).to.equal(3);
    expect((await sh("echo (x)")).code).to.equal(2);
  });

  it("pipes, redirects stdout/stderr and reads stdin", async () => {
    expect((await sh("printf 'b\\na\\nb\\n' | grep -c b")).out).to.equal("2\n");
    await sh("echo one > f; echo two >> f");
    expect((await sh("cat < f")).out).to.equal("one\ntwo\n");
    expect(await sh("cat nope 2>/dev/null; echo $?")).to.include({ err: "" });
    expect((await sh("cat nope 2>&1 | wc -l")).out).to.equal("1\n");
    expect((await sh("cat nope > out 2>&1; cat out")).out).to.equal("cat: nope: No such file or directory\n");
    expect((await sh("sha256sum", "abc")).out).to.equal(`${createHash("sha256").update("abc").digest("hex")}  -\n`);
    expect((await sh("md5sum -", "abc")).out).to.equal(`${createHash("md5").update("abc").digest("hex")}  -\n`);
  });

  it("echo, printf, uname, id, hostname, sudo, sh -c", async () => {
    expect((await sh("echo -n a; echo -e 'b\\tc'")).out).to.equal("ab\tc\n");
    expect((await sh("printf '%s=%d\\n' a 1 b 2")).out).to.equal("a=1\nb=2\n");
    expect((await sh("uname -a")).out).to.match(/^Linux box 6\.8\.0 .*x86_64 GNU\/Linux\n$/);
    expect((await sh("sudo -n id")).out).to.equal("uid=0(root) gid=0(root) groups=0(root)\n");
    expect((await sh("sh -c 'hostname; echo $1' zero one")).out).to.equal("box\none\n");
    expect((await sh("echo ok | sh -c 'cat'")).out).to.equal("ok\n");
    expect(await sh("nosuch arg")).to.deep.equal({ out: "", err: "sh: nosuch: command not found\n", code: 127 });
  });

  it("dd writes N blocks from /dev/zero, reads a file into another, and reports records", async () => {
    const r = await sh("dd if=/dev/zero of=/mnt/s/z bs=1K count=3");
    expect(r.code).to.equal(0);
    expect(r.err).to.match(/^3\+0 records in\n3\+0 records out\n3072 bytes copied/);
    expect(fs.statSync(join(share, "z")).size).to.equal(3072);
    expect((await sh("dd if=/mnt/s/z of=copy bs=1024 status=none && stat -c '%s %n' copy")).out).to.equal(
      "3072 copy\n",
    );
  });

  it("ls, stat, mkdir -p, touch, rm -rf, cp, mv, test", async () => {
    await sh("mkdir -p a/b/c && touch a/b/c/f && echo hi > a/x");
    expect((await sh("ls a")).out).to.equal("b\nx\n");
    expect((await sh("ls -l a")).out).to.match(/^total 8\ndrwx.* b\n-rw.* +3 .* x\n$/);
    expect((await sh("stat -c '%s %a %F' a/x")).out).to.match(/^3 6\d\d regular file\n$/);
    expect((await sh("mkdir a")).err).to.equal("mkdir: cannot create directory 'a': File exists\n");
    expect((await sh("rm a")).err).to.equal("rm: cannot remove 'a': Is a directory\n");
    expect((await sh("cp a/x y && mv y z && cat z && test -e y || echo gone")).out).to.equal("hi\ngone\n");
    expect((await sh("rm -rf a nope && [ ! -e a ] && echo removed")).out).to.equal("removed\n");
    expect((await sh("[ -d /mnt/s ] && [ 3 -gt 2 ] && test -z '' && echo ok")).out).to.equal("ok\n");
    expect((await sh("ls *")).out).to.equal("z\n");
  });

  it("findmnt filters by target and exits 1 on no match", async () => {
    expect((await sh("findmnt -n -o SOURCE -T /mnt/s/deep")).out).to.equal("tag\n");
    expect((await sh("findmnt /nope")).code).to.equal(1);
  });

  it("turns share resolution errors into errno messages at each operation", async () => {
    await sh("echo data > /mnt/s/f");
    resolution = { error: "Permission denied: revoked" };
    expect((await sh("cat /mnt/s/f")).err).to.equal("cat: /mnt/s/f: Permission denied\n");
    resolution = { error: "Input/output error: not mounted" };
    expect((await sh("ls /mnt/s")).err).to.equal("ls: cannot access '/mnt/s': Input/output error\n");
    resolution = { dir: share, readOnly: true };
    expect((await sh("cat /mnt/s/f")).out).to.equal("data\n");
    expect((await sh("rm /mnt/s/f")).err).to.equal("rm: cannot remove '/mnt/s/f': Read-only file system\n");
    expect((await sh("echo x >> /mnt/s/f")).err).to.equal("sh: 1: cannot create /mnt/s/f: Read-only file system\n");
    expect((await sh("rmdir /mnt/s")).err).to.equal("rmdir: failed to remove '/mnt/s': Device or resource busy\n");
  });

  it("never leaves the root or the share: .. is virtual, symlinks out are refused", async () => {
    fs.symlinkSync("/", join(root, "root", "out"));
    expect((await sh("ls /root/out/")).err).to.equal("ls: cannot access '/root/out/': Permission denied\n");
    expect((await sh("echo x > /root/out/tmp/pwned")).code).to.equal(2);
    expect((await sh("cat ../../../../../etc/hostname")).err).to.equal(
      "cat: ../../../../../etc/hostname: No such file or directory\n",
    );
  });
});
