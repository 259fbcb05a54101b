import { createHmac, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import ssh2 from "ssh2";
import { keyTypeOfBlob, knownHostsName, readKnownKeys, verifyHostKey } from "../../../lib/clients/ssh-known-hosts.js";

function blobOf(publicLine: string): Buffer {
  return Buffer.from(publicLine.split(" ")[1] ?? "", "base64");
}

describe("known_hosts handling", () => {
  let dir: string;
  let path: string;
  const a = ssh2.utils.generateKeyPairSync("ed25519").public;
  const b = ssh2.utils.generateKeyPairSync("ed25519").public;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "vftest-kh-"));
    path = join(dir, "sub", "known_hosts");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("names hosts like OpenSSH and reads the key type from the blob", () => {
    expect(knownHostsName("10.0.0.5", 22)).to.equal("10.0.0.5");
    expect(knownHostsName("10.0.0.5", 2222)).to.equal("[10.0.0.5]:2222");
    expect(keyTypeOfBlob(blobOf(a))).to.equal("ssh-ed25519");
    expect(keyTypeOfBlob(Buffer.alloc(2))).to.equal("unknown");
  });

  it("understands hashed names, comma lists, comments and markers", () => {
    const salt = randomBytes(20);
    const hashed = `|1|${salt.toString("base64")}|${createHmac("sha1", salt).update("10.0.0.9").digest("base64")}`;
    writeFileSync(
      join(dir, "kh"),
      [`# comment`, `@cert-authority * ${a}`, `${hashed} ${a}`, `other,10.0.0.7 ${b}`, ""].join("\n"),
    );
    expect(readKnownKeys(join(dir, "kh"), "10.0.0.9").map((k) => k.line)).to.deep.equal([3]);
    expect(readKnownKeys(join(dir, "kh"), "10.0.0.7").map((k) => k.line)).to.deep.equal([4]);
    expect(readKnownKeys(join(dir, "kh"), "10.0.0.8")).to.deep.equal([]);
  });

  it("accept-new records once, accepts the same key, refuses another", () => {
    expect(verifyHostKey("accept-new", path, "10.0.0.5", 22, blobOf(a))).to.include({ ok: true, recorded: true });
    expect(verifyHostKey("accept-new", path, "10.0.0.5", 22, blobOf(a))).to.include({ ok: true, recorded: false });
    const v = verifyHostKey("accept-new", path, "10.0.0.5", 22, blobOf(b));
    expect(v.ok).to.equal(false);
    if (!v.ok) expect(v.reason).to.include("REMOTE HOST KEY CHANGED").and.include("(line 1)");
    expect(readFileSync(path, "utf8").trim().split("\n")).to.have.length(1);
  });

  it("known-hosts and missing paths refuse, insecure accepts", () => {
    expect(verifyHostKey("known-hosts", path, "h", 22, blobOf(a)).ok).to.equal(false);
    expect(verifyHostKey("accept-new", undefined, "h", 22, blobOf(a)).ok).to.equal(false);
    expect(verifyHostKey("insecure", undefined, "h", 22, blobOf(a)).ok).to.equal(true);
  });
});
