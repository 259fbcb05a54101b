import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { SshCommandError, SshError } from "../../../lib/clients/errors.js";
import { RemoteClient, type RemoteClientOptions } from "../../../lib/clients/ssh.js";
import { checkPrivateKeyFile, generateKeyPair } from "../../../lib/clients/ssh-keys.js";
import { cmd, sh } from "../../../lib/clients/ssh-quote.js";
import { freePort, newHostKey, startTestSshServer, type TestSshServer } from "./ssh-test-server.js";

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    if (e instanceof Error) return e;
    throw new Error(`rejected with a non-Error: ${String(e)}`);
  }
  throw new Error("expected the promise to reject, it resolved");
}

describe("RemoteClient against a local ssh2 server", function () {
  this.timeout(30_000);
  const userKey = generateKeyPair("vftest-unit");
  let dir: string;
  let server: TestSshServer | undefined;
  const clients: RemoteClient[] = [];
  let logs: string[];

  function client(port: number, extra: Partial<RemoteClientOptions> = {}): RemoteClient {
    const c = new RemoteClient({
      host: "127.0.0.1",
      port,
      username: "root",
      privateKey: userKey.privateKey,
      knownHostsPath: join(dir, "known_hosts"),
      sshTimeoutMs: 10_000,
      backoffInitialMs: 20,
      backoffMaxMs: 100,
      log: (l) => logs.push(l),
      label: "unit",
      ...extra,
    });
    clients.push(c);
    return c;
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "vftest-ssh-"));
    logs = [];
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
    await server?.close();
    server = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it("runs commands and returns exit code, stdout and stderr, reusing one connection", async () => {
    server = await startTestSshServer({ authorizedKey: userKey.publicKey });
    const c = client(server.port);
    const ok = await c.exec(sh`printf out; printf err >&2`);
    expect(ok).to.deep.equal({ exitCode: 0, stdout: "out", stderr: "err" });
    const failed = await c.exec(sh`echo nope >&2; exit 3`, { check: false });
    expect(failed.exitCode).to.equal(3);
    expect(failed.stderr).to.equal("nope\n");
    const argv = await c.exec(["printf", "%s|", "a b", "$(id)", "it's"]);
    expect(argv.stdout).to.equal("a b|$(id)|it's|");
    const piped = await c.exec(cmd("cat"), { stdin: "from stdin\n" });
    expect(piped.stdout).to.equal("from stdin\n");
    expect(
      logs.filter((l) => l.includes("connected (attempt")),
      logs.join("\n"),
    ).to.have.length(1);
  });

  it("delivers hostile arguments verbatim through ssh and the remote shell", async () => {
    server = await startTestSshServer({ authorizedKey: userKey.publicKey });
    const marker = join(dir, "pwned");
    const args = [`$(touch ${marker})`, `\`touch ${marker}\``, `'; touch ${marker}; '`, "a\nb", "*", "", "tab\t$HOME"];
    const r = await client(server.port).exec(cmd("printf", "%s\\0", ...args));
    expect(r.stdout.split("\0").slice(0, -1)).to.deep.equal(args);
    expect(existsSync(marker)).to.equal(false);
  });

  it("throws SshCommandError with host, command, exit code and stderr when check is on", async () => {
    server = await startTestSshServer({ authorizedKey: userKey.publicKey });
    const c = client(server.port);
    const e = await rejection(c.exec(cmd("ls", "/no/such/dir")));
    expect(e).to.be.instanceOf(SshCommandError);
    const ce = e as SshCommandError;
    expect(ce.exitCode).to.not.equal(0);
    expect(ce.message)
      .to.include(`root@127.0.0.1:${server.port}`)
      .and.include("ls /no/such/dir")
      .and.include("stderr:");
  });

  it("times out a hung command, then reconnects for the next one", async () => {
    server = await startTestSshServer({ authorizedKey: userKey.publicKey });
    const c = client(server.port);
    const e = await rejection(c.exec(sh`sleep 30`, { timeoutMs: 300 }));
    expect(e).to.be.instanceOf(SshError);
    expect(e.message).to.match(/did not finish within 300 ms: sleep 30/);
    expect((await c.exec(sh`echo back`)).stdout).to.equal("back\n");
  });

  it("reconnects when the server dropped the cached connection", async () => {
    const hostKey = newHostKey();
    server = await startTestSshServer({ authorizedKey: userKey.publicKey, hostKey });
    const port = server.port;
    const c = client(port);
    await c.exec(sh`true`);
    await server.close(); // ends the client's connection too
    server = await startTestSshServer({ authorizedKey: userKey.publicKey, hostKey, port });
    expect((await c.exec(sh`echo again`)).stdout).to.equal("again\n");
    expect(
      logs.filter((l) => l.includes("connected (attempt")),
      logs.join("\n"),
    ).to.have.length(2);
  });

  it("retries until the server starts listening", async () => {
    const port = await freePort();
    const c = client(port);
    const started = new Promise<void>((resolve) => {
      setTimeout(() => {
        void startTestSshServer({ authorizedKey: userKey.publicKey, port }).then((s) => {
          server = s;
          resolve();
        });
      }, 400);
    });
    const r = await c.exec(sh`echo up`);
    await started;
    expect(r.stdout).to.equal("up\n");
    expect(
      logs.some((l) => /attempt 1 failed: ECONNREFUSED; retrying in/.test(l)),
      logs.join("\n"),
    ).to.equal(true);
  });

  it("gives up after sshTimeoutMs naming host, user, attempts and the last cause", async () => {
    const port = await freePort();
    const c = client(port, { sshTimeoutMs: 600 });
    const e = await rejection(c.exec(sh`true`));
    expect(e).to.be.instanceOf(SshError);
    expect(e.message).to.match(
      new RegExp(
        `^ssh root@127\\.0\\.0\\.1:${port}: could not connect within 600 ms after \\d+ attempts; last error: ECONNREFUSED$`,
      ),
    );
  });

  it("reports a rejected key as an authentication failure without leaking the key", async () => {
    server = await startTestSshServer({ authorizedKey: userKey.publicKey });
    const other = generateKeyPair();
    const c = client(server.port, { privateKey: other.privateKey, sshTimeoutMs: 300 });
    const e = await rejection(c.exec(sh`true`));
    expect(e.message).to.include("authentication failed for user root").and.include("authorized_keys");
    const keyBody = other.privateKey.split("\n")[1] ?? "";
    expect(e.message).to.not.include(keyBody);
    expect(logs.join("\n")).to.not.include(keyBody);
  });

  it("accept-new records the host key, then refuses a changed key at once", async () => {
    server = await startTestSshServer({ authorizedKey: userKey.publicKey });
    const port = server.port;
    await client(port).exec(sh`true`);
    const known = readFileSync(join(dir, "known_hosts"), "utf8");
    expect(known).to.equal(`[127.0.0.1]:${port} ${server.hostPublicKey.split(" ").slice(0, 2).join(" ")}\n`);
    await client(port).exec(sh`true`); // same key: accepted
    for (const c of clients.splice(0)) await c.close();
    await server.close();
    server = await startTestSshServer({ authorizedKey: userKey.publicKey, port });
    const e = await rejection(client(port, { sshTimeoutMs: 60_000 }).exec(sh`true`));
    expect(e).to.be.instanceOf(SshError);
    expect(e.message).to.include("REMOTE HOST KEY CHANGED").and.include(`ssh-keygen -R '[127.0.0.1]:${port}'`);
    expect(
      logs.some((l) => l.includes("retrying")),
      "a changed host key must not be retried",
    ).to.equal(false);
  });

  it("known-hosts requires the key to be present", async () => {
    server = await startTestSshServer({ authorizedKey: userKey.publicKey });
    const c = client(server.port, { hostKeyPolicy: "known-hosts" });
    const e = await rejection(c.exec(sh`true`));
    expect(e.message).to.match(/is not in .*known_hosts/);
    writeFileSync(join(dir, "known_hosts"), `[127.0.0.1]:${server.port} ${server.hostPublicKey}\n`);
    expect((await client(server.port, { hostKeyPolicy: "known-hosts" }).exec(sh`echo ok`)).stdout).to.equal("ok\n");
  });

  it("checks private key file permissions and loads a 0600 key file", async () => {
    server = await startTestSshServer({ authorizedKey: userKey.publicKey });
    const path = join(dir, "id_ed25519");
    writeFileSync(path, userKey.privateKey, { mode: 0o644 });
    chmodSync(path, 0o644);
    expect(() => checkPrivateKeyFile(path)).to.throw(SshError, /permissions 0644.*chmod 600/);
    expect(() => client(server!.port, { privateKey: undefined, privateKeyPath: path })).to.throw(/chmod 600/);
    chmodSync(path, 0o600);
    const c = client(server.port, { privateKey: undefined, privateKeyPath: path });
    expect((await c.exec(sh`echo key`)).stdout).to.equal("key\n");
    expect(() => checkPrivateKeyFile(join(dir, "missing"))).to.throw(SshError, /cannot be read \(ENOENT\)/);
  });

  it("rejects an unparsable key with a hint and no key material", () => {
    expect(() =>
      client(22, { privateKey: "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI\n-----END PRIVATE KEY-----\n" }),
    ).to.throw(SshError, /PKCS#8/);
  });
});
