import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import { NotFoundError } from "../../../lib/clients/errors.js";
import { CleanupStack, withCleanup } from "../../../lib/common/cleanup.js";
import { CleanupError } from "../../../lib/common/errors.js";
import { CleanupRegistry, installSignalCleanup } from "../../../lib/common/signal-cleanup.js";

const notFound = () =>
  new NotFoundError({ method: "DELETE", url: "http://127.0.0.1/servers/x", status: 404, cloudMessage: "gone" });

describe("CleanupStack", () => {
  let logs: string[];
  let order: string[];
  let stack: CleanupStack;
  beforeEach(() => {
    logs = [];
    order = [];
    stack = new CleanupStack({ name: "test t1", log: (l) => logs.push(l) });
  });

  it("runs LIFO, skips cancelled steps, and is idempotent", async () => {
    stack.defer("delete share", () => order.push("share"));
    const h = stack.defer("detach", () => order.push("detach"));
    stack.defer("delete server", async () => {
      order.push("server");
    });
    h.cancel();
    expect(stack.pending()).to.deep.equal(["delete server", "delete share"]);
    await Promise.all([stack.runAll(), stack.runAll()]);
    await stack.runAll();
    expect(order).to.deep.equal(["server", "share"]);
    expect(logs).to.deep.equal(["cleanup (test t1): delete server", "cleanup (test t1): delete share"]);
  });

  it("treats 404 as already gone, runs every step, and throws one error listing the failures", async () => {
    stack.defer("delete share sh-1", () => order.push("share"));
    stack.defer("delete keypair", () => {
      throw new Error("keystone said no");
    });
    stack.defer("delete server srv-1", () => {
      throw notFound();
    });
    stack.defer("revoke access", async () => {
      throw new Error("manila 500");
    });
    let err: unknown;
    await stack.runAll().catch((e: unknown) => {
      err = e;
    });
    expect(err).to.be.instanceOf(CleanupError);
    const ce = err as CleanupError;
    expect(ce.failures.map((f) => f.label)).to.deep.equal(["revoke access", "delete keypair"]);
    expect(ce.message)
      .to.include("2 step(s) failed")
      .and.include("revoke access: Error: manila 500")
      .and.include("keystone said no");
    expect(order).to.deep.equal(["share"]);
    expect(logs).to.include("cleanup (test t1): delete server srv-1: already gone (404)");
  });

  it("runs steps deferred during cleanup", async () => {
    stack.defer("outer", () => stack.defer("added while cleaning", () => order.push("late")));
    await stack.runAll();
    expect(order).to.deep.equal(["late"]);
  });

  it("withCleanup runs the stack when the body fails and keeps the body's error", async () => {
    let cleaned = false;
    const e = await withCleanup(async (s) => {
      s.defer("x", () => {
        cleaned = true;
      });
      throw new Error("assertion failed");
    }).catch((err: unknown) => err);
    expect(cleaned).to.equal(true);
    expect((e as Error).message).to.equal("assertion failed");
    expect(await withCleanup(async () => 7)).to.equal(7);
  });
});

describe("signal cleanup", function () {
  this.timeout(60_000);
  const child = fileURLToPath(new URL("./fixtures/signal-child.ts", import.meta.url));
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "vftest-signal-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function start(
    mode: string,
    timeoutMs: number,
  ): {
    proc: ChildProcess;
    output: () => string;
    waitFor: (s: string) => Promise<void>;
    exited: Promise<number | null>;
  } {
    const proc = spawn(process.execPath, ["--import", "tsx", child, join(dir, "marker"), mode, String(timeoutMs)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    const listeners: (() => void)[] = [];
    const onData = (d: Buffer) => {
      out += d.toString();
      for (const l of listeners) l();
    };
    proc.stdout?.on("data", onData);
    proc.stderr?.on("data", onData);
    const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
    const waitFor = (s: string) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (out.includes(s)) resolve();
        };
        listeners.push(check);
        check();
        void exited.then(() =>
          out.includes(s) ? resolve() : reject(new Error(`child exited before printing "${s}":\n${out}`)),
        );
      });
    return { proc, output: () => out, waitFor, exited };
  }

  it("runs registered stacks on SIGINT and exits 130", async () => {
    const c = start("normal", 10_000);
    await c.waitFor("ready");
    c.proc.kill("SIGINT");
    expect(await c.exited, c.output()).to.equal(130);
    expect(readFileSync(join(dir, "marker"), "utf8")).to.equal("cleaned");
    expect(c.output()).to.include("SIGINT received: running 1 cleanup stack(s)").and.include("cleanup finished");
  });

  it("exits 143 on SIGTERM", async () => {
    const c = start("normal", 10_000);
    await c.waitFor("ready");
    c.proc.kill("SIGTERM");
    expect(await c.exited, c.output()).to.equal(143);
    expect(existsSync(join(dir, "marker"))).to.equal(true);
  });

  it("a second signal exits at once while cleanup hangs", async () => {
    const c = start("hang", 600_000);
    await c.waitFor("ready");
    c.proc.kill("SIGINT");
    await c.waitFor("cleanup (child test): hang forever");
    c.proc.kill("SIGINT");
    expect(await c.exited, c.output()).to.equal(130);
    expect(c.output()).to.include("second SIGINT during cleanup");
    expect(existsSync(join(dir, "marker")), "the step after the hung one never ran").to.equal(false);
  });

  it("gives up after the timeout and still exits", async () => {
    const c = start("hang", 200);
    await c.waitFor("ready");
    c.proc.kill("SIGTERM");
    expect(await c.exited, c.output()).to.equal(143);
    expect(c.output()).to.include("cleanup did not finish within 200 ms");
  });

  it("in-process: runs the registry once and reports the exit code", async () => {
    const registry = new CleanupRegistry();
    const ran: string[] = [];
    const s1 = new CleanupStack({ name: "one" });
    s1.defer("a", () => ran.push("one"));
    const s2 = new CleanupStack({ name: "two" });
    s2.defer("b", () => ran.push("two"));
    registry.add(s1);
    registry.add(s2);
    const codes: number[] = [];
    const exited = new Promise<void>((resolve) => {
      const uninstall = installSignalCleanup({
        registry,
        signals: ["SIGUSR2"],
        log: () => undefined,
        exit: (code) => {
          codes.push(code);
          uninstall();
          resolve();
        },
      });
    });
    process.kill(process.pid, "SIGUSR2");
    await exited;
    expect(ran).to.deep.equal(["two", "one"]);
    expect(codes).to.deep.equal([1]);
    expect(registry.list()).to.deep.equal([]);
  });
});
