// What a run stopped before its cleanup finished can say it left: the cleanup stacks' resources (the step running
// now included, cancelled and finished steps not), the registry's union, and leftovers.json read back for
// `vftest cleanup --from`.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { CleanupStack } from "../../../lib/common/cleanup.js";
import { leftoversOf, readLeftoversFile, writeLeftoversFile } from "../../../lib/common/leftovers-file.js";
import { CleanupRegistry } from "../../../lib/common/signal-cleanup.js";

const server = { type: "server", name: "vftest-t-server-1", id: "srv-1" } as const;
const share = { type: "share", name: "vftest-t-share-1", id: "sh-1" } as const;
const key = { type: "keypair", name: "vftest-w0-key", id: "vftest-w0-key", userId: "u-1" } as const;

describe("cleanup stacks: what they still hold", () => {
  it("lists pending resources in deletion order, the running step included, cancelled and done steps not", async () => {
    const stack = new CleanupStack();
    stack.defer("delete share", () => undefined, share);
    stack.defer("note", () => undefined);
    const cancelled = stack.defer("delete other", () => undefined, { type: "share", name: "x", id: "sh-2" });
    let release: () => void = () => undefined;
    stack.defer("delete server", () => new Promise<void>((r) => (release = r)), server);
    cancelled.cancel();
    expect(stack.resources()).to.deep.equal([server, share]);
    const running = stack.runAll();
    await new Promise((r) => setImmediate(r));
    expect(stack.resources(), "the server is not gone until its step returns").to.deep.equal([server, share]);
    release();
    await running;
    expect(stack.resources()).to.deep.equal([]);
  });

  it("the registry lists every registered stack's resources once, newest stack first", () => {
    const registry = new CleanupRegistry();
    const worker = new CleanupStack();
    worker.defer("delete keypair", () => undefined, key);
    const test = new CleanupStack();
    test.defer("delete share", () => undefined, share);
    test.defer("delete server", () => undefined, server);
    registry.add(worker);
    const off = registry.add(test);
    registry.add(test);
    expect(registry.resources()).to.deep.equal([server, share, key]);
    off();
    expect(registry.resources()).to.deep.equal([key]);
  });
});

describe("leftovers.json", () => {
  it("round-trips, and becomes the deleter's input (keypair owners only for the admin)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vftest-leftovers-"));
    writeLeftoversFile(dir, { runId: "r1", command: "vftest cleanup --from x", resources: [server, share, key] });
    const back = readLeftoversFile(dir);
    expect(back).to.deep.equal({ runId: "r1", resources: [server, share, key] });
    const admin = leftoversOf(back.resources, { owners: true });
    expect(admin.servers).to.deep.equal([{ id: "srv-1", name: "vftest-t-server-1" }]);
    expect(admin.shares).to.deep.equal([{ id: "sh-1", name: "vftest-t-share-1" }]);
    expect(admin.keypairs).to.deep.equal([{ id: "vftest-w0-key", name: "vftest-w0-key", userId: "u-1" }]);
    expect(leftoversOf(back.resources, { owners: false }).keypairs[0]).to.not.have.property("userId");
    fs.rmSync(dir, { recursive: true });
  });

  it("a missing or foreign file is one clear error", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vftest-leftovers-"));
    expect(() => readLeftoversFile(dir)).to.throw(/cannot read .*leftovers\.json.*--from takes the results directory/);
    fs.writeFileSync(path.join(dir, "leftovers.json"), JSON.stringify({ resources: [{ type: "volume", id: "v" }] }));
    expect(() => readLeftoversFile(dir)).to.throw(/is not a vftest leftovers\.json/);
    fs.rmSync(dir, { recursive: true });
  });
});
